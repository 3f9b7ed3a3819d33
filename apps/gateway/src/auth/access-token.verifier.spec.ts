import type { ExecutionContext } from '@nestjs/common';
import { meGet } from '@vv/contracts';
import { Metrics, ServiceError, type Logger, type NatsClientProxy } from '@vv/platform';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { GatewayConfig } from '../config';
import { ADAPTIVE_LIMIT_DEFAULTS, AdaptiveLimit } from '../rate-limit/adaptive-limit';
import { InFlightLimit } from '../rate-limit/in-flight-limit';
import { RateLimits } from '../rate-limit/rate-limits';
import { routeController } from '../routing/route-controller';
import { defineRoute } from '../routing/route-definition';
import { AccessTokenVerifier, bearerTokenOf } from './access-token.verifier';
import { AdmissionGuard } from './admission.guard';
import { SessionDenylist } from './session-denylist';

const USER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const SESSION = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

const sign = (
  key: SigningKey,
  claims: Record<string, unknown> = {},
  exp: string | number = '5m',
): Promise<string> =>
  new SignJWT({ sid: SESSION, iss: 'virtual-village', aud: 'virtual-village', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.jwk.kid })
    .setSubject(USER)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key.privateKey);

const silent = { info: () => undefined, warn: () => undefined } as unknown as Logger;

/** What Nest hands the AdmissionGuard for a request with this token to a bearer route. */
function bearerRequest(token: string): ExecutionContext {
  const route = defineRoute({ method: 'GET', path: '/v1/me', command: meGet, auth: 'bearer', tag: 't' });
  const handler: unknown = Reflect.get(routeController('Guarded', { me: route }).prototype as object, 'me');
  return {
    getHandler: () => handler,
    switchToHttp: () => ({
      getRequest: () => ({ headers: { authorization: `Bearer ${token}` }, id: 'r' }),
      getResponse: () => ({ raw: { once: () => undefined } }),
    }),
  } as unknown as ExecutionContext;
}

