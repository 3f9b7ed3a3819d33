import { ServiceError, type Actor } from '@vv/platform';

/** Clocks of identity and the gateway may disagree by this much. */
const CLOCK_SKEW_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Sessions that ended (logout, refresh-token reuse, account deletion) and deleted accounts, whose
 * access tokens — stateless JWTs — would otherwise stay valid until they expire. Each entry is
 * kept for the tokens' lifetime after the revocation (plus clock skew): no token issued before it
 * outlives that, and none is issued after it. Fed by `SessionRevocations` from identity's events.
 */
export class SessionDenylist {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly tokenTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  revokeSession(sessionId: string, revokedAt: number): void {
    this.sessions.set(sessionId, revokedAt + this.tokenTtlMs + CLOCK_SKEW_MS);
  }

  deleteUser(userId: string, deletedAt: number): void {
    this.users.set(userId, deletedAt + this.tokenTtlMs + CLOCK_SKEW_MS);
  }

  /** Throws `unauthenticated` when the actor's session has ended or its account is gone. */
  assertLive(actor: Actor): void {
    this.sweep();
    if (this.sessions.has(actor.sessionId) || this.users.has(actor.userId)) {
      throw new ServiceError('unauthenticated', 'This session has ended; sign in again');
    }
  }

  get size(): number {
    return this.sessions.size + this.users.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const entries of [this.sessions, this.users]) {
      for (const [key, forgetAt] of entries) if (forgetAt <= now) entries.delete(key);
    }
  }
}
