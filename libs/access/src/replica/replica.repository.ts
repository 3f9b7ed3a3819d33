import type { membershipSnapshotItem, VillageVisibility } from '@vv/contracts';
import type { SqlCaller } from '@vv/platform';
import type { z } from 'zod';
import type { ReplicaChange } from './replica-changes';

/** One item of identity's membership.snapshot. */
export type MembershipSnapshotItem = z.output<typeof membershipSnapshotItem>;

/** What the replica holds for one village and user; revisions are 0 for rows it does not have. */
export interface ReplicaMembership {
  villageKnown: boolean;
  visibility: VillageVisibility | null;
  villageDeleted: boolean;
  villageRevision: number;
  memberKnown: boolean;
  /** Null when the user is not (or no longer) a member. */
  role: string | null;
  memberRevision: number;
}

/**
 * `get_membership`'s columns as a service's read returns them beside its data, prefixed `replica_`
 * so they never meet a data column's name (see Access.assertRead).
 */
export interface ReplicaColumns {
  replicaVillageKnown: boolean;
  replicaVisibility: VillageVisibility | null;
  replicaVillageDeleted: boolean;
  replicaVillageRevision: number;
  replicaMemberKnown: boolean;
  replicaRole: string | null;
  replicaMemberRevision: number;
}

/** The replica's facts out of a row of such a read. */
export const membershipOf = (row: ReplicaColumns): ReplicaMembership => ({
  villageKnown: row.replicaVillageKnown,
  visibility: row.replicaVisibility,
  villageDeleted: row.replicaVillageDeleted,
  villageRevision: row.replicaVillageRevision,
  memberKnown: row.replicaMemberKnown,
  role: row.replicaRole,
  memberRevision: row.replicaMemberRevision,
});

/**
 * A row of such a read: the replica's columns on every row; the data's columns null on the one row
 * a read returns when it has no data (an empty page), so the facts still come back.
 */
export type WithMembership<Row> = ReplicaColumns & (Row | { [Column in keyof Row]: null });

/** Identity's answer to `membership.get`. */
export interface MembershipAnswer {
  village: { visibility: VillageVisibility } | null;
  role: string | null;
}

export interface StoredAppRoles {
  roles: Record<string, unknown>;
  documentVersion: number;
}

/**
 * The only file of libs/access that calls SQL: the replica's functions in the service's schema
 * (`libs/access/sql`, installed by the service's migrations).
 */
export class ReplicaRepository {
  constructor(private readonly schema: string) {}

  private fn(name: string): string {
    return `${this.schema}.${name}`;
  }

  /** Applies one change in the caller's transaction; false when the row already holds a newer version. */
  async apply(tx: SqlCaller, change: ReplicaChange): Promise<boolean> {
    const version = { occurredAt: change.occurredAt, eventId: change.eventId };
    switch (change.kind) {
      case 'village':
        return (
          await tx.one<{ applyVillageEvent: boolean }>(this.fn('apply_village_event'), {
            villageId: change.villageId,
            visibility: change.visibility,
            deleted: change.deleted,
            ...version,
          })
        ).applyVillageEvent;
      case 'membership':
        return (
          await tx.one<{ applyMembershipEvent: boolean }>(this.fn('apply_membership_event'), {
            villageId: change.villageId,
            userId: change.userId,
            role: change.role,
            removed: change.removed,
            ...version,
          })
        ).applyMembershipEvent;
      case 'app_roles':
        return (
          await tx.one<{ applyAppRolesEvent: boolean }>(this.fn('apply_app_roles_event'), {
            roles: JSON.stringify(change.roles),
            documentVersion: change.documentVersion,
            ...version,
          })
        ).applyAppRolesEvent;
    }
  }

  membership(db: SqlCaller, villageId: string, userId: string): Promise<ReplicaMembership> {
    return db.one<ReplicaMembership>(this.fn('get_membership'), { villageId, userId });
  }

  /** Stores a read-through answer unless the rows moved past the revisions read before asking. */
  async storeSnapshot(
    db: SqlCaller,
    villageId: string,
    userId: string,
    answer: MembershipAnswer,
    seen: Pick<ReplicaMembership, 'villageRevision' | 'memberRevision'>,
  ): Promise<boolean> {
    const row = await db.one<{ storeMembershipSnapshot: boolean }>(this.fn('store_membership_snapshot'), {
      villageId,
      userId,
      visibility: answer.village?.visibility ?? null,
      role: answer.role,
      villageRevision: seen.villageRevision,
      memberRevision: seen.memberRevision,
    });
    return row.storeMembershipSnapshot;
  }

  appRoles(db: SqlCaller): Promise<StoredAppRoles | undefined> {
    return db.maybeOne<StoredAppRoles>(this.fn('get_app_roles'));
  }

  async storeAppRolesSnapshot(
    db: SqlCaller,
    roles: Record<string, unknown>,
    documentVersion: number,
  ): Promise<boolean> {
    const row = await db.one<{ storeAppRolesSnapshot: boolean }>(this.fn('store_app_roles_snapshot'), {
      roles: JSON.stringify(roles),
      documentVersion,
    });
    return row.storeAppRolesSnapshot;
  }

  /** One page of identity's snapshot, in the bootstrap's transaction (see sql/0003_membership_snapshot.sql). */
  async storeSnapshotPage(tx: SqlCaller, items: MembershipSnapshotItem[], syncedAt: string): Promise<void> {
    const villages = items.filter((item) => item.kind === 'village');
    const members = items.filter((item) => item.kind === 'member');
    if (villages.length > 0 || members.length > 0) {
      await tx.call(this.fn('store_membership_snapshot_page'), {
        villages: JSON.stringify(villages),
        members: JSON.stringify(members),
        syncedAt,
      });
    }
    for (const item of items) {
      if (item.kind !== 'app_roles') continue;
      await tx.call(this.fn('store_app_roles_version'), {
        roles: JSON.stringify(item.roles),
        documentVersion: item.documentVersion,
        versionAt: item.versionAt,
      });
    }
  }

  /** After a bootstrap's last page: what identity no longer has becomes a tombstone. */
  async sweepSnapshot(tx: SqlCaller, syncedAt: string): Promise<number> {
    const row = await tx.one<{ sweepMembershipReplica: number }>(this.fn('sweep_membership_replica'), {
      syncedAt,
    });
    return row.sweepMembershipReplica;
  }
}
