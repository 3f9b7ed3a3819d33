import { Injectable } from '@nestjs/common';
import type { VillageVisibility } from '@vv/contracts';
import { Database } from '@vv/platform';

/** What `identity.get_village_access` returns: always one row, nulls for what does not exist. */
export interface VillageAccessRow {
  /** Null (with visibility and fixedKey) when there is no such village, or none was asked about. */
  villageId: string | null;
  visibility: VillageVisibility | null;
  fixedKey: string | null;
  /** The actor's role in the village; null when not a member. */
  actorRole: string | null;
  /** The role of the member acted upon (when one was named); null when not a member. */
  userRole: string | null;
  /** Null when the actor's account is gone. */
  actorEmail: string | null;
  /** Metadata `app/roles` as stored; null when the app defines no roles. */
  appRoles: unknown;
  /** Metadata `app/members` as stored; null when absent. */
  appMembers: unknown;
}

/** The only file of the village-access module that calls SQL. */
@Injectable()
export class VillageAccessRepository {
  constructor(private readonly db: Database) {}

  /** Every fact a gate decides with, in one round trip. */
  facts(actorId: string, villageId: string | null, userId?: string): Promise<VillageAccessRow> {
    return this.db.one<VillageAccessRow>('identity.get_village_access', {
      actorId,
      villageId: villageId ?? undefined,
      userId,
    });
  }
}
