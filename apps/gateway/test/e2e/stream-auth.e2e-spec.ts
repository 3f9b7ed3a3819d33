import { eventually } from '@vv/testing';
import type { Suite } from './boot-suite';
import { type Api, PASSWORD, signUp } from './http';
import { StreamClient } from './stream-client';
import { ok, startStreamSuite, type StreamSuite } from './stream-harness';

/**
 * `GET /v1/stream` end to end: authentication, in-band refresh, logout, and heartbeats.
 */
describe('GET /v1/stream', () => {
  let s: StreamSuite;
  let suite: Suite;
  let api: Api;
  let track: StreamSuite['track'];
  let stream: StreamSuite['stream'];

  beforeAll(async () => {
    s = await startStreamSuite();
    ({ suite, api, track, stream } = s);
  });

  afterAll(() => s.close());

  describe('authentication', () => {
    it('closes 4401 on a missing or bad token', async () => {
      const none = track(await StreamClient.open(suite.url, null));
      expect(await none.closed).toMatchObject({ code: 4401 });
      const bad = track(await StreamClient.open(suite.url, 'not.a.token'));
      expect(await bad.closed).toMatchObject({ code: 4401 });
      const badQuery = track(await StreamClient.open(suite.url, 'x.y.z', { tokenIn: 'query' }));
      expect(await badQuery.closed).toMatchObject({ code: 4401 });
    });

    it('keeps the socket on an in-band refresh, and closes it for another user’s token', async () => {
      const account = await signUp(api, 'Refresher');
      const client = await stream(account);
      const refreshed = ok(
        await api.post('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } }),
        200,
      );
      client.send({ type: 'auth', token: refreshed.body.accessToken });
      const answer = await client.next((message) => message.type === 'authenticated');
      expect(Date.parse(answer.expiresAt!)).toBeGreaterThan(Date.now());
      client.send({ type: 'ping' });
      await client.next((message) => message.type === 'pong');
      expect(client.socket.readyState).toBe(client.socket.OPEN);

      const stranger = await signUp(api, 'Stranger');
      client.send({ type: 'auth', token: stranger.accessToken });
      expect(await client.closed).toMatchObject({ code: 4401 });
    });

    it('closes the socket 4401 when its session is logged out, and refuses the old token after', async () => {
      const account = await signUp(api, 'Leaver');
      const client = await stream(account);
      const other = await stream(account);
      const login = ok(
        await api.post('/v1/auth/login', { body: { email: account.email, password: PASSWORD } }),
        200,
      );
      const otherSession = await stream({ ...account, accessToken: login.body.accessToken });
      ok(await api.post('/v1/auth/logout', { body: { refreshToken: account.refreshToken } }), 204);
      expect(await client.closed).toMatchObject({ code: 4401, reason: 'session revoked' });
      expect(await other.closed).toMatchObject({ code: 4401 });
      // The access token has not expired, but its session has ended.
      const retry = track(await StreamClient.open(suite.url, account.accessToken));
      expect(await retry.closed).toMatchObject({ code: 4401 });
      // Another session of the same user is not affected.
      otherSession.send({ type: 'ping' });
      await otherSession.next((message) => message.type === 'pong');
    });

    it('answers an unknown message with an error and keeps the socket', async () => {
      const account = await signUp(api, 'Chatty');
      const client = await stream(account);
      client.socket.send('hello');
      expect(await client.next((message) => message.type === 'error')).toMatchObject({ code: 'invalid' });
      client.send({ type: 'ping' });
      await client.next((message) => message.type === 'pong');
    });
  });

  it('drops a socket that stops answering heartbeats', async () => {
    const account = await signUp(api, 'Sleeper');
    const client = await stream(account);
    client.socket.pause();
    await eventually(async () =>
      expect((await api.get('/metrics')).body).toMatch(
        /vv_stream_drops_total\{[^}]*reason="heartbeat"[^}]*\} [1-9]/,
      ),
    );
    client.socket.resume();
    expect((await client.closed).code).toBe(1006);
  });
});
