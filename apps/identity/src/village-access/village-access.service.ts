import { Injectable } from '@nestjs/common';
import type { Permission } from '@vv/contracts';
import {
  assertGranted,
  toVillageAccessFacts,
  type Granted,
  type VillageAccessFacts,
} from './village-access.policy';
import { VillageAccessRepository } from './village-access.repository';

/**
 * The one gate of identity's village commands (villages, members, contacts, metadata,
 * invitations). One query reads everything a decision needs on every request (so a role change
 * holds from the next request on): the village, the caller's role, the role of a member acted
 * upon, the caller's email and the app's `app/roles`; libs/access decides. A private village is
 * `not_found` to outsiders. Modules apply their own rules to the facts it returns.
 */
@Injectable()
export class VillageAccess {
  constructor(private readonly repository: VillageAccessRepository) {}

  /**
   * The caller may do `permission` in the village, or this throws `not_found` / `forbidden`.
   * `userId`: the member acted upon, whose role comes back as `userRole`.
   */
  async require(
    villageId: string,
    actorId: string,
    permission: Permission,
    userId?: string,
  ): Promise<Granted> {
    return assertGranted(await this.facts(actorId, villageId, userId), permission);
  }

  /** The facts without a decision, for rules of their own (metadata scopes); `villageId` null: none. */
  async facts(actorId: string, villageId: string | null, userId?: string): Promise<VillageAccessFacts> {
    return toVillageAccessFacts(await this.repository.facts(actorId, villageId, userId));
  }
}
