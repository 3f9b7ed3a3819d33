import { createHash, randomBytes } from 'node:crypto';

/** A feed token is 32 random bytes (base64url); only its sha256 is stored. */
export interface NewFeedToken {
  token: string;
  hash: Buffer;
}

export const hashFeedToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function newFeedToken(): NewFeedToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashFeedToken(token) };
}

/** The feed's URL relative to the API (the gateway makes it absolute). */
export const feedPath = (villageId: string, token: string): string =>
  `/v1/villages/${villageId}/calendar.ics?token=${encodeURIComponent(token)}`;
