export { appRolesDocument, hasPermission, mayAssignRole, permissionsOf } from './policy/role-permissions';
export type { AppRoles } from './policy/role-permissions';
export { decideAccess } from './policy/access-decision';
export type { AccessDecision, AccessFacts } from './policy/access-decision';
