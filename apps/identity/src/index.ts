export { createIdentityApp } from './app';
export { identityConfigSchema } from './config';
export type { IdentityConfig } from './config';
