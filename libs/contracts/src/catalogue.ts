import type { CommandDefinition, EventDefinition } from './common/define';
import {
  authLogin,
  authLogout,
  authRefresh,
  authSignup,
  jwksGet,
  meDelete,
  meGet,
  meUpdate,
  userDeleted,
  userGet,
  userProfileUpdated,
  userRegistered,
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
} as const satisfies Record<string, CommandDefinition>;

/** Every event, keyed by `<service>.<name>.v<version>`: the source of the AsyncAPI catalogue. */
export const EVENTS = {
  'identity.user.registered.v1': userRegistered,
  'identity.user.profile_updated.v1': userProfileUpdated,
  'identity.user.deleted.v1': userDeleted,
} as const satisfies Record<string, EventDefinition>;

export type CommandKey = keyof typeof COMMANDS;
export type EventKey = keyof typeof EVENTS;

/** Looks an event definition up by its envelope's `type` and `version`. */
export const findEvent = (type: string, version: number): EventDefinition | undefined =>
  (EVENTS as Record<string, EventDefinition>)[`${type}.v${version}`];
