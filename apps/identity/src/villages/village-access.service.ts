import { Injectable } from '@nestjs/common';
import { appRolesDocument, decideAccess, type AppRoles } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError } from '@vv/platform';
import { MetadataRepository } from '../metadata/metadata.repository';
import type { VillageAccessRow } from './village-row';
import { VillagesRepository } from './villages.repository';

/** An allowed caller: the village's facts and the app's roles the decision was made with. */
export interface Granted {
  village: VillageAccessRow;
  appRoles: AppRoles;
}

/**
 * The gate of every village command: reads the caller's role from the database on every request
 * (so a role change holds from the next request on) and the app's roles from metadata `app/roles`,
 * then applies libs/access's one decision. A private village is `not_found` to outsiders.
 */
@Injectable()
export class VillageAccess {
  constructor(
    private readonly villages: VillagesRepository,
    private readonly metadata: MetadataRepository,
  ) {}

  /**
   * The caller may do `permission` in the village, or this throws `not_found` / `forbidden`.
   * `userId`: the member acted upon, whose role comes back as `village.userRole`.
   */
  async require(
    villageId: string,
    actorId: string,
    permission: Permission,
    userId?: string,
  ): Promise<Granted> {
    const [village, appRoles] = await Promise.all([
      this.villages.getAccess(villageId, actorId, userId),
      this.appRoles(),
    ]);
    const decision = decideAccess(
      { village: village ?? null, role: village?.actorRole ?? null },
      permission,
      appRoles,
    );
    if (decision === 'not_found' || !village) throw new ServiceError('not_found', 'No such village');
    if (decision === 'forbidden') {
      throw new ServiceError('forbidden', `Your role in this village does not allow ${permission}`);
    }
    return { village, appRoles };
  }

  /** Metadata `app/roles`, read per request; an invalid document counts as none (writes validate it). */
  async appRoles(): Promise<AppRoles> {
    const document = await this.metadata.get('app', 'roles');
    if (!document) return {};
    const parsed = appRolesDocument.safeParse(document.value);
    return parsed.success ? parsed.data : {};
  }
}
