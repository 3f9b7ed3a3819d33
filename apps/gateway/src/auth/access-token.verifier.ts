import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, accessTokenClaims, jwksGet } from '@vv/contracts';
import { CONFIG, LOGGER, NatsClientProxy, ServiceError, type Actor, type Logger } from '@vv/platform';
import { createLocalJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { GatewayConfig } from '../config';
import { VerifiedTokenCache, verifiedTokenKey, type VerifiedToken } from './verified-token-cache';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const unauthenticated = (message: string): ServiceError => new ServiceError('unauthenticated', message);

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | undefined): string {
  if (!header) throw unauthenticated('Send an access token: Authorization: Bearer <token>');
  const match = BEARER.exec(header);
  if (!match) throw unauthenticated('The Authorization header is not a bearer token');
  return match[1];
}

interface KeySet {
  resolve: JWTVerifyGetKey;
  fetchedAt: number;
}

/**
 * Verifies access tokens against identity's public keys (JWKS over NATS), cached in memory.
 * A token naming an unknown key refetches the set — at most once per
 * JWKS_REFRESH_MIN_INTERVAL_MS, so forged `kid`s cannot hammer identity. Only EdDSA tokens
 * with our issuer and audience pass; every failure is `unauthenticated`. A verified token is
 * remembered until its `exp` (ACCESS_TOKEN_CACHE_SIZE of them), so a client's next request costs a
 * hash instead of a signature check; a key rotation leaves them valid, as it leaves the tokens.
 */
@Injectable()
export class AccessTokenVerifier {
  private keySet: KeySet | undefined;
  private fetching: Promise<KeySet> | undefined;
  private readonly verified: VerifiedTokenCache;

  constructor(
    private readonly rpc: NatsClientProxy,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.verified = new VerifiedTokenCache(config.ACCESS_TOKEN_CACHE_SIZE);
  }

  async verify(token: string, requestId: string): Promise<Actor> {
    return (await this.verifyToken(token, requestId)).actor;
  }

  /** Like `verify`, also telling when the token expires (the stream closes its socket then). */
  async verifyToken(token: string, requestId: string): Promise<VerifiedToken> {
    const key = verifiedTokenKey(token);
    const cached = this.verified.get(key);
    if (cached) {
      if (Date.now() < cached.expiresAt) return cached;
      this.verified.delete(key);
      throw unauthenticated('The access token has expired');
    }
    const verified = await this.verifyUncached(token, requestId);
    this.verified.set(key, verified);
    return verified;
  }

  private async verifyUncached(token: string, requestId: string): Promise<VerifiedToken> {
    const keys = this.keySet ?? (await this.fetchKeys(requestId));
    try {
      return await this.verifyWith(token, keys);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.mayRefresh(keys)) throw this.rejection(error);
      const refreshed = await this.fetchKeys(requestId).catch(() => {
        throw unauthenticated('The access token is not valid');
      });
      return this.verifyWith(token, refreshed).catch((retryError: unknown) => {
        throw this.rejection(retryError);
      });
    }
  }

  private async verifyWith(token: string, keys: KeySet): Promise<VerifiedToken> {
    const { payload } = await jwtVerify(token, keys.resolve, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: this.config.JWT_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'sub', 'sid'],
    });
    const claims = accessTokenClaims.safeParse(payload);
    if (!claims.success) throw unauthenticated('The access token is not valid');
    return {
      actor: { userId: claims.data.sub, sessionId: claims.data.sid },
      expiresAt: claims.data.exp * 1000,
    };
  }

  private rejection(error: unknown): ServiceError {
    if (error instanceof ServiceError) return error;
    if (error instanceof errors.JWTExpired) return unauthenticated('The access token has expired');
    if (!(error instanceof errors.JOSEError))
      this.logger.warn({ err: error }, 'access token verification failed');
    return unauthenticated('The access token is not valid');
  }

  private mayRefresh(keys: KeySet): boolean {
    return Date.now() - keys.fetchedAt >= this.config.JWKS_REFRESH_MIN_INTERVAL_MS;
  }

  /** One fetch at a time; a failed first fetch is `unavailable` (identity is down, not the token bad). */
  private fetchKeys(requestId: string): Promise<KeySet> {
    this.fetching ??= this.rpc
      .call(jwksGet, {}, { requestId })
      .then((jwks) => {
        this.keySet = { resolve: createLocalJWKSet(jwks), fetchedAt: Date.now() };
        this.logger.info({ keys: jwks.keys.map((key) => key.kid) }, 'access token keys loaded');
        return this.keySet;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not load the access token keys');
        throw new ServiceError('unavailable', 'Access tokens cannot be verified right now');
      })
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }
}
