import {
  ACCESS_TOKEN_AUDIENCE,
  accessTokenClaims,
  authLogin,
  authRefresh,
  jwksGet,
  type ResponseOf,
} from '@vv/contracts';
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '@vv/platform';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { createIdentityApp } from '../src/app';
import { AccessTokenSigner } from '../src/keys/access-token.signer';
import { SigningKeys } from '../src/keys/signing-keys.service';
import { startIdentity, type IdentityHarness } from './identity-harness';

const verify = (token: string, jwks: ResponseOf<typeof jwksGet>) =>
  jwtVerify(token, createLocalJWKSet(jwks as JSONWebKeySet), {
    issuer: 'virtual-village',
    audience: ACCESS_TOKEN_AUDIENCE,
    algorithms: ['EdDSA'],
  });

describe('identity signing keys: JWKS, access tokens, rotation', () => {
  let h: IdentityHarness;
  let replica: RunningApp;

  beforeAll(async () => {
    h = await startIdentity();
    // A second replica on the same database, as in a deployment with N replicas.
    replica = h.t.track(await createIdentityApp(h.t.env));
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const ageCurrentKey = () =>
    h.sql.query(
      `update identity.signing_keys set created_at = now() - interval '31 days', not_after = now() where not_after > now()`,
    );

  it('publishes public Ed25519 keys in the JWKS, without private parts', async () => {
    const jwks = await h.rpc.call(jwksGet, {});
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(key).toHaveProperty('x');
    expect(key).not.toHaveProperty('d');
  });

  it('issues access tokens that verify against the JWKS and carry the contract claims', async () => {
    const user = await h.signup();
    const jwks = await h.rpc.call(jwksGet, {});
    const { payload, protectedHeader } = await verify(user.accessToken, jwks);

    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: jwks.keys[0].kid });
    const claims = accessTokenClaims.parse(payload);
    expect(claims).toMatchObject({ sub: user.user.id, iss: 'virtual-village', aud: ACCESS_TOKEN_AUDIENCE });
    expect(claims.exp - claims.iat).toBe(900);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(10);

    const { rows } = await h.sql.query<{ user_id: string }>(
      'select user_id from identity.sessions where id = $1',
      [claims.sid],
    );
    expect(rows[0].user_id).toBe(user.user.id);
    await expect(verify(`${user.accessToken.slice(0, -4)}AAAA`, jwks)).rejects.toThrow();
  });

  it('rotates to one new key across replicas; tokens of the old key keep verifying until it expires', async () => {
    const user = await h.signup();
    const oldKid = decodeProtectedHeader(user.accessToken).kid;

    await ageCurrentKey();
    const [a, b] = await Promise.all([
      h.running.app.get(SigningKeys).refresh(),
      replica.app.get(SigningKeys).refresh(),
    ]);
    expect(a.kid).toBe(b.kid);
    expect(a.kid).not.toBe(oldKid);
    const { rows } = await h.sql.query<{ n: number }>(
      'select count(*)::int as n from identity.signing_keys where not_after > now()',
    );
    expect(rows[0].n).toBe(1);

    const fresh = await h.rpc.call(authLogin, { email: user.email, password: user.password });
    expect(decodeProtectedHeader(fresh.accessToken).kid).toBe(a.kid);

    const jwks = await h.rpc.call(jwksGet, {});
    expect(jwks.keys.map((key) => key.kid)).toEqual([a.kid, oldKid]);
    await verify(user.accessToken, jwks);
    await verify(fresh.accessToken, jwks);
    const refreshed = await h.rpc.call(authRefresh, { refreshToken: user.refreshToken });
    expect(decodeProtectedHeader(refreshed.accessToken).kid).toBe(a.kid);

    // Once past expires_at the old key leaves the JWKS (and is deleted at the next check).
    await h.sql.query(`update identity.signing_keys set expires_at = now() where kid = $1`, [oldKid]);
    const after = await h.rpc.call(jwksGet, {});
    expect(after.keys.map((key) => key.kid)).toEqual([a.kid]);
    await expect(verify(user.accessToken, after)).rejects.toThrow();
    await h.running.app.get(SigningKeys).refresh();
    const gone = await h.sql.query('select 1 from identity.signing_keys where kid = $1', [oldKid]);
    expect(gone.rows).toHaveLength(0);
  });

  it('signs with the newest key once the cached one reaches its not_after', async () => {
    const keys = h.running.app.get(SigningKeys);
    const signer = h.running.app.get(AccessTokenSigner);
    const before = await keys.signingKey();
    const actor = { userId: randomUUID(), sessionId: randomUUID() };
    expect(decodeProtectedHeader((await signer.sign(actor)).accessToken).kid).toBe(before.kid);

    await ageCurrentKey();
    // The cache reloads when its key has passed not_after; simulate the clock reaching it.
    before.notAfter = Date.now() - 1;
    const { accessToken } = await signer.sign(actor);
    const kid = decodeProtectedHeader(accessToken).kid;
    expect(kid).not.toBe(before.kid);
    expect((await keys.signingKey()).kid).toBe(kid);
    await verify(accessToken, await h.rpc.call(jwksGet, {}));
  });
});
