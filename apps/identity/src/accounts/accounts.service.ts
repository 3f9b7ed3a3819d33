import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SHARING, type SessionTokens } from '@vv/contracts';
import { CONFIG, LOGGER, ServiceError, type Logger } from '@vv/platform';
import type { IdentityConfig } from '../config';
import { hashInvitationToken } from '../invitations/invitation-token';
import { InvitationsService } from '../invitations/invitations.service';
import { AccessTokenSigner } from '../keys/access-token.signer';
import { toOwnProfile } from '../profiles/profile-row';
import { AccountsRepository, type NewSession, type SessionRow } from './accounts.repository';
import { loginKeys, loginLimits, retryAfterSeconds } from './login-throttle.policy';
import { assertStrongPassword } from './password.policy';
import { PasswordHasher } from './password-hasher';
import { hashRefreshToken, newRefreshToken } from './refresh-token';

export interface SignupInput {
  email: string;
  password: string;
  displayName: string;
  /** Signup with an invitation: the account joins its village at once (the token must match the email). */
  invitationToken?: string;
}

/** Signup, login, refresh and logout. Passwords and tokens are never logged. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: AccessTokenSigner,
    private readonly invitations: InvitationsService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async signup(input: SignupInput, clientIp: string | null): Promise<SessionTokens> {
    assertStrongPassword(input.password, input.email);
    const invitation = await this.signupInvitation(input.invitationToken);
    const passwordHash = await this.hasher.hash(input.password);
    const refresh = newRefreshToken();
    const row = await this.repository.createAccount(
      { email: input.email, displayName: input.displayName, passwordHash, sharing: DEFAULT_SHARING },
      this.newSession(refresh.hash, clientIp),
      invitation,
    );
    this.logger.info({ userId: rowUser(row).id }, 'account created');
    return this.issue(row, refresh.token);
  }

  async login(email: string, password: string, clientIp: string | null): Promise<SessionTokens> {
    const ip = validIp(clientIp);
    const keys = loginKeys(email, ip);
    const candidate = await this.repository.findLogin(email, keys);

    const retryAfter = retryAfterSeconds(candidate.throttle, loginLimits(this.config), Date.now());
    if (retryAfter !== null) {
      this.logger.warn({ clientIp: ip, retryAfterSeconds: retryAfter }, 'sign-in refused: too many failures');
      throw new ServiceError('rate_limited', 'Too many failed sign-ins; try again later', {
        retryAfterSeconds: retryAfter,
      });
    }

    const verified =
      candidate.userId !== null && candidate.passwordHash !== null
        ? await this.hasher.verify(candidate.passwordHash, password)
        : await this.hasher.verifyNothing(password);
    if (!verified || candidate.userId === null) {
      await this.repository.recordLoginFailure(keys, this.config.LOGIN_FAILURE_WINDOW_SECONDS);
      throw new ServiceError('invalid_credentials', 'The email or password is wrong');
    }

    const refresh = newRefreshToken();
    // The address's own counter stays, so one valid account cannot unlock spraying from it.
    const row = await this.repository.createSession(candidate.userId, this.newSession(refresh.hash, ip), [
      keys.account,
      keys.pair,
    ]);
    return this.issue(row, refresh.token);
  }

  async refresh(refreshToken: string): Promise<SessionTokens> {
    const next = newRefreshToken();
    const row = await this.repository.rotateRefreshToken(
      hashRefreshToken(refreshToken),
      { refreshTokenHash: next.hash, refreshTokenTtlSeconds: this.refreshTokenTtlSeconds() },
      this.config.ACCESS_TOKEN_TTL_SECONDS,
    );
    switch (row.outcome) {
      case 'created':
      case 'rotated':
        return this.issue(row, next.token);
      case 'reused':
        this.logger.warn({ sessionId: row.sessionId }, 'rotated refresh token reused: session revoked');
        throw new ServiceError('session_revoked', 'This session was revoked; sign in again');
      case 'revoked':
        throw new ServiceError('session_revoked', 'This session was revoked; sign in again');
      case 'unknown':
      case 'expired':
        throw new ServiceError('invalid_token', 'The refresh token is not valid');
      default:
        return row satisfies never;
    }
  }

  /** Revokes the session of the token; the same answer when it is already revoked or unknown. */
  async logout(refreshToken: string): Promise<void> {
    await this.repository.revokeSession(hashRefreshToken(refreshToken), this.config.ACCESS_TOKEN_TTL_SECONDS);
  }

  /** The invitation a signup uses, with the role its sender must still hold (`gone` when they may no longer invite). */
  private async signupInvitation(
    token: string | undefined,
  ): Promise<{ tokenHash: Buffer; inviterRole: string | null } | undefined> {
    if (token === undefined) return undefined;
    const tokenHash = hashInvitationToken(token);
    return { tokenHash, inviterRole: await this.invitations.senderRole({ tokenHash }, null) };
  }

  private async issue(row: SessionRow, refreshToken: string): Promise<SessionTokens> {
    const user = rowUser(row);
    const { accessToken, expiresIn } = await this.signer.sign({ userId: user.id, sessionId: user.sessionId });
    return { user: toOwnProfile(user), accessToken, refreshToken, expiresIn };
  }

  private newSession(refreshTokenHash: Buffer, clientIp: string | null): NewSession {
    return {
      refreshTokenHash,
      refreshTokenTtlSeconds: this.refreshTokenTtlSeconds(),
      clientIp: validIp(clientIp),
    };
  }

  private refreshTokenTtlSeconds(): number {
    return this.config.REFRESH_TOKEN_TTL_DAYS * 86_400;
  }
}

function rowUser(row: SessionRow): Extract<SessionRow, { outcome: 'created' | 'rotated' }> {
  if (row.outcome !== 'created' && row.outcome !== 'rotated') {
    throw new Error(`Expected a session with a user, got outcome ${row.outcome}`);
  }
  return row;
}

/** The gateway sets the client IP; anything that is not an IP address is ignored. */
const validIp = (clientIp: string | null): string | null =>
  clientIp !== null && isIP(clientIp) !== 0 ? clientIp : null;
