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
