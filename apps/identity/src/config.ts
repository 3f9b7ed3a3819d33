import { baseConfigSchema, databaseConfigSchema, env } from '@vv/platform';
import { z } from 'zod';

/** Every variable identity reads, validated at start (documented in .env.example). */
export const identityConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  IDENTITY_HTTP_PORT: env.port().default(3101),
  /** Lifetime of an access token (JWT). */
  ACCESS_TOKEN_TTL_SECONDS: env.int(1).default(900),
  /** Lifetime of a refresh token; each refresh issues a new one with a full lifetime. */
  REFRESH_TOKEN_TTL_DAYS: env.int(1).default(30),
  JWT_ISSUER: env.string().default('virtual-village'),
  /** How long one signing key signs before a new one takes over. */
  JWT_KEY_ROTATION_DAYS: env.int(1).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: env.int(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: env.int(1).default(20),
  LOGIN_FAILURE_WINDOW_SECONDS: env.int(1).default(900),
});

export type IdentityConfig = z.output<typeof identityConfigSchema>;
