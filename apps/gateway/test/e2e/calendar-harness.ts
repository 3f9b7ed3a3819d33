import { connect, type NatsConnection } from '@nats-io/transport-node';
import { calendarEvent, eventOccurrence } from '@vv/contracts';
import { bootSuite, type Suite } from './boot-suite';
import { type Account, type Answer, Api, signUp } from './http';
import { addMember } from './members';

interface Item {
  id: string;
  busy: boolean;
  originalStart: string;
  startsAt: string;
  endsAt: string;
  title?: string;
  attendance?: { yes: number; no: number; maybe: number };
  myStatus?: string | null;
}

export type CalendarSuite = ReturnType<typeof calendarSuite>;

/**
 * Identity, calendar and the gateway booted, and a village with an owner, an admin, two members and
 * an outsider. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function calendarSuite() {
  let suite: Suite;
  let api: Api;
  let nc: NatsConnection;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let other: Account;
  let villageId: string;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`unexpected ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const createEvent = async (token: string, body: Record<string, unknown>): Promise<string> => {
    const answer = ok(await api.post(`/v1/villages/${villageId}/events`, { token, body }), 201);
    calendarEvent.parse(answer.body);
    return String(answer.body.id);
  };
  const list = async (token: string, from: string, to: string): Promise<Item[]> => {
    const answer = ok(
      await api.get(
        `/v1/villages/${villageId}/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        {
          token,
        },
      ),
      200,
    );
    for (const item of answer.body.items) eventOccurrence.parse(item);
    return answer.body.items as Item[];
  };
  const of = (items: Item[], id: string): Item[] => items.filter((item) => item.id === id);

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    nc = await connect({ servers: suite.environment.natsUrl });
    owner = await signUp(api, 'Owner');
    admin = await signUp(api, 'Admin');
    member = await signUp(api, 'Member');
    other = await signUp(api, 'Other member');
    villageId = String(
      ok(
        await api.post('/v1/villages', {
          token: owner.accessToken,
          body: { name: 'Cal', visibility: 'private' },
        }),
        201,
      ).body.id,
    );
    for (const [account, role] of [
      [admin, 'admin'],
      [member, 'member'],
      [other, 'member'],
    ] as const) {
      await addMember(api, villageId, owner.accessToken, account, role);
    }
  });

  afterAll(async () => {
    await nc.close();
    await suite.close();
  });

  return {
    get suite() {
      return suite;
    },
    get api() {
      return api;
    },
    get nc() {
      return nc;
    },
    get owner() {
      return owner;
    },
    get admin() {
      return admin;
    },
    get member() {
      return member;
    },
    get other() {
      return other;
    },
    get villageId() {
      return villageId;
    },
    ok,
    createEvent,
    list,
    of,
  };
}
