export {
  appRolesDocument,
  hasPermission,
  isKnownRole,
  mayAssignRole,
  permissionsOf,
} from './policy/role-permissions';
export type { AppRoles } from './policy/role-permissions';
export { decideAccess, decideChange } from './policy/access-decision';
export type { AccessDecision, AccessFacts, ChangeRule } from './policy/access-decision';
export { ACCESS_SQL_DIR } from './replica/access-sql';
export { AccessModule } from './replica/access.module';
export { Access } from './replica/access';
export type { AccessActor, AccessDeps, ReadWithMembership } from './replica/access';
export { ACCESS_DEFAULTS, replicaConsumerName } from './replica/access-options';
export type { AccessOptions } from './replica/access-options';
export {
  MembershipReplicaConsumer,
  MEMBERSHIP_REPLICA_BOOTSTRAP,
} from './replica/membership-replica.consumer';
export { membershipOf, ReplicaRepository } from './replica/replica.repository';
export type {
  MembershipAnswer,
  MembershipSnapshotItem,
  ReplicaColumns,
  ReplicaMembership,
  WithMembership,
} from './replica/replica.repository';
export { replicaChanges, APP_ROLES_DOCUMENT, REPLICA_EVENTS } from './replica/replica-changes';
export type { ReplicaChange } from './replica/replica-changes';
export {
  TombstonePurge,
  tombstoneHorizon,
  tombstonePurgeProvider,
  TOMBSTONE_MARGIN_MS,
} from './maintenance/tombstone-purge';
export type { TombstonePurgeOptions } from './maintenance/tombstone-purge';
export { ReplicaBootstrap } from './bootstrap/replica-bootstrap';
export type { BootstrapReason, ReplicaBootstrapDeps } from './bootstrap/replica-bootstrap';
export { ReplicaBootstraps, replicaBootstrapProvider } from './bootstrap/replica-bootstraps';
export type { ReplicaSource, SnapshotCommand } from './bootstrap/replica-source';
export { MEMBERSHIP_REPLICA, membershipSnapshotSource } from './replica/membership-snapshot.source';
