import { createGatewayApp } from '@vv/gateway';
import { createTestEnvironment, eventually } from '@vv/testing';
import { bootSuite, UNLIMITED, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account } from './http';

/**
 * A revoked session — logout, refresh-token reuse, account deletion — is refused on every route of
 * every gateway replica within about a second, however long its access token would still live; a
 * replica started after the revocation refuses it from its first request.
 */
describe('ended sessions are refused on every route of every gateway replica', () => {
  let suite: Suite;
  let replicas: Api[];

  beforeAll(async () => {
    suite = await bootSuite({ mail: true });
    const second = suite.environment.track(
      await createGatewayApp({ ...suite.environment.env, ...UNLIMITED }),
    );
    replicas = [new Api(suite.url), new Api(second.url)];
  });

  afterAll(() => suite.close());

  /** One read per service, in a village of the account's own. */
  const routesOf = async (account: Account): Promise<string[]> => {
    const village = await replicas[0].post('/v1/villages', {
      token: account.accessToken,
      body: { name: 'Session Street', visibility: 'private' },
    });
    expect(village.status).toBe(201);
    const id = village.body.id as string;
    return [
      '/v1/me',
      '/v1/villages?scope=mine',
      `/v1/villages/${id}/members`,
      `/v1/villages/${id}/topics`,
      `/v1/villages/${id}/events?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z`,
      `/v1/villages/${id}/files`,
      '/v1/me/notifications',
    ];
  };

  const expectServed = async (account: Account, routes: string[]): Promise<void> => {
    for (const api of replicas) {
      for (const route of routes) {
        expect({ route, status: (await api.get(route, { token: account.accessToken })).status }).toEqual({
          route,
          status: 200,
        });
      }
    }
  };

  /** Waits until every route of every replica refuses the token. */
  const expectRefusedEverywhere = async (account: Account, routes: string[]): Promise<void> => {
    await eventually(async () => {
      for (const api of replicas) {
        expectProblem(await api.get(routes[1], { token: account.accessToken }), 401, 'unauthenticated');
      }
    }, 5000);
    for (const api of replicas) {
      for (const route of routes) {
        const answer = await api.get(route, { token: account.accessToken });
        expectProblem(answer, 401, 'unauthenticated');
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  };

  it('after logout', async () => {
    const account = await signUp(replicas[0]);
    const routes = await routesOf(account);
    await expectServed(account, routes);
    const logout = await replicas[1].post('/v1/auth/logout', {
      body: { refreshToken: account.refreshToken },
    });
    expect(logout.status).toBe(204);
    await expectRefusedEverywhere(account, routes);
  });

  it('after the reuse of a rotated refresh token (the whole session ends)', async () => {
    const account = await signUp(replicas[0]);
    const routes = await routesOf(account);
    const rotated = await replicas[0].post('/v1/auth/refresh', {
      body: { refreshToken: account.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const current = { ...account, accessToken: rotated.body.accessToken as string };
    await expectServed(current, routes);
    const reuse = await replicas[0].post('/v1/auth/refresh', {
      body: { refreshToken: account.refreshToken },
    });
    expectProblem(reuse, 401, 'session_revoked');
    await expectRefusedEverywhere(current, routes);
    await expectRefusedEverywhere(account, routes);
  });

  it('after account deletion, for every session of the account', async () => {
    // No village: the last owner of one cannot delete their account.
    const account = await signUp(replicas[0]);
    const routes = ['/v1/me', '/v1/villages?scope=mine', '/v1/me/notifications'];
    const login = await replicas[0].post('/v1/auth/login', {
      body: { email: account.email, password: 'correct horse battery staple' },
    });
    const otherSession = { ...account, accessToken: login.body.accessToken as string };
    await expectServed(otherSession, routes);
    expect((await replicas[0].delete('/v1/me', { token: account.accessToken })).status).toBe(204);
    await expectRefusedEverywhere(otherSession, routes);
  });

  it('starts a replica while nothing was ever revoked (identity has published nothing yet)', async () => {
    const fresh = await createTestEnvironment();
    try {
      const gateway = fresh.track(await createGatewayApp({ ...fresh.env, ...UNLIMITED }));
      expect((await new Api(gateway.url).get('/health/live')).status).toBe(200);
    } finally {
      await fresh.cleanup();
    }
  });

  it('on a replica started after the revocation, from its first request', async () => {
    const account = await signUp(replicas[0]);
    await replicas[0].post('/v1/auth/logout', { body: { refreshToken: account.refreshToken } });
    await expectRefusedEverywhere(account, ['/v1/me', '/v1/villages?scope=mine']);
    const late = suite.environment.track(await createGatewayApp({ ...suite.environment.env, ...UNLIMITED }));
    const answer = await new Api(late.url).get('/v1/villages?scope=mine', { token: account.accessToken });
    expectProblem(answer, 401, 'unauthenticated');
  });
});
