import { authLogin } from '@vv/contracts';
import { expectCode, startIdentity, uniqueEmail, type IdentityHarness } from './identity-harness';

const MAX_PER_PAIR = 3;
const MAX_PER_ACCOUNT = 4;
const MAX_PER_IP = 12;
const BACKOFF_BASE_SECONDS = 60;
const WINDOW_SECONDS = 900;

describe('identity login brute-force limits', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity({
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_PER_PAIR),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_PER_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_IP: String(MAX_PER_IP),
      LOGIN_BACKOFF_BASE_SECONDS: String(BACKOFF_BASE_SECONDS),
      LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  let ipCounter = 0;
  const freshIp = (): string => `198.51.100.${++ipCounter}`;

  const fail = (email: string, clientIp: string) =>
    expectCode(
      h.rpc.call(authLogin, { email, password: 'wrong password!' }, { clientIp }),
      'invalid_credentials',
    );
  const login = (user: { email: string; password: string }, clientIp: string) =>
    h.rpc.call(authLogin, { email: user.email, password: user.password }, { clientIp });
  const refused = async (user: { email: string; password: string }, clientIp: string): Promise<number> => {
    const error = await expectCode(login(user, clientIp), 'rate_limited');
    return error.details?.retryAfterSeconds as number;
  };
  /** Moves every failure of the account back in time, as if `seconds` had passed since. */
  const rewind = async (email: string, seconds: number): Promise<void> => {
    await h.sql.query(
      `update identity.login_throttles
          set last_failure_at = last_failure_at - make_interval(secs => $2),
              window_ends_at = window_ends_at - make_interval(secs => $2)
        where key like '%' || $1`,
      [email, seconds],
    );
  };

  it('lets the owner in from an address with no failures while failures from many addresses pile up on the account', async () => {
    // The attack: a wrong password from each of several addresses.
    const user = await h.signup();
    for (let i = 0; i < MAX_PER_ACCOUNT + 2; i++) await fail(user.email, freshIp());

    const tokens = await login(user, freshIp());
    expect(tokens.user.id).toBe(user.user.id);
  });

  it('slows a distributed attack: an address that failed on a hot account backs off, twice as long per failure', async () => {
    const user = await h.signup();
    const attacker = freshIp();
    await fail(user.email, attacker);
    for (let i = 1; i < MAX_PER_ACCOUNT; i++) await fail(user.email, freshIp());

    // The account has MAX_PER_ACCOUNT failures: the attacker's address waits the base backoff,
    // even with the right password.
    const first = await refused(user, attacker);
    expect(first).toBeGreaterThan(BACKOFF_BASE_SECONDS - 10);
    expect(first).toBeLessThanOrEqual(BACKOFF_BASE_SECONDS);

    await fail(user.email, freshIp());
    const second = await refused(user, attacker);
    expect(second).toBeGreaterThan(2 * BACKOFF_BASE_SECONDS - 10);
    expect(second).toBeLessThanOrEqual(2 * BACKOFF_BASE_SECONDS);

    // Once its backoff has passed, the address may try again.
    await rewind(user.email, 2 * BACKOFF_BASE_SECONDS);
    expect((await login(user, attacker)).user.id).toBe(user.user.id);
  });

  it('throttles a brute force from one address with exponential backoff; other addresses are not affected', async () => {
    const user = await h.signup({}, freshIp());
    const attacker = freshIp();
    for (let i = 0; i < MAX_PER_PAIR; i++) await fail(user.email, attacker);

    const first = await refused(user, attacker);
    expect(first).toBeGreaterThan(BACKOFF_BASE_SECONDS - 10);
    expect(first).toBeLessThanOrEqual(BACKOFF_BASE_SECONDS);

    await rewind(user.email, BACKOFF_BASE_SECONDS);
    await fail(user.email, attacker);
    const second = await refused(user, attacker);
    expect(second).toBeGreaterThan(2 * BACKOFF_BASE_SECONDS - 10);
    expect(second).toBeLessThanOrEqual(2 * BACKOFF_BASE_SECONDS);

    // The owner, elsewhere, signs in; that does not unlock the attacker's address.
    await login(user, freshIp());
    await refused(user, attacker);
  });

  it('caps the backoff at the failure window, and forgets the failures once the window is over', async () => {
    const user = await h.signup();
    const attacker = freshIp();
    for (let i = 0; i < MAX_PER_PAIR; i++) await fail(user.email, attacker);
    for (let round = 0; round < 6; round++) {
      await rewind(user.email, WINDOW_SECONDS);
      await h.sql.query(
        `update identity.login_throttles set window_ends_at = now() + interval '1 hour' where key like '%' || $1`,
        [user.email],
      );
      await fail(user.email, attacker);
    }
    expect(await refused(user, attacker)).toBeLessThanOrEqual(WINDOW_SECONDS);

    await h.sql.query(
      `update identity.login_throttles set window_ends_at = now() - interval '1 second' where key like '%' || $1`,
      [user.email],
    );
    await login(user, attacker);
  });

  it("clears the account's counters on a successful login", async () => {
    const user = await h.signup();
    const ip = freshIp();
    for (let i = 0; i < MAX_PER_PAIR - 1; i++) await fail(user.email, ip);
    await fail(user.email, freshIp());
    await login(user, ip);
    // Without the reset these would add up past the limits of the pair and of the account.
    for (let i = 0; i < MAX_PER_PAIR - 1; i++) await fail(user.email, ip);
    await login(user, ip);
  });

  it('counts failures for unknown emails the same way', async () => {
    const email = uniqueEmail('unknown');
    const ip = freshIp();
    for (let i = 0; i < MAX_PER_PAIR; i++) await fail(email, ip);
    await refused({ email, password: 'wrong password!' }, ip);
  });

  it('refuses an IP with rate_limited after failures across many accounts; other IPs still get in', async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_PER_IP; i++) await fail(uniqueEmail('spray'), ip);

    const victim = await h.signup();
    expect(await refused(victim, ip)).toBeGreaterThan(WINDOW_SECONDS - 30);
    // A success does not reset an IP's counter, so one valid account cannot unlock spraying.
    await login(victim, freshIp());
    await refused(victim, ip);
  });
});
