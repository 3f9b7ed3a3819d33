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
export {
  sessionRevoked,
  sessionEndReason,
  SESSION_END_REASONS,
} from './session-revoked/session-revoked.event';
export * from './village/village.schema';
export * from './village/app-villages.schema';
export * from './village/app-members.schema';
export { villageCreateCommand } from './village-create/village-create.command';
export { villageGet } from './village-get/village-get.command';
export { villageUpdateCommand } from './village-update/village-update.command';
export { villageDelete } from './village-delete/village-delete.command';
export { villageList } from './village-list/village-list.command';
export { villageJoin } from './village-join/village-join.command';
export { memberList, directoryEntry } from './member-list/member-list.command';
export { memberAdd, memberAddResult } from './member-add/member-add.command';
export type { MemberAddResult } from './member-add/member-add.command';
export { memberUpdate } from './member-update/member-update.command';
export { memberRemove } from './member-remove/member-remove.command';
export { membershipGet } from './membership-get/membership-get.command';
export {
  membershipSnapshot,
  membershipSnapshotItem,
} from './membership-snapshot/membership-snapshot.command';
export { avatarSnapshot } from './avatar-snapshot/avatar-snapshot.command';
export { villageCreated } from './village-created/village-created.event';
export { villageUpdated } from './village-updated/village-updated.event';
export { villageDeleted } from './village-deleted/village-deleted.event';
export { membershipAdded } from './membership-added/membership-added.event';
export { membershipRoleChanged } from './membership-role-changed/membership-role-changed.event';
export { membershipRemoved } from './membership-removed/membership-removed.event';
export * from './metadata/metadata.schema';
export * from './contact/contact.schema';
export { contactList } from './contact-list/contact-list.command';
export { contactGet } from './contact-get/contact-get.command';
export { contactCreate } from './contact-create/contact-create.command';
export { contactUpdate } from './contact-update/contact-update.command';
export { contactDelete } from './contact-delete/contact-delete.command';
export { contactCreated } from './contact-created/contact-created.event';
export { contactUpdated } from './contact-updated/contact-updated.event';
export { contactDeleted } from './contact-deleted/contact-deleted.event';
export { contactLinked } from './contact-linked/contact-linked.event';
export * from './invitation/invitation.schema';
export { invitationCreate } from './invitation-create/invitation-create.command';
export { invitationList } from './invitation-list/invitation-list.command';
export { invitationRevoke } from './invitation-revoke/invitation-revoke.command';
export { invitationResend } from './invitation-resend/invitation-resend.command';
export { invitationListMine } from './invitation-list-mine/invitation-list-mine.command';
export { invitationAccept } from './invitation-accept/invitation-accept.command';
export { invitationDecline } from './invitation-decline/invitation-decline.command';
export { invitationAcceptMine } from './invitation-accept-mine/invitation-accept-mine.command';
export { invitationDeclineMine } from './invitation-decline-mine/invitation-decline-mine.command';
export { invitationMailGet } from './invitation-mail-get/invitation-mail-get.command';
export { invitationCreated } from './invitation-created/invitation-created.event';
export { invitationResent } from './invitation-resent/invitation-resent.event';
export { invitationAccepted } from './invitation-accepted/invitation-accepted.event';
export { invitationDeclined } from './invitation-declined/invitation-declined.event';
export { invitationRevoked } from './invitation-revoked/invitation-revoked.event';
export { invitationExpired } from './invitation-expired/invitation-expired.event';
