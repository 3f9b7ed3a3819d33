/** Injection tokens of values that are not classes. Classes (Database, NatsClientProxy, …) are their own tokens. */
export const CONFIG = Symbol('vv:config');
export const LOGGER = Symbol('vv:logger');
export const NATS = Symbol('vv:nats');
/** The app's service name (its schema, its consumers' `<service>-<purpose>`). */
export const SERVICE = Symbol('vv:service');
