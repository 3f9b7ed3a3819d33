import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serviceStreamName } from '@vv/contracts';
import { FEED_SERVICES, feedStreamName } from '@vv/platform';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite } from './boot-suite';
import { Api, signUp, type Account, type Answer } from './http';
import { StreamClient, type StreamMessage } from './stream-client';

type StreamEvent = NonNullable<StreamMessage['event']>;

/** The display name settle() gives a user, so its profile update is known for a barrier. */
const BARRIER = 'Barrier';

const isBarrier = (event: StreamEvent): boolean =>
  event.type === 'identity.user.profile_updated' && String(event.data.displayName).startsWith(BARRIER);

/** The event messages a client received, without settle()'s barriers. */
export const eventsOf = (client: StreamClient): StreamClient['events'] =>
  client.events.filter((message) => !isBarrier(message.event!));

/** The id that names what an event is about, for comparing lists of events. */
export function keyOf(event: StreamEvent): [string, string] {
  const data = event.data;
  const key = [
    'postId',
    'broadcastId',
    'messageId',
    'conversationId',
    'topicId',
    'fileId',
    'eventId',
    'userId',
  ]
    .map((field) => data[field])
    .find((value) => typeof value === 'string');
  return [event.type, String(key)];
}

export const keys = (client: StreamClient): Array<[string, string]> =>
  eventsOf(client).map((m) => keyOf(m.event!));

export const idsOf = (client: StreamClient): number[] => client.events.map((m) => Number(m.id));

export const strictlyIncreasing = (ids: number[]): boolean =>
  ids.every((id, i) => i === 0 || id > ids[i - 1]);

export const ok = (answer: Answer, status: number): Answer => {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
};

export type StreamSuite = Awaited<ReturnType<typeof startStreamSuite>>;

/**
 * Every app booted for `GET /v1/stream`, a NATS connection to read the streams, SQL to see the
 * outboxes, and the WebSocket clients a file opens (closed with the suite).
 */
export async function startStreamSuite() {
  const suite = await bootSuite({ gateway: { STREAM_HEARTBEAT_MS: '1000' } });
  const api = new Api(suite.url);
  const nc: NatsConnection = await connect({ servers: suite.environment.natsUrl });
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const sql = new Client({ connectionString: suite.environment.database.url });
  await sql.connect();
  const clients: StreamClient[] = [];
  const accountOf = new Map<StreamClient, Account>();

  const track = (client: StreamClient): StreamClient => {
    clients.push(client);
    return client;
  };
  const stream = async (
    account: Account,
    options?: Parameters<typeof StreamClient.connect>[2],
  ): Promise<StreamClient> => {
    const client = track(await StreamClient.connect(suite.url, account.accessToken, options));
    accountOf.set(client, account);
    return client;
  };
  const witness = await stream(await signUp(api, 'Witness'));
  let barriers = 0;

  /** Every event committed so far: no outbox row pending in any service, all copied into the feed. */
  const inFeed = async (): Promise<void> => {
    await eventually(async () => {
      for (const schema of ['identity', 'messaging', 'calendar', 'files']) {
        const { rows } = await sql.query<{ n: number }>(
          `select count(*)::int as n from ${schema}.outbox where published_at is null`,
        );
        expect(rows[0].n).toBe(0);
      }
    });
    const counts = async (): Promise<[number, number]> => {
      let sources = 0;
      for (const service of FEED_SERVICES) {
        sources += (await jsm.streams.info(serviceStreamName(suite.environment.prefix, service))).state
          .messages;
      }
      // last_seq, not messages: a test purges the feed.
      return [sources, (await jsm.streams.info(feedStreamName(suite.environment.prefix))).state.last_seq];
    };
    await eventually(async () => {
      const [sources, feed] = await counts();
      expect(feed).toBe(sources);
    });
  };

  /**
   * Waits until every event committed so far is in the feed and handed out: to the gateway (a
   * witness socket) and to each of `sockets`. The barrier is a profile update of the socket's user,
   * which goes to that user only and lands in the feed after everything before it; a socket gets
   * its events in feed order, so once the barrier arrives, so has everything before it.
   */
  const settle = async (...sockets: StreamClient[]): Promise<void> => {
    await inFeed();
    for (const socket of [witness, ...sockets]) {
      const account = accountOf.get(socket)!;
      const displayName = `${BARRIER} ${++barriers}`;
      ok(await api.patch('/v1/me', { token: account.accessToken, body: { displayName } }), 200);
      await socket.nextEvent((event) => isBarrier(event) && event.data.displayName === displayName);
    }
  };

  return {
    suite,
    api,
    jsm,
    track,
    stream,
    settle,
    createVillage: async (owner: Account, name: string): Promise<string> =>
      String(
        ok(
          await api.post('/v1/villages', { token: owner.accessToken, body: { name, visibility: 'private' } }),
          201,
        ).body.id,
      ),
    createTopic: async (villageId: string, by: Account, title: string): Promise<string> =>
      String(
        ok(
          await api.post(`/v1/villages/${villageId}/topics`, { token: by.accessToken, body: { title } }),
          201,
        ).body.id,
      ),
    post: async (topicId: string, by: Account, body: string): Promise<string> =>
      String(
        ok(await api.post(`/v1/topics/${topicId}/posts`, { token: by.accessToken, body: { body } }), 201).body
          .id,
      ),
    close: async (): Promise<void> => {
      for (const client of clients) client.socket.terminate();
      await sql.end();
      await nc.close();
      await suite.close();
    },
  };
}
