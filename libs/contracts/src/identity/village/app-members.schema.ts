import { z } from 'zod';

/**
 * Metadata `app/members`: how members join. `directAdd: true` lets `POST …/members` add a user at
 * once; by default (absent or false) the user is invited and must accept. Fixed villages and app
 * admins always add directly.
 */
export const appMembersDocument = z.strictObject({
  directAdd: z.boolean().optional(),
});
export type AppMembersDocument = z.output<typeof appMembersDocument>;
