import { createHmac } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';
import {
  claimsOf,
  identitySigningKey,
  signAccessToken,
  unsignedToken,
  type IdentitySigningKey,
} from './identity-keys';

describe('access tokens at the gateway', () => {
  let suite: Suite;
  let api: Api;
  let account: Account;
  let key: IdentitySigningKey;

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    account = await signUp(api);
    key = await identitySigningKey(suite.environment.database.url);
  });

  afterAll(() => suite.close());

  const refused = async (token: string): Promise<void> => {
    const answer = await api.get('/v1/me', { token });
    expectProblem(answer, 401, 'unauthenticated');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  };

  it('accepts the token identity issued', async () => {
    const answer = await api.get('/v1/me', { token: account.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(account.userId);
  });

  it('accepts a token signed the same way by the test (control for the refusals below)', async () => {
    const token = await signAccessToken(key, claimsOf(account.accessToken));
    expect((await api.get('/v1/me', { token })).status).toBe(200);
  });

  it('refuses a request without a token', async () => {
    const answer = await api.get('/v1/me');
    expectProblem(answer, 401, 'unauthenticated');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a token whose payload was tampered with', async () => {
    const [header, , signature] = account.accessToken.split('.');
    const other = await signUp(api, 'Bob');
    const payload = Buffer.from(JSON.stringify(claimsOf(other.accessToken))).toString('base64url');
    await refused(`${header}.${payload}.${signature}`);
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(
      await signAccessToken(key, { ...claimsOf(account.accessToken), iat: now - 120, exp: now - 60 }),
    );
  });

  it('refuses a token for another audience', async () => {
    await refused(await signAccessToken(key, { ...claimsOf(account.accessToken), aud: 'another-app' }));
  });

  it('refuses a token from another issuer', async () => {
    await refused(await signAccessToken(key, { ...claimsOf(account.accessToken), iss: 'someone-else' }));
  });

  it('refuses a token whose claims break the contract', async () => {
    await refused(await signAccessToken(key, { ...claimsOf(account.accessToken), sid: 'not-a-uuid' }));
  });

  it('refuses an unsigned alg:none token', async () => {
    await refused(unsignedToken({ alg: 'none', typ: 'JWT' }, claimsOf(account.accessToken)));
    await refused(unsignedToken({ alg: 'none', kid: key.kid }, claimsOf(account.accessToken)));
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const jwks = await api.get('/v1/.well-known/jwks.json');
    const publicJwk = jwks.body.keys.find((jwk: { kid: string }) => jwk.kid === key.kid);
    const header = { alg: 'HS256', typ: 'JWT', kid: key.kid };
    const signingInput = unsignedToken(header, claimsOf(account.accessToken)).slice(0, -1);
    const signature = createHmac('sha256', JSON.stringify(publicJwk))
      .update(signingInput)
      .digest('base64url');
    await refused(`${signingInput}.${signature}`);
  });

  it('refuses a token signed by a key identity never published', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await refused(
      await signAccessToken({ kid: 'unknown-key-id', privateKey }, claimsOf(account.accessToken)),
    );
    await refused(await signAccessToken({ kid: key.kid, privateKey }, claimsOf(account.accessToken)));
  });

  it('refuses a malformed Authorization header', async () => {
    const answer = await api.get('/v1/me', { headers: { authorization: `Basic ${account.accessToken}` } });
    expectProblem(answer, 401, 'unauthenticated');
  });

  it('publishes the verification keys at /v1/.well-known/jwks.json, without private parts', async () => {
    const answer = await api.get('/v1/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    expect(answer.body.keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kid: key.kid, alg: 'EdDSA', kty: 'OKP', use: 'sig' }),
      ]),
    );
    for (const jwk of answer.body.keys) expect(jwk).not.toHaveProperty('d');
  });
});
