import { membershipSnapshot } from '@vv/contracts';
import type { ReplicaSource } from '../bootstrap/replica-source';
import type { MembershipSnapshotItem, ReplicaRepository } from './replica.repository';

/** The replica name REPLICA_REBUILD and the bootstrap row use. */
export const MEMBERSHIP_REPLICA = 'membership';

/** The membership replica, rebuilt from identity's `membership.snapshot`, kept by `<service>-membership-replica`. */
export function membershipSnapshotSource(
  repository: ReplicaRepository,
): ReplicaSource<MembershipSnapshotItem> {
  return {
    name: MEMBERSHIP_REPLICA,
    command: membershipSnapshot,
    store: (tx, items, syncedAt) => repository.storeSnapshotPage(tx, items, syncedAt),
    sweep: (tx, syncedAt) => repository.sweepSnapshot(tx, syncedAt),
  };
}
