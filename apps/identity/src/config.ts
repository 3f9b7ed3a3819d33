import { baseConfigSchema, databaseConfigSchema, env, readCacheConfigSchema } from '@vv/platform';
import { z } from 'zod';
import { DEV_INVITATION_TOKEN_SECRET } from './invitations/invitation-defaults';

/** Every variable identity reads, validated at start (documented in .env.example). */
export const identityConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(readCacheConfigSchema.shape)
  .extend({
    IDENTITY_HTTP_PORT: env.port().default(3101),
    /** Lifetime of an access token (JWT). */
    ACCESS_TOKEN_TTL_SECONDS: env.int(1).default(900),
    /** Lifetime of a refresh token; each refresh issues a new one with a full lifetime. */
    REFRESH_TOKEN_TTL_DAYS: env.int(1).default(30),
    JWT_ISSUER: env.string().default('virtual-village'),
    /** How long one signing key signs before a new one takes over. */
    JWT_KEY_ROTATION_DAYS: env.int(1).default(30),
    /** Sign-in throttling (rule in accounts/login-throttle.policy.ts): failures of one account from one address before it backs off. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: env.int(1).default(5),
    /** Failures of one account from any addresses before every address that failed on it backs off. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: env.int(1).default(5),
    /** Failures from one address (any accounts) before it waits for its window to end. */
    LOGIN_MAX_FAILURES_PER_IP: env.int(1).default(20),
    /** The first backoff; each further failure doubles it, up to the failure window. */
    LOGIN_BACKOFF_BASE_SECONDS: env.int(1).default(30),
    LOGIN_FAILURE_WINDOW_SECONDS: env.int(1).default(900),
    /** App admins: users with these emails (comma-separated, case-insensitive) write `app` metadata. */
    APP_ADMIN_EMAILS: env.list().default([]),
    /** Lifetime of an invitation whose creator gives no `expiresInHours`; also of a resent one. */
    INVITATION_TTL_HOURS: env.int(1).default(168),
    /** HMAC key that derives invitation tokens (≥ 32 characters); required in production. */
    INVITATION_TOKEN_SECRET: z.string().min(32).default(DEV_INVITATION_TOKEN_SECRET),
    /** How often pending invitations past their expiry are expired (invitation.expired); 0: never. */
    INVITATION_SWEEP_INTERVAL_MS: env.int(0).default(60_000),
  });

export type IdentityConfig = z.output<typeof identityConfigSchema>;
