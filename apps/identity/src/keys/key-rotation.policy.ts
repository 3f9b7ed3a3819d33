import type { IdentityConfig } from '../config';

/**
 * After a key stops signing, it stays in the JWKS for the lifetime of the last token it signed
 * plus this margin, which covers clock skew and verifiers' JWKS caches.
 */
export const JWKS_MARGIN_SECONDS = 3600;

/** How often each replica checks that a current signing key exists (and picks up a new one). */
export const KEY_CHECK_INTERVAL_MS = 3600_000;

export interface KeyLifetimes {
  /** From creation to not_after: the key signs new tokens. */
  signSeconds: number;
  /** From not_after to expires_at: the key only verifies. */
  verifySeconds: number;
}

export const keyLifetimes = (
  config: Pick<IdentityConfig, 'JWT_KEY_ROTATION_DAYS' | 'ACCESS_TOKEN_TTL_SECONDS'>,
): KeyLifetimes => ({
  signSeconds: config.JWT_KEY_ROTATION_DAYS * 86_400,
  verifySeconds: config.ACCESS_TOKEN_TTL_SECONDS + JWKS_MARGIN_SECONDS,
});

/** A cached key may sign until its not_after; after that the database is asked for the next. */
export const canStillSign = (key: { notAfter: number }, now: number): boolean => key.notAfter > now;
