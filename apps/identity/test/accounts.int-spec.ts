import { authLogin, authLogout, authRefresh, authSignup, meGet, sessionTokens } from '@vv/contracts';
import {
  actorOf,
  expectCode,
  PASSWORD,
  startIdentity,
  uniqueEmail,
  type IdentityHarness,
} from './identity-harness';

describe('identity accounts: signup, login, refresh, logout', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity();
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const sessionStatus = async (sessionId: string): Promise<string> => {
    const { rows } = await h.sql.query<{ status: string }>(
      'select status from identity.sessions where id = $1',
      [sessionId],
    );
    return rows[0].status;
  };

  it('signs up: returns the profile and a token pair, stores an argon2id hash and a hashed refresh token', async () => {
    const email = uniqueEmail('Signup').toUpperCase();
    const tokens = await h.rpc.call(authSignup, { email, password: PASSWORD, displayName: '  Ada  ' });

    expect(sessionTokens.parse(tokens)).toEqual(tokens);
    expect(tokens.user).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada', avatarFileId: null });
    expect(tokens.user.sharing).toEqual({
      email: 'villagers',
      avatarFileId: 'public',
      contact: 'villagers',
      emergency: 'private',
      data: 'private',
    });
    expect(tokens.expiresIn).toBe(900);
    expect(Buffer.from(tokens.refreshToken, 'base64url')).toHaveLength(32);

    const { rows: credentials } = await h.sql.query<{ password_hash: string }>(
      'select password_hash from identity.credentials where user_id = $1',
      [tokens.user.id],
    );
    expect(credentials[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(credentials[0].password_hash).not.toContain(PASSWORD);
    const { rows: stored } = await h.sql.query<{ n: number }>(
      "select count(*)::int as n from identity.refresh_tokens where token_hash = sha256(convert_to($1, 'UTF8'))",
      [tokens.refreshToken],
    );
    expect(stored[0].n).toBe(1);
    const actor = actorOf(tokens.accessToken);
    expect(actor.userId).toBe(tokens.user.id);
    expect(await sessionStatus(actor.sessionId)).toBe('active');
  });

  it('refuses a second account with the same email (any case) with email_taken', async () => {
    const first = await h.signup();
    await expectCode(
      h.rpc.call(authSignup, { email: first.email.toUpperCase(), password: PASSWORD, displayName: 'Twin' }),
      'email_taken',
    );
  });

  it('refuses weak passwords with weak_password: too short, or the email itself', async () => {
    const email = uniqueEmail('weak');
    const short = await expectCode(
      h.rpc.call(authSignup, { email, password: 'short-pw1', displayName: 'W' }),
      'weak_password',
    );
    expect(short.details).toMatchObject({ errors: [{ field: 'password' }] });
    await expectCode(
      h.rpc.call(authSignup, { email, password: email.toUpperCase(), displayName: 'W' }),
      'weak_password',
    );
    const { rows } = await h.sql.query('select 1 from identity.users where email = $1', [email]);
    expect(rows).toHaveLength(0);
    // Exactly the minimum length is enough.
    await h.rpc.call(authSignup, { email, password: '0123456789', displayName: 'W' });
  });

  it('logs in with email (any case) and password into a new session', async () => {
    const user = await h.signup();
    const tokens = await h.rpc.call(authLogin, {
      email: ` ${user.email.toUpperCase()} `,
      password: user.password,
    });
    expect(tokens.user.id).toBe(user.user.id);
    const actor = actorOf(tokens.accessToken);
    expect(actor.sessionId).not.toBe(user.actor.sessionId);
    expect(await h.rpc.call(meGet, {}, { actor })).toMatchObject({ id: user.user.id });
  });

  it('answers invalid_credentials for a wrong password and for an unknown email alike', async () => {
    const user = await h.signup();
    const wrong = await expectCode(
      h.rpc.call(authLogin, { email: user.email, password: 'not the password' }),
      'invalid_credentials',
    );
    const unknown = await expectCode(
      h.rpc.call(authLogin, { email: uniqueEmail('nobody'), password: 'not the password' }),
      'invalid_credentials',
    );
    expect(unknown.message).toBe(wrong.message);
  });

  it('takes about as long for an unknown email as for a wrong password (dummy hash verified)', async () => {
    const user = await h.signup();
    const time = async (email: string): Promise<number> => {
      const started = process.hrtime.bigint();
      await expectCode(h.rpc.call(authLogin, { email, password: 'not the password' }), 'invalid_credentials');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('rotates the refresh token: the new pair continues the session, the old token is marked rotated', async () => {
    const user = await h.signup();
    const next = await h.rpc.call(authRefresh, { refreshToken: user.refreshToken });
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect(next.user.id).toBe(user.user.id);
    expect(actorOf(next.accessToken)).toEqual(user.actor);

    const third = await h.rpc.call(authRefresh, { refreshToken: next.refreshToken });
    expect(actorOf(third.accessToken).sessionId).toBe(user.actor.sessionId);
    const { rows } = await h.sql.query<{ status: string }>(
      `select t.status from identity.refresh_tokens t where t.session_id = $1 order by t.created_at, t.id`,
      [user.actor.sessionId],
    );
    expect(rows.map((row) => row.status)).toEqual(['rotated', 'rotated', 'active']);
  });

  it('revokes the whole session when a rotated token is reused', async () => {
    const user = await h.signup();
    const next = await h.rpc.call(authRefresh, { refreshToken: user.refreshToken });

    await expectCode(h.rpc.call(authRefresh, { refreshToken: user.refreshToken }), 'session_revoked');

    expect(await sessionStatus(user.actor.sessionId)).toBe('revoked');
    // The legitimate holder's newest token dies with the session.
    await expectCode(h.rpc.call(authRefresh, { refreshToken: next.refreshToken }), 'session_revoked');
    await expectCode(h.rpc.call(meGet, {}, { actor: user.actor }), 'unauthenticated');
    // Other sessions of the same user are untouched.
    const other = await h.rpc.call(authLogin, { email: user.email, password: user.password });
    await h.rpc.call(authRefresh, { refreshToken: other.refreshToken });
  });

  it('answers invalid_token for an unknown or expired refresh token', async () => {
    await expectCode(h.rpc.call(authRefresh, { refreshToken: 'x'.repeat(43) }), 'invalid_token');

    const user = await h.signup();
    await h.sql.query(
      `update identity.refresh_tokens
          set created_at = now() - interval '31 days', expires_at = now() - interval '1 second'
        where session_id = $1`,
      [user.actor.sessionId],
    );
    await expectCode(h.rpc.call(authRefresh, { refreshToken: user.refreshToken }), 'invalid_token');
    // An expired token does not end the session by itself.
    expect(await sessionStatus(user.actor.sessionId)).toBe('active');
  });

  it('logs out: the session and its refresh tokens are revoked; logging out again is fine', async () => {
    const user = await h.signup();
    const next = await h.rpc.call(authRefresh, { refreshToken: user.refreshToken });

    await expect(h.rpc.call(authLogout, { refreshToken: next.refreshToken })).resolves.toEqual({});

    expect(await sessionStatus(user.actor.sessionId)).toBe('revoked');
    const { rows } = await h.sql.query<{ status: string }>(
      `select distinct status from identity.refresh_tokens where session_id = $1 and status = 'active'`,
      [user.actor.sessionId],
    );
    expect(rows).toHaveLength(0);
    await expectCode(h.rpc.call(authRefresh, { refreshToken: next.refreshToken }), 'session_revoked');
    await expectCode(h.rpc.call(meGet, {}, { actor: user.actor }), 'unauthenticated');
    await expect(h.rpc.call(authLogout, { refreshToken: next.refreshToken })).resolves.toEqual({});
    await expect(h.rpc.call(authLogout, { refreshToken: 'y'.repeat(43) })).resolves.toEqual({});
  });
});
