export { appRolesDocument, hasPermission, mayAssignRole, permissionsOf } from './policy/role-permissions';
export type { AppRoles } from './policy/role-permissions';
