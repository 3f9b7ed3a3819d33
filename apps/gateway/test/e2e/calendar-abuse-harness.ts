import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { type Account, type Answer, Api, signUp } from './http';
import { addMember } from './members';

export const PUBLIC_BASE_URL = 'https://calendar.example.org';

export const range = (villageId: string, from: string, to: string): string =>
  `/v1/villages/${villageId}/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

/** The field-level reasons of a 400 problem. */
export const fieldsOf = (answer: Answer): string[] => {
  const errors: Array<{ field: string }> = answer.body?.errors ?? [];
  return errors.map((error) => error.field);
};

export type CalendarAbuseSuite = ReturnType<typeof calendarAbuseSuite>;

/**
 * Identity, calendar and the gateway booted with small expansion budgets, and villages to abuse. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function calendarAbuseSuite() {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let owner: Account;
  let member: Account;
  let neighbour: Account;
  let villageId: string;
  let otherVillageId: string;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`unexpected ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const newVillage = async (who: Account, visibility: 'private' | 'public'): Promise<string> =>
    String(
      ok(await api.post('/v1/villages', { token: who.accessToken, body: { name: 'V', visibility } }), 201)
        .body.id,
    );
  const event = (overrides: Record<string, unknown> = {}) => ({
    title: 'Choir',
    startsAt: '2030-03-04T18:00:00Z',
    endsAt: '2030-03-04T19:00:00Z',
    timeZone: 'Europe/Berlin',
    ...overrides,
  });

  beforeAll(async () => {
    suite = await bootSuite({ gateway: { PUBLIC_BASE_URL } });
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.env.DATABASE_URL });
    await sql.connect();
    owner = await signUp(api, 'Owner');
    member = await signUp(api, 'Member');
    neighbour = await signUp(api, 'Neighbour');
    villageId = await newVillage(owner, 'private');
    otherVillageId = await newVillage(neighbour, 'private');
    await addMember(api, villageId, owner.accessToken, member);
    ok(
      await api.post(`/v1/villages/${otherVillageId}/events`, {
        token: neighbour.accessToken,
        body: event({ rrule: 'FREQ=WEEKLY;COUNT=10' }),
      }),
      201,
    );
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  /** The neighbouring village's reads, one after another, until `done` settles. */
  const readWhile = async (done: Promise<unknown>): Promise<Answer[]> => {
    const state = { settled: false };
    const mark = () => (state.settled = true);
    void done.then(mark, mark);
    const answers: Answer[] = [];
    do {
      answers.push(
        await api.get(range(otherVillageId, '2030-03-01T00:00:00Z', '2030-06-01T00:00:00Z'), {
          token: neighbour.accessToken,
        }),
      );
    } while (!state.settled);
    return answers;
  };

  return {
    get suite() {
      return suite;
    },
    get api() {
      return api;
    },
    get sql() {
      return sql;
    },
    get owner() {
      return owner;
    },
    get member() {
      return member;
    },
    get neighbour() {
      return neighbour;
    },
    get villageId() {
      return villageId;
    },
    get otherVillageId() {
      return otherVillageId;
    },
    ok,
    newVillage,
    event,
    readWhile,
  };
}
