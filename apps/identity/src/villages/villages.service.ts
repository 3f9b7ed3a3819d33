import { Injectable } from '@nestjs/common';
import type { Membership, Village, VillageVisibility } from '@vv/contracts';
import { decodeCursor, pageOf, ServiceError, timeIdKey } from '@vv/platform';
import { VillageReadsCache } from '../cached-reads/village-reads.cache';
import { VillageAccess } from '../village-access/village-access.service';
import { toMembership, toVillage } from './village-row';
import { VillagesRepository, type VillagePatch } from './villages.repository';

export interface VillageListInput {
  scope: 'mine' | 'public';
  q?: string;
  limit: number;
  cursor?: string;
}

const notFound = (): ServiceError => new ServiceError('not_found', 'No such village');

/** Villages: create, read, update, delete, list, join. Who may do what: VillageAccess. */
@Injectable()
export class VillagesService {
  constructor(
    private readonly repository: VillagesRepository,
    private readonly access: VillageAccess,
    private readonly cached: VillageReadsCache,
  ) {}

  async create(
    actorId: string,
    input: {
      name: string;
      description?: string;
      visibility: VillageVisibility;
      data?: Record<string, unknown>;
    },
  ): Promise<Village> {
    return toVillage(await this.repository.createVillage(actorId, input));
  }

  async get(actorId: string, villageId: string): Promise<Village> {
    const { actorRole } = await this.access.require(villageId, actorId, 'village.read');
    const row = await this.cached.village(villageId, actorRole, () =>
      this.repository.getVillage(villageId, actorId),
    );
    if (!row) throw notFound();
    return toVillage(row);
  }

  async update(actorId: string, villageId: string, patch: VillagePatch): Promise<Village> {
    const { village, actorRole } = await this.access.require(villageId, actorId, 'village.update');
    if (village.fixedKey !== null) {
      throw new ServiceError('forbidden', 'A village the app declares is changed in metadata app/villages');
    }
    const row = await this.repository.updateVillage(villageId, { userId: actorId, role: actorRole }, patch);
    await this.cached.written(villageId);
    return toVillage(row);
  }

  async delete(actorId: string, villageId: string): Promise<void> {
    const { village, actorRole } = await this.access.require(villageId, actorId, 'village.delete');
    if (village.fixedKey !== null) {
      throw new ServiceError('forbidden', 'A village the app declares cannot be deleted');
    }
    await this.repository.deleteVillage(villageId, { userId: actorId, role: actorRole });
    await this.cached.written(villageId);
  }

  async list(
    actorId: string,
    input: VillageListInput,
  ): Promise<{ items: Village[]; nextCursor: string | null }> {
    const query = {
      userId: actorId,
      limit: input.limit,
      q: input.q,
      before: decodeCursor(input.cursor, timeIdKey),
    };
    const rows =
      input.scope === 'mine'
        ? await this.repository.listMine(query)
        : await this.repository.listPublic(query);
    return pageOf(rows, input.limit, (row) => [row.cursorAt, row.id], toVillage);
  }

  /** Joins a public village as member; a member gets their membership back (idempotent). */
  async join(actorId: string, villageId: string): Promise<Membership> {
    await this.access.require(villageId, actorId, 'village.read');
    const membership = await this.repository.joinVillage(villageId, actorId);
    await this.cached.written(villageId);
    return toMembership(membership);
  }
}
