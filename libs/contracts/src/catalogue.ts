import type { CommandDefinition, EventDefinition } from './common/define';
import {
  authLogin,
  authLogout,
  authRefresh,
  authSignup,
  jwksGet,
  meDelete,
  meGet,
  memberAdd,
  memberList,
  memberRemove,
  membershipAdded,
  membershipGet,
  membershipRemoved,
  membershipRoleChanged,
  memberUpdate,
  metadataDelete,
  metadataGet,
  metadataPut,
  metadataUpdated,
  meUpdate,
  userDeleted,
  userGet,
  userProfileUpdated,
  userRegistered,
  villageCreated,
  villageCreateCommand,
  villageDeleted,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
  villageUpdateCommand,
  villageUpdated,
} from './identity';

/** Every command, keyed by `<service>.<name>.v<version>`; the typed map clients and handlers share. */
export const COMMANDS = {
  'identity.auth.signup.v1': authSignup,
  'identity.auth.login.v1': authLogin,
  'identity.auth.refresh.v1': authRefresh,
  'identity.auth.logout.v1': authLogout,
  'identity.me.get.v1': meGet,
  'identity.me.update.v1': meUpdate,
  'identity.me.delete.v1': meDelete,
  'identity.user.get.v1': userGet,
  'identity.jwks.get.v1': jwksGet,
  'identity.village.create.v1': villageCreateCommand,
  'identity.village.get.v1': villageGet,
  'identity.village.update.v1': villageUpdateCommand,
  'identity.village.delete.v1': villageDelete,
  'identity.village.list.v1': villageList,
  'identity.village.join.v1': villageJoin,
  'identity.member.list.v1': memberList,
  'identity.member.add.v1': memberAdd,
  'identity.member.update.v1': memberUpdate,
  'identity.member.remove.v1': memberRemove,
  'identity.membership.get.v1': membershipGet,
  'identity.metadata.get.v1': metadataGet,
  'identity.metadata.put.v1': metadataPut,
  'identity.metadata.delete.v1': metadataDelete,
} as const satisfies Record<string, CommandDefinition>;

/** Every event, keyed by `<service>.<name>.v<version>`: the source of the AsyncAPI catalogue. */
export const EVENTS = {
  'identity.user.registered.v1': userRegistered,
  'identity.user.profile_updated.v1': userProfileUpdated,
  'identity.user.deleted.v1': userDeleted,
  'identity.village.created.v1': villageCreated,
  'identity.village.updated.v1': villageUpdated,
  'identity.village.deleted.v1': villageDeleted,
  'identity.membership.added.v1': membershipAdded,
  'identity.membership.role_changed.v1': membershipRoleChanged,
  'identity.membership.removed.v1': membershipRemoved,
  'identity.metadata.updated.v1': metadataUpdated,
} as const satisfies Record<string, EventDefinition>;

export type CommandKey = keyof typeof COMMANDS;
export type EventKey = keyof typeof EVENTS;

/** Looks an event definition up by its envelope's `type` and `version`. */
export const findEvent = (type: string, version: number): EventDefinition | undefined =>
  (EVENTS as Record<string, EventDefinition>)[`${type}.v${version}`];
