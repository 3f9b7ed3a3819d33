import { connect, type NatsConnection } from '@nats-io/transport-node';
import { notification as notificationSchema } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { Api, PASSWORD, signUp, type Account, type Answer } from './http';
import { allowDirectAdds, MEMBERS_APP_ADMIN } from './members';

export interface Item {
  id: string;
  kind: string;
  villageId: string | null;
  actorId: string | null;
  subject: Record<string, string>;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export type Match = (item: Item) => boolean;

export type NotificationsSuite = Awaited<ReturnType<typeof startNotificationsSuite>>;

/**
 * Every service booted (notifications included, with a push service allowed on localhost) against
 * real PostgreSQL, NATS and S3, and the village Maple Street: Olive Owner, Ada Admin, Bea and Carl;
 * Dan is signed up but no member. Notifications are caused through the API and read back from
 * GET /v1/me/notifications.
 */
export async function startNotificationsSuite() {
  const suite: Suite = await bootSuite({
    mail: true,
    // Members are added at once here (app/members), so `added_to_village` follows an add.
    identity: { APP_ADMIN_EMAILS: MEMBERS_APP_ADMIN },
    notifications: { PUSH_ALLOW_PRIVATE: 'true', PUSH_POLL_INTERVAL_MS: '100' },
  });
  const api = new Api(suite.url);

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const idOf = (answer: Answer, status = 201): string => String(ok(answer, status).body.id);
  const put = (path: string, token: string, body?: unknown): Promise<Answer> =>
    api.request('PUT', path, { token, body });

  const notificationsOf = async (account: Account, query = '?limit=200'): Promise<Item[]> => {
    const answer = ok(await api.get(`/v1/me/notifications${query}`, { token: account.accessToken }), 200);
    for (const item of answer.body.items) notificationSchema.parse(item);
    return answer.body.items as Item[];
  };
  const having = async (account: Account, match: Match): Promise<Item[]> =>
    (await notificationsOf(account)).filter(match);
  /** The account's notifications matching, once there are at least `count` of them. */
  const waitFor = (account: Account, match: Match, count = 1): Promise<Item[]> =>
    eventually(
      async () => {
        const items = await having(account, match);
        if (items.length < count) throw new Error(`${items.length} of ${count} notifications so far`);
        return items;
      },
      15_000,
      100,
    );
  const about =
    (key: string, value: string, kind?: string): Match =>
    (item) =>
      item.subject[key] === value && (kind === undefined || item.kind === kind);
  const inVillage =
    (id: string): Match =>
    (item) =>
      item.villageId === id;

  const createVillage = async (token: string, name: string, visibility = 'private'): Promise<string> =>
    idOf(await api.post('/v1/villages', { token, body: { name, visibility } }));
  const addMember = async (village: string, account: Account, role = 'member'): Promise<void> => {
    ok(
      await api.post(`/v1/villages/${village}/members`, {
        token: owner.accessToken,
        body: { userId: account.userId, role },
      }),
      201,
    );
  };
  const conversation = async (village: string, from: Account, to: Account[]): Promise<string> =>
    idOf(
      await api.post(`/v1/villages/${village}/conversations`, {
        token: from.accessToken,
        body: { memberIds: to.map((account) => account.userId) },
      }),
    );
  const send = async (conversationId: string, from: Account, body = 'Hello'): Promise<string> =>
    idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, {
        token: from.accessToken,
        body: { body },
      }),
    );
  const broadcast = async (village: string, body: string): Promise<string> =>
    idOf(await api.post(`/v1/villages/${village}/broadcasts`, { token: owner.accessToken, body: { body } }));
  const topic = async (village: string, title: string): Promise<string> =>
    idOf(await api.post(`/v1/villages/${village}/topics`, { token: owner.accessToken, body: { title } }));
  const post = async (topicId: string, from: Account, body: string, parentId?: string): Promise<string> =>
    idOf(
      await api.post(`/v1/topics/${topicId}/posts`, {
        token: from.accessToken,
        body: parentId ? { body, parentId } : { body },
      }),
    );
  const setPreferences = async (
    village: string,
    account: Account,
    preferences: { level: string; topics?: Record<string, string> },
  ): Promise<Answer> =>
    ok(await put(`/v1/villages/${village}/notification-preferences`, account.accessToken, preferences), 200);

  await allowDirectAdds(api, PASSWORD);
  const nc: NatsConnection = await connect({ servers: suite.environment.natsUrl });
  const [owner, ada, bea, carl, dan]: Account[] = await Promise.all(
    ['Olive Owner', 'Ada Admin', 'Bea', 'Carl', 'Dan'].map((name) => signUp(api, name)),
  );
  const villageId = await createVillage(owner.accessToken, 'Maple Street');
  await addMember(villageId, ada, 'admin');
  await addMember(villageId, bea);
  await addMember(villageId, carl);
  const sql = new Client({ connectionString: suite.environment.database.url });
  await sql.connect();
  /** Resolves once none of the account's pushes is still to send (a sent push's delivery row goes). */
  const pushesSent = (account: Account): Promise<void> =>
    eventually(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `select count(*)::int as n from notifications.push_deliveries d
           join notifications.push_subscriptions s on s.id = d.subscription_id
          where s.user_id = $1 and d.status in ('pending', 'sending')`,
        [account.userId],
      );
      expect(rows[0].n).toBe(0);
    });

  return {
    suite,
    api,
    nc,
    owner,
    ada,
    bea,
    carl,
    dan,
    villageId,
    ok,
    idOf,
    put,
    notificationsOf,
    having,
    waitFor,
    about,
    inVillage,
    createVillage,
    addMember,
    conversation,
    send,
    broadcast,
    topic,
    post,
    setPreferences,
    pushesSent,
    close: async (): Promise<void> => {
      await sql.end();
      await nc.close();
      await suite.close();
    },
  };
}
