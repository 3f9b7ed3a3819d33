import { authLogin } from '@vv/contracts';
import { expectCode, startIdentity, uniqueEmail, type IdentityHarness } from './identity-harness';

const MAX_PER_ACCOUNT = 3;
const MAX_PER_IP = 5;
const WINDOW_SECONDS = 600;

describe('identity login brute-force limits', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_PER_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_IP: String(MAX_PER_IP),
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

  it('refuses an account with rate_limited after repeated failures, even with the right password', async () => {
    const user = await h.signup();
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) await fail(user.email, freshIp());

    const error = await expectCode(
      h.rpc.call(authLogin, { email: user.email, password: user.password }, { clientIp: freshIp() }),
      'rate_limited',
    );
    const retryAfter = error.details?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 30);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);

    // Another account is not affected.
    const other = await h.signup();
    await h.rpc.call(authLogin, { email: other.email, password: other.password }, { clientIp: freshIp() });
  });

  it('lets the account in again once its failure window is over', async () => {
    const user = await h.signup();
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) await fail(user.email, freshIp());
    await expectCode(h.rpc.call(authLogin, { email: user.email, password: user.password }), 'rate_limited');

    await h.sql.query(
      `update identity.login_throttles set window_ends_at = now() - interval '1 second' where key = $1`,
      [`account:${user.email}`],
    );
    await h.rpc.call(authLogin, { email: user.email, password: user.password });
  });

  it('resets the account counter on a successful login', async () => {
    const user = await h.signup();
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) await fail(user.email, freshIp());
    await h.rpc.call(authLogin, { email: user.email, password: user.password }, { clientIp: freshIp() });
    // Without the reset these would add up past the limit.
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) await fail(user.email, freshIp());
    await h.rpc.call(authLogin, { email: user.email, password: user.password }, { clientIp: freshIp() });
  });

  it('counts failures for unknown emails the same way', async () => {
    const email = uniqueEmail('unknown');
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) await fail(email, freshIp());
    await expectCode(
      h.rpc.call(authLogin, { email, password: 'wrong password!' }, { clientIp: freshIp() }),
      'rate_limited',
    );
  });

  it('refuses an IP with rate_limited after failures across many accounts; other IPs still get in', async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_PER_IP; i++) await fail(uniqueEmail('spray'), ip);

    const victim = await h.signup();
    const error = await expectCode(
      h.rpc.call(authLogin, { email: victim.email, password: victim.password }, { clientIp: ip }),
      'rate_limited',
    );
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    // A success does not reset an IP's counter, so one valid account cannot unlock spraying.
    await h.rpc.call(authLogin, { email: victim.email, password: victim.password }, { clientIp: freshIp() });
    await expectCode(
      h.rpc.call(authLogin, { email: victim.email, password: victim.password }, { clientIp: ip }),
      'rate_limited',
    );
  });
});
