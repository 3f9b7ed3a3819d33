import { baseConfigSchema, databaseConfigSchema, env } from '@vv/platform';
import { z } from 'zod';

/** Every variable calendar reads, validated at start (documented in .env.example). */
export const calendarConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  CALENDAR_HTTP_PORT: env.port().default(3103),
});

export type CalendarConfig = z.output<typeof calendarConfigSchema>;
