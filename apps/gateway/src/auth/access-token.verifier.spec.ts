import { ServiceError, type Logger, type NatsClientProxy } from '@vv/platform';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { GatewayConfig } from '../config';
import { AccessTokenVerifier, bearerTokenOf } from './access-token.verifier';

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

describe('AccessTokenVerifier', () => {
  let published: JWK[];
  let rpc: { call: jest.Mock };
  let current: SigningKey;

  const verifier = (refreshMs = 10_000): AccessTokenVerifier =>
    new AccessTokenVerifier(
      rpc as unknown as NatsClientProxy,
      { JWT_ISSUER: 'virtual-village', JWKS_REFRESH_MIN_INTERVAL_MS: refreshMs } as GatewayConfig,
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