describe('AccessTokenVerifier', () => {
  let published: JWK[];
  let rpc: { call: jest.Mock };
  let current: SigningKey;

  const verifier = (refreshMs = 10_000, cacheSize = 100): AccessTokenVerifier =>
    new AccessTokenVerifier(
      rpc as unknown as NatsClientProxy,
      {
        JWT_ISSUER: 'virtual-village',
        JWKS_REFRESH_MIN_INTERVAL_MS: refreshMs,
        ACCESS_TOKEN_CACHE_SIZE: cacheSize,
      } as GatewayConfig,
      silent,
    );

  const rejects = async (promise: Promise<unknown>): Promise<ServiceError> => {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('unauthenticated');
    return error as ServiceError;
  };

  beforeEach(async () => {
    current = await signingKey('k1');
    published = [current.jwk];
    rpc = { call: jest.fn(() => Promise.resolve({ keys: published })) };
  });

  it('accepts a token signed by a published key and names its actor', async () => {
    await expect(verifier().verify(await sign(current), 'r')).resolves.toEqual({
      userId: USER,
      sessionId: SESSION,
    });
  });

  it('tells when a verified token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    await expect(verifier().verifyToken(await sign(current, {}, exp), 'r')).resolves.toEqual({
      actor: { userId: USER, sessionId: SESSION },
      expiresAt: exp * 1000,
    });
  });

  it('fetches the key set once and caches it', async () => {
    const v = verifier();
    await v.verify(await sign(current), 'r');
    await v.verify(await sign(current), 'r');
    expect(rpc.call).toHaveBeenCalledTimes(1);
  });

  it('refuses a token with a tampered payload', async () => {
    const [header, , signature] = (await sign(current)).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: SESSION, sid: SESSION, exp: 9e9 })).toString(
      'base64url',
    );
    await rejects(verifier().verify(`${header}.${payload}.${signature}`, 'r'));
  });

  it('refuses an expired token', async () => {
    const error = await rejects(
      verifier().verify(await sign(current, {}, Math.floor(Date.now() / 1000) - 10), 'r'),
    );
    expect(error.message).toMatch(/expired/);
  });

  it('refuses another audience or issuer', async () => {
    await rejects(verifier().verify(await sign(current, { aud: 'someone-else' }), 'r'));
    await rejects(verifier().verify(await sign(current, { iss: 'evil' }), 'r'));
  });

  it('refuses alg none and HS256 tokens', async () => {
    const claims = Buffer.from(
      JSON.stringify({ sub: USER, sid: SESSION, iss: 'virtual-village', aud: 'virtual-village', exp: 9e9 }),
    ).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
    await rejects(verifier().verify(`${none}.${claims}.`, 'r'));
    const hs256 = await new SignJWT({ sid: SESSION })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject(USER)
      .setIssuer('virtual-village')
      .setAudience('virtual-village')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(current.jwk)));
    await rejects(verifier().verify(hs256, 'r'));
  });

  it('refuses claims outside the contract', async () => {
    await rejects(verifier().verify(await sign(current, { sid: 'not-a-uuid' }), 'r'));
  });

  it('refetches the key set for an unknown kid, so a rotated key is accepted', async () => {
    const v = verifier(0);
    await v.verify(await sign(current), 'r');
    const rotated = await signingKey('k2');
    published = [current.jwk, rotated.jwk];
    await expect(v.verify(await sign(rotated), 'r')).resolves.toMatchObject({ userId: USER });
    expect(rpc.call).toHaveBeenCalledTimes(2);
  });

  it('refetches at most once per interval, so forged kids cannot flood identity', async () => {
    const v = verifier(60_000);
    await v.verify(await sign(current), 'r');
    const unknown = await signingKey('forged');
    await rejects(v.verify(await sign(unknown), 'r'));
    await rejects(v.verify(await sign(unknown), 'r'));
    expect(rpc.call).toHaveBeenCalledTimes(1);
  });

  describe('remembering verified tokens', () => {
    afterEach(() => jest.restoreAllMocks());

    it('answers a token seen before from the cache: the very same actor, no new verification', async () => {
      const v = verifier();
      const token = await sign(current);
      const first = await v.verify(token, 'r');
      // Every verification builds a new actor: the same object means the signature was not checked again.
      expect(await v.verify(token, 'r')).toBe(first);
      expect(await v.verify(await sign(current, { sid: USER }), 'r')).not.toBe(first);
    });

    it('refuses a cached token once it has expired, without asking jose (whose clock says it has not)', async () => {
      const v = verifier();
      const exp = Math.floor(Date.now() / 1000) + 60;
      const token = await sign(current, {}, exp);
      await v.verify(token, 'r');
      jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
      const error = await rejects(v.verify(token, 'r'));
      expect(error.message).toMatch(/expired/);
    });

    it('keeps a cached token valid across a key rotation', async () => {
      const v = verifier(0);
      const token = await sign(current);
      const first = await v.verify(token, 'r');
      const rotated = await signingKey('k2');
      published = [rotated.jwk];
      await v.verify(await sign(rotated), 'r');
      expect(rpc.call).toHaveBeenCalledTimes(2);
      expect(await v.verify(token, 'r')).toBe(first);
    });

    it('still applies the session denylist to a cached token (AdmissionGuard)', async () => {
      const v = verifier();
      const denylist = new SessionDenylist(900_000);
      const limits = {
        RATE_LIMIT_IP_PER_MINUTE: 60,
        RATE_LIMIT_AUTH_IP_PER_MINUTE: 60,
        RATE_LIMIT_USER_PER_MINUTE: 60,
      };
      const guard = new AdmissionGuard(
        v,
        denylist,
        new RateLimits(limits as GatewayConfig),
        new InFlightLimit(
          new AdaptiveLimit({ ...ADAPTIVE_LIMIT_DEFAULTS, min: 10, max: 10 }, () => 0),
          new Metrics('gateway'),
        ),
      );
      const token = await sign(current);
      await expect(guard.canActivate(bearerRequest(token))).resolves.toBe(true);
      const cached = await v.verify(token, 'r');
      expect(await v.verify(token, 'r')).toBe(cached);
      denylist.revokeSession(SESSION, Date.now());
      const error = await rejects(guard.canActivate(bearerRequest(token)));
      expect(error.message).toMatch(/session has ended/);
    });

    it('holds at most ACCESS_TOKEN_CACHE_SIZE tokens, dropping the least recently used', async () => {
      const v = verifier(10_000, 2);
      const tokens = await Promise.all(
        ['a', 'b', 'c'].map(() => sign(current, { jti: crypto.randomUUID() })),
      );
      const [a, b] = [await v.verify(tokens[0], 'r'), await v.verify(tokens[1], 'r')];
      expect(await v.verify(tokens[0], 'r')).toBe(a); // a is now the most recently used
      await v.verify(tokens[2], 'r'); // evicts b
      expect(await v.verify(tokens[0], 'r')).toBe(a);
      expect(await v.verify(tokens[1], 'r')).not.toBe(b);
    });
  });

  it('is unavailable, not unauthenticated, when no key set can be loaded', async () => {
    rpc.call.mockImplementation(() => Promise.reject(new ServiceError('unavailable')));
    await expect(verifier().verify(await sign(current), 'r')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('bearerTokenOf', () => {
  it('reads a bearer token', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('bearer abc.def.ghi')).toBe('abc.def.ghi');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b'])('refuses %p', (header) => {
    expect(() => bearerTokenOf(header)).toThrow(ServiceError);
  });
});
