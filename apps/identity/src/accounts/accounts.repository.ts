import { Injectable } from '@nestjs/common';
import type { ShareableField, SharingLevel } from '@vv/contracts';
import { Database } from '@vv/platform';
import type { UserRow } from '../profiles/profile-row';
import type { LoginKeys, LoginThrottleState } from './login-throttle.policy';

/** What the session functions return: an outcome, the session, and (when it has one) the user. */
export type SessionOutcome = 'created' | 'rotated' | 'unknown' | 'expired' | 'revoked' | 'reused';

export type SessionRow =
  | ({ outcome: 'created' | 'rotated'; sessionId: string } & UserRow)
  | { outcome: 'unknown' | 'expired' | 'revoked' | 'reused'; sessionId: string | null };

interface LoginRow {
  userId: string | null;
  passwordHash: string | null;
  accountFailures: number;
  accountWindowEndsAt: string | null;
  accountLastFailureAt: string | null;
  pairFailures: number;
  pairWindowEndsAt: string | null;
  pairLastFailureAt: string | null;
  ipFailures: number;
  ipWindowEndsAt: string | null;
  ipLastFailureAt: string | null;
}

export interface LoginCandidate {
  /** Null when no active account has this email. */
  userId: string | null;
  passwordHash: string | null;
  throttle: LoginThrottleState;
}

export interface NewSession {
  refreshTokenHash: Buffer;
  refreshTokenTtlSeconds: number;
  clientIp: string | null;
}

/** The only file of the accounts module that calls SQL. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Database) {}

  /**
   * User, credential, first session and user.registered; `email_taken` on a duplicate. In the
   * same transaction the account joins the app's auto-join villages (membership.added, auto_join),
   * and uses its invitation, if any, provided the invitation's sender still holds `inviterRole`.
   */
  createAccount(
    account: {
      email: string;
      displayName: string;
      passwordHash: string;
      sharing: Record<ShareableField, SharingLevel>;
    },
    session: NewSession,
    invitation?: { tokenHash: Buffer; inviterRole: string | null },
  ): Promise<SessionRow> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one<SessionRow>('identity.create_account', { ...account, ...session });
      if (row.outcome === 'created') await tx.call('identity.auto_join_villages', { userId: row.id });
      // Signup with an invitation joins its village in the same transaction (or rolls back with the reason).
      if (row.outcome === 'created' && invitation) {
        await tx.call('identity.use_signup_invitation', { userId: row.id, ...invitation });
      }
      return row;
    });
  }

  async findLogin(email: string, keys: LoginKeys): Promise<LoginCandidate> {
    const row = await this.db.one<LoginRow>('identity.find_login', {
      email,
      accountKey: keys.account,
      pairKey: keys.pair,
      ipKey: keys.ip,
    });
    return {
      userId: row.userId,
      passwordHash: row.passwordHash,
      throttle: {
        account: {
          failures: row.accountFailures,
          windowEndsAt: row.accountWindowEndsAt,
          lastFailureAt: row.accountLastFailureAt,
        },
        pair: {
          failures: row.pairFailures,
          windowEndsAt: row.pairWindowEndsAt,
          lastFailureAt: row.pairLastFailureAt,
        },
        ip: {
          failures: row.ipFailures,
          windowEndsAt: row.ipWindowEndsAt,
          lastFailureAt: row.ipLastFailureAt,
        },
      },
    };
  }

  async recordLoginFailure(keys: LoginKeys, windowSeconds: number): Promise<void> {
    const all = keys.ip === null ? [keys.account, keys.pair] : [keys.account, keys.pair, keys.ip];
    await this.db.call('identity.record_login_failure', { keys: all, windowSeconds });
  }

  /** A session for a verified sign-in; clears the failure counters `clearThrottleKeys`. */
  createSession(userId: string, session: NewSession, clearThrottleKeys: string[]): Promise<SessionRow> {
    return this.db.one<SessionRow>('identity.create_session', { userId, ...session, clearThrottleKeys });
  }

  /** `accessTokenTtlSeconds`: how long the session's access tokens live, should the refresh end it. */
  rotateRefreshToken(
    refreshTokenHash: Buffer,
    next: Omit<NewSession, 'clientIp'>,
    accessTokenTtlSeconds: number,
  ): Promise<SessionRow> {
    return this.db.one<SessionRow>('identity.rotate_refresh_token', {
      refreshTokenHash,
      newRefreshTokenHash: next.refreshTokenHash,
      refreshTokenTtlSeconds: next.refreshTokenTtlSeconds,
      accessTokenTtlSeconds,
    });
  }

  /** Revokes the token's session (session.revoked); false when the token is unknown. */
  async revokeSession(refreshTokenHash: Buffer, accessTokenTtlSeconds: number): Promise<boolean> {
    const row = await this.db.maybeOne<{ sessionId: string }>('identity.revoke_session', {
      refreshTokenHash,
      accessTokenTtlSeconds,
    });
    return row !== undefined;
  }
}
