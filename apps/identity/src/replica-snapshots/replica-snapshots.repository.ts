import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';

export interface VillageSnapshotRow {
  villageId: string;
  visibility: 'public' | 'private';
  versionAt: string;
}

export interface MembershipSnapshotRow {
  villageId: string;
  userId: string;
  role: string;
  versionAt: string;
}

export interface AppRolesSnapshotRow {
  roles: Record<string, unknown>;
  documentVersion: number;
  versionAt: string;
}

export interface AvatarSnapshotRow {
  userId: string;
  avatarFileId: string;
  versionAt: string;
}

/** The only file of the replica snapshots that calls SQL (db/identity/0022_replica_snapshots.sql). */
@Injectable()
export class ReplicaSnapshotsRepository {
  constructor(private readonly db: Database) {}

  villages(after: string | null, limit: number): Promise<VillageSnapshotRow[]> {
    return this.db.call<VillageSnapshotRow>('identity.snapshot_villages', { after, limit });
  }

  memberships(after: readonly [string, string] | null, limit: number): Promise<MembershipSnapshotRow[]> {
    return this.db.call<MembershipSnapshotRow>('identity.snapshot_memberships', {
      afterVillageId: after?.[0] ?? null,
      afterUserId: after?.[1] ?? null,
      limit,
    });
  }

  appRoles(): Promise<AppRolesSnapshotRow | undefined> {
    return this.db.maybeOne<AppRolesSnapshotRow>('identity.snapshot_app_roles');
  }

  avatars(after: string | null, limit: number): Promise<AvatarSnapshotRow[]> {
    return this.db.call<AvatarSnapshotRow>('identity.snapshot_avatars', { after, limit });
  }
}
