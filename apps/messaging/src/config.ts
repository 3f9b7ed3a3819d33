import { baseConfigSchema, databaseConfigSchema, env, readCacheConfigSchema } from '@vv/platform';
import { z } from 'zod';

/** Every variable messaging reads, validated at start (documented in .env.example). */
export const messagingConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(readCacheConfigSchema.shape)
  .extend({
    MESSAGING_HTTP_PORT: env.port().default(3102),
    /** PostgreSQL text search configuration for full-text search (e.g. english, german, simple). */
    SEARCH_LANGUAGE: z
      .string()
      .regex(/^[a-z_]+$/)
      .default('english'),
  });

export type MessagingConfig = z.output<typeof messagingConfigSchema>;
