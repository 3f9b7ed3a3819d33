import { Injectable } from '@nestjs/common';
import type { FixedVillage, VillageVisibility } from '@vv/contracts';
import { Database } from '@vv/platform';
import type { TimeIdKey } from '@vv/platform';
import type { MembershipRow, VillageListRow, VillageRow } from './village-row';

export interface VillagePatch {
  name?: string;
  description?: string;
  visibility?: VillageVisibility;
  data?: Record<string, unknown>;
}

export interface VillageListQuery {
  userId: string;
  limit: number;
  q?: string;
  before?: TimeIdKey;
}

/** The role the caller decided with; the write is refused (`conflict`) when it changed since. */
export interface ActingMember {
  userId: string;
  role: string | null;
}

export type FixedVillageOutcome = 'created' | 'updated' | 'unchanged';

/** The only file of the villages module that calls SQL. */
@Injectable()
export class VillagesRepository {
  constructor(private readonly db: Database) {}

  /** The village, its owner membership and both events, in one call. */
  createVillage(
    actorId: string,
    village: {
      name: string;
      description?: string;
      visibility: VillageVisibility;
      data?: Record<string, unknown>;
    },
  ): Promise<VillageRow> {
    return this.db.one<VillageRow>('identity.create_village', { actorId, ...village });
  }

  /** The village as the user sees it; undefined when it does not exist. */
  getVillage(villageId: string, userId: string): Promise<VillageRow | undefined> {
    return this.db.maybeOne<VillageRow>('identity.get_village', { villageId, userId });
  }

  updateVillage(villageId: string, actor: ActingMember, patch: VillagePatch): Promise<VillageRow> {
    return this.db.one<VillageRow>('identity.update_village', {
      villageId,
      actorId: actor.userId,
      actorRole: actor.role,
      ...patch,
    });
  }

  async deleteVillage(villageId: string, actor: ActingMember): Promise<void> {
    await this.db.call('identity.delete_village', {
      villageId,
      actorId: actor.userId,
      actorRole: actor.role,
    });
  }

  listMine(query: VillageListQuery): Promise<VillageListRow[]> {
    return this.db.call<VillageListRow>('identity.list_my_villages', listArgs(query));
  }

  listPublic(query: VillageListQuery): Promise<VillageListRow[]> {
    return this.db.call<VillageListRow>('identity.list_public_villages', listArgs(query));
  }

  /** Joins a public village as member; the existing membership when already a member. */
  joinVillage(villageId: string, userId: string): Promise<MembershipRow> {
    return this.db.one<MembershipRow>('identity.join_village', { villageId, userId });
  }

  /** Upserts the app's fixed villages by key, in one call; what happened to each. */
  syncFixedVillages(
    villages: Array<FixedVillage & { key: string }>,
  ): Promise<Array<{ villageId: string; fixedKey: string; outcome: FixedVillageOutcome }>> {
    return this.db.call('identity.sync_fixed_villages', { villages: JSON.stringify(villages) });
  }
}

const listArgs = (query: VillageListQuery): Record<string, unknown> => ({
  userId: query.userId,
  limit: query.limit + 1,
  q: query.q,
  beforeAt: query.before?.[0],
  beforeId: query.before?.[1],
});
