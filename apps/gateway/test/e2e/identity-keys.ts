import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { Client } from 'pg';

export interface IdentitySigningKey {
  kid: string;
  privateKey: CryptoKey | Uint8Array;
}

/**
 * Identity's current signing key, read from its table: with it a test signs tokens that are
 * genuine except for the one defect under test (expired, another audience, …), so the gateway
 * can only refuse them for that defect. Tests read the table directly; the app never does.
 */
export async function identitySigningKey(databaseUrl: string): Promise<IdentitySigningKey> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ kid: string; private_jwk: JWK }>(
      'select kid, private_jwk from identity.signing_keys where not_after > now() order by created_at desc limit 1',
    );
    const row = rows.at(0);
    if (!row) throw new Error('identity has no signing key yet: sign a user up first');
    return { kid: row.kid, privateKey: await importJWK(row.private_jwk, 'EdDSA') };
  } finally {
    await client.end();
  }
}

export interface Claims {
  sub: string;
  sid: string;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number;
}

/** A token signed with identity's key; every claim defaults to what identity itself would issue. */
export function signAccessToken(key: IdentitySigningKey, claims: Claims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: 'virtual-village', aud: 'virtual-village', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .sign(key.privateKey);
}

/** The claims of a JWT, unverified. */
export const claimsOf = (token: string): Claims =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Claims;

/** A JWT with the given header and claims and no valid signature. */
export const unsignedToken = (header: Record<string, unknown>, claims: Claims, signature = ''): string =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') +
  `.${signature}`;
