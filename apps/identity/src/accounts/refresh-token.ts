import { createHash, randomBytes } from 'node:crypto';

/** A refresh token is 32 random bytes (base64url); only its sha256 is stored. */
export interface NewRefreshToken {
  token: string;
  hash: Buffer;
}

export const hashRefreshToken = (token: string): Buffer =>
  createHash('sha256').update(token, 'utf8').digest();

export function newRefreshToken(): NewRefreshToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}
