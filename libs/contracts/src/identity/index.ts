export * from './profile/profile.schema';
export {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  accessTokenClaims,
} from './access-token/access-token';
export type { AccessTokenClaims } from './access-token/access-token';
export { authSignup } from './auth-signup/auth-signup.command';
export { authLogin } from './auth-login/auth-login.command';
export { authRefresh } from './auth-refresh/auth-refresh.command';
export { authLogout } from './auth-logout/auth-logout.command';
export { meGet } from './me-get/me-get.command';
export { meUpdate } from './me-update/me-update.command';
export { meDelete } from './me-delete/me-delete.command';
export { userGet } from './user-get/user-get.command';
export { jwksGet, publicJwk } from './jwks-get/jwks-get.command';
export { userRegistered } from './user-registered/user-registered.event';
export { userProfileUpdated } from './user-profile-updated/user-profile-updated.event';
export { userDeleted } from './user-deleted/user-deleted.event';
export * from './village/village.schema';
export { villageCreateCommand } from './village-create/village-create.command';
export { villageGet } from './village-get/village-get.command';
export { villageUpdateCommand } from './village-update/village-update.command';
export { villageDelete } from './village-delete/village-delete.command';
export { villageList } from './village-list/village-list.command';
export { villageJoin } from './village-join/village-join.command';
export { memberList, directoryEntry } from './member-list/member-list.command';
export { memberAdd } from './member-add/member-add.command';
export { memberUpdate } from './member-update/member-update.command';
export { memberRemove } from './member-remove/member-remove.command';
export { membershipGet } from './membership-get/membership-get.command';
export { villageCreated } from './village-created/village-created.event';
export { villageUpdated } from './village-updated/village-updated.event';
export { villageDeleted } from './village-deleted/village-deleted.event';
export { membershipAdded } from './membership-added/membership-added.event';
export { membershipRoleChanged } from './membership-role-changed/membership-role-changed.event';
export { membershipRemoved } from './membership-removed/membership-removed.event';
export * from './metadata/metadata.schema';
