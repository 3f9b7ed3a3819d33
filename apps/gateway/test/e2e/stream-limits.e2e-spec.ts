import { eventually } from '@vv/testing';
import { decodeJwt } from 'jose';
import { bootSuite, type Suite } from './boot-suite';
import { Api, signUp, type Account, type Answer } from './http';
import { addMember } from './members';
import { StreamClient } from './stream-client';

const ok = (answer: Answer, status: number): Answer => {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The stream's limits, each with a gateway booted for it: slow consumers, sockets per user, token expiry. */
describe('GET /v1/stream limits', () => {
  describe('with a small send buffer and two sockets per user', () => {
    const MAX_BUFFERED = 64 * 1024;
    let suite: Suite;
    let api: Api;
    let owner: Account;
    let reader: Account;
    let topicId: string;
    const clients: StreamClient[] = [];

    beforeAll(async () => {
      suite = await bootSuite({
        gateway: {
          STREAM_MAX_BUFFERED_BYTES: String(MAX_BUFFERED),
          STREAM_MAX_CONNECTIONS_PER_USER: '2',
        },
      });
      api = new Api(suite.url);
      owner = await signUp(api, 'Owner');
      reader = await signUp(api, 'Reader');
      const villageId = String(
        ok(
          await api.post('/v1/villages', {
            token: owner.accessToken,
            body: { name: 'Busy', visibility: 'private' },
          }),
          201,
        ).body.id,
      );
      await addMember(api, villageId, owner.accessToken, reader, 'member');
      topicId = String(
        ok(
          await api.post(`/v1/villages/${villageId}/topics`, {
            token: owner.accessToken,
            body: { title: 'Big' },
          }),
          201,
        ).body.id,
      );
    });

    afterAll(async () => {
      for (const client of clients) client.socket.terminate();
      await suite.close();
    });

    it('closes a client that stops reading with 4008, while one that reads gets every event', async () => {
      const slow = await StreamClient.connect(suite.url, owner.accessToken);
      const fast = await StreamClient.connect(suite.url, reader.accessToken);
      clients.push(slow, fast);
      slow.socket.pause();
      // ~77 KB per event: many times what the kernel's socket buffers and the limit hold.
      const body = 'x'.repeat(16_000);
      const data = { blob: 'y'.repeat(60_000) };
      const posted: string[] = [];
      const dropped = async (): Promise<boolean> =>
        /vv_stream_drops_total\{[^}]*reason="slow_consumer"[^}]*\} 1/.test((await api.get('/metrics')).body);
      // Posts until the gateway gives up on the slow socket (it cuts one that then stays silent for 5 s).
      while (posted.length < 300 && !(posted.length % 10 === 0 && (await dropped()))) {
        const answer = ok(
          await api.post(`/v1/topics/${topicId}/posts`, { token: owner.accessToken, body: { body, data } }),
          201,
        );
        posted.push(String(answer.body.id));
      }
      await eventually(async () => expect(await dropped()).toBe(true));
      slow.socket.resume();
      expect(await slow.closed).toMatchObject({ code: 4008, reason: 'slow consumer' });
      expect(slow.events.length).toBeLessThan(posted.length);

      await fast.nextEvent((event) => event.data.postId === posted[posted.length - 1], { timeoutMs: 20_000 });
      expect(fast.events.map((m) => m.event!.data.postId)).toEqual(posted);
      fast.close();
    });

    it('closes a socket over the per-user limit with 4429', async () => {
      const user = await signUp(api, 'Many tabs');
      const first = await StreamClient.connect(suite.url, user.accessToken);
      const second = await StreamClient.connect(suite.url, user.accessToken);
      clients.push(first, second);
      const third = await StreamClient.open(suite.url, user.accessToken);
      clients.push(third);
      expect(await third.closed).toMatchObject({ code: 4429, reason: 'too many connections' });
      first.close();
      await first.closed;
      await eventually(async () => {
        const fourth = await StreamClient.connect(suite.url, user.accessToken);
        clients.push(fourth);
      });
    });
  });

  describe('with access tokens that live 3 seconds', () => {
    let suite: Suite;
    let api: Api;
    const clients: StreamClient[] = [];

    beforeAll(async () => {
      suite = await bootSuite({ identity: { ACCESS_TOKEN_TTL_SECONDS: '3' } });
      api = new Api(suite.url);
    });

    afterAll(async () => {
      for (const client of clients) client.socket.terminate();
      await suite.close();
    });

    it('closes the socket 4401 when its token expires, unless a new one arrives in-band', async () => {
      const expiring = await signUp(api, 'Expiring');
      const refreshing = await signUp(api, 'Refreshing');
      const closes = await StreamClient.connect(suite.url, expiring.accessToken);
      const stays = await StreamClient.connect(suite.url, refreshing.accessToken);
      clients.push(closes, stays);
      // exp has whole seconds: refresh (each time with the newest refresh token) until the new token
      // outlives the old.
      const oldExpiry = Number(decodeJwt(refreshing.accessToken).exp);
      let refreshToken = refreshing.refreshToken;
      const fresh = await eventually(
        async () => {
          const answer = ok(await api.post('/v1/auth/refresh', { body: { refreshToken } }), 200).body as {
            accessToken: string;
            refreshToken: string;
          };
          refreshToken = answer.refreshToken;
          expect(Number(decodeJwt(answer.accessToken).exp)).toBeGreaterThan(oldExpiry);
          return answer;
        },
        10_000,
        100,
      );
      stays.send({ type: 'auth', token: fresh.accessToken });
      const authenticated = await stays.next((message) => message.type === 'authenticated');

      const closed = await closes.closed;
      expect(closed).toMatchObject({ code: 4401, reason: 'token expired' });
      // The refreshed socket outlives the first token's expiry, then ends at the new one's.
      const firstExpiry = oldExpiry * 1000;
      // A deadline under test: the first token's expiry has to pass.
      await sleep(Math.max(0, firstExpiry + 200 - Date.now()));
      stays.send({ type: 'ping' });
      await stays.next((message) => message.type === 'pong');
      const stayed = await stays.closed;
      expect(stayed).toMatchObject({ code: 4401, reason: 'token expired' });
      expect(stayed.at).toBeGreaterThanOrEqual(Date.parse(authenticated.expiresAt!) - 50);
      expect(stayed.at).toBeGreaterThan(closed.at);
    });
  });

  describe('a connection storm while identity takes two commands at a time', () => {
    let suite: Suite;
    const clients: StreamClient[] = [];

    beforeAll(async () => {
      suite = await bootSuite({
        identity: { RPC_MAX_IN_FLIGHT: '2' },
        gateway: { STREAM_MAX_CONCURRENT_LOADS: '1', STREAM_MAX_CONNECTIONS_PER_USER: '50' },
      });
    });

    afterAll(async () => {
      for (const client of clients) client.socket.terminate();
      await suite.close();
    });

    it('makes every socket ready: loads wait their turn and retry identity when it is at capacity', async () => {
      const api = new Api(suite.url);
      const users = [await signUp(api, 'Storm A'), await signUp(api, 'Storm B')];
      const opened = await Promise.all(
        Array.from({ length: 30 }, (_, i) => StreamClient.open(suite.url, users[i % 2].accessToken)),
      );
      clients.push(...opened);
      const outcomes = await Promise.all(
        opened.map((client) =>
          Promise.race([
            client.next((message) => message.type === 'ready', { timeoutMs: 20_000 }).then(() => 'ready'),
            client.closed.then((closed) => `closed ${closed.code}`),
          ]),
        ),
      );
      expect(outcomes).toEqual(Array.from({ length: 30 }, () => 'ready'));
    });
  });
});
