import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * An invitation token is HMAC-SHA256(secret, salt): 32 bytes, base64url. The salt is random per
 * token and stored; the secret (INVITATION_TOKEN_SECRET) is only in identity's config; the token
 * itself is stored only as its sha256. So identity can hand the live token to the mail sender on
 * request (it derives it again), while neither a database dump nor an event reveals it.
 */
export interface NewInvitationToken {
  token: string;
  salt: Buffer;
  hash: Buffer;
}

export const hashInvitationToken = (token: string): Buffer =>
  createHash('sha256').update(token, 'utf8').digest();

export const deriveInvitationToken = (secret: string, salt: Buffer): string =>
  createHmac('sha256', secret).update(salt).digest('base64url');

export function newInvitationToken(secret: string): NewInvitationToken {
  const salt = randomBytes(32);
  const token = deriveInvitationToken(secret, salt);
  return { token, salt, hash: hashInvitationToken(token) };
}
