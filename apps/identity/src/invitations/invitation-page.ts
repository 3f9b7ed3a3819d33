import { ServiceError } from '@vv/platform';
import { z } from 'zod';

/** The last row of a page: its `created_at` at full precision (as PostgreSQL prints it) and id. */
export interface InvitationPageKey {
  at: string;
  id: string;
}

const cursorSchema = z.tuple([z.string().min(1).max(64), z.uuid()]);

export const encodeInvitationCursor = (key: InvitationPageKey): string =>
  Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');

/** The key a cursor carries; `invalid` (field `cursor`) when it is not a cursor of these lists. */
export function decodeInvitationCursor(cursor: string | undefined): InvitationPageKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (Number.isNaN(Date.parse(at))) throw new Error('not a timestamp');
    return { at, id };
  } catch {
    throw ServiceError.invalid([{ field: 'cursor', reason: 'not a cursor of this list' }]);
  }
}
