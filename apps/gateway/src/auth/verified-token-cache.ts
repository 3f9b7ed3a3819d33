import { createHash } from 'node:crypto';
import type { Actor } from '@vv/platform';

/** A verified access token: whose it is, and when it expires (epoch milliseconds). */
export interface VerifiedToken {
  actor: Actor;
  expiresAt: number;
}

/** What a token is cached by: its SHA-256, so the cache holds no bearer token a heap dump could reveal. */
export const verifiedTokenKey = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

/**
 * Access tokens whose signature and claims were verified, by `verifiedTokenKey`, so a token seen again
 * skips jose's signature check. Bounded: past `maxEntries` the least recently used goes (a Map keeps
 * insertion order; a hit is moved to the end). It decides nothing itself: the verifier refuses an entry
 * past its expiry, and the session denylist still runs on every request after it.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  get(key: string): VerifiedToken | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, verified: VerifiedToken): void {
    this.entries.set(key, verified);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
