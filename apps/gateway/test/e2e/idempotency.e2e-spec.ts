import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';

interface CreateCase {
  name: string;
  /** The POST path and a body; `variant` makes another request. */
  request: (variant: string) => { path: string; body: unknown };
  /** How many of what it creates exist now. */
  count: () => Promise<number>;
}

/**
 * `Idempotency-Key` on every POST that creates something, in every service: a retry of a request
 * whose answer was lost (a 504 that may hide a committed write) is safe.
 */
describe('Idempotency-Key', () => {
  let suite: Suite;
  let api: Api;
  let owner: Account;
  let villageId: string;
  let cases: CreateCase[];

  const post = (path: string, body: unknown, key?: string, token = owner.accessToken): Promise<Answer> =>
    api.post(path, { token, body, headers: key ? { 'idempotency-key': key } : {} });

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    owner = await signUp(api);
    const village = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Retry Row', visibility: 'private' },
    });
    villageId = village.body.id;
    const token = owner.accessToken;
    const items = async (path: string): Promise<number> =>
      ((await api.get(path, { token })).body as { items: unknown[] }).items.length;
    cases = [
      {
        name: 'a village (identity)',
        request: (variant) => ({
          path: '/v1/villages',
          body: { name: `Village ${variant}`, visibility: 'private' },
        }),
        count: () => items('/v1/villages?scope=mine&limit=200'),
      },
      {
        name: 'a topic (messaging)',
        request: (variant) => ({
          path: `/v1/villages/${villageId}/topics`,
          body: { title: `Topic ${variant}` },
        }),
        count: () => items(`/v1/villages/${villageId}/topics?limit=200`),
      },
      {
        name: 'an event (calendar)',
        request: (variant) => ({
          path: `/v1/villages/${villageId}/events`,
          body: {
            title: `Event ${variant}`,
            startsAt: '2027-05-03T08:00:00Z',
            endsAt: '2027-05-03T09:00:00Z',
            timeZone: 'Europe/Berlin',
          },
        }),
        count: () =>
          items(`/v1/villages/${villageId}/events?from=2027-05-01T00:00:00Z&to=2027-06-01T00:00:00Z`),
      },
      {
        name: 'a contact (identity)',
        request: (variant) => ({
          path: `/v1/villages/${villageId}/contacts`,
          body: { name: `Dr ${variant}`, kind: 'doctor' },
        }),
        count: () => items(`/v1/villages/${villageId}/contacts?limit=200`),
      },
    ];
  });

  afterAll(() => suite.close());

  it('answers a retry with the same key and request with the first answer, and creates nothing more', async () => {
    for (const { name, request, count } of cases) {
      const { path, body } = request(randomUUID());
      const key = randomUUID();
      const before = await count();
      const first = await post(path, body, key);
      expect({ name, status: first.status }).toEqual({ name, status: 201 });
      const retry = await post(path, body, key);
      expect({ name, status: retry.status, body: retry.body }).toEqual({
        name,
        status: 201,
        body: first.body,
      });
      expect({ name, created: (await count()) - before }).toEqual({ name, created: 1 });
      // Without a key, the same request is another creation (the control: the count does move).
      expect((await post(path, body)).status).toBe(201);
      expect({ name, created: (await count()) - before }).toEqual({ name, created: 2 });
    }
  });

  it('refuses the same key with another request with 422 idempotency_key_reused, creating nothing', async () => {
    for (const { name, request, count } of cases) {
      const key = randomUUID();
      const first = request(randomUUID());
      expect((await post(first.path, first.body, key)).status).toBe(201);
      const before = await count();
      const other = request(randomUUID());
      const answer = await post(other.path, other.body, key);
      expectProblem(answer, 422, 'idempotency_key_reused');
      expect({ name, created: (await count()) - before }).toEqual({ name, created: 0 });
    }
  });

  it('runs concurrent requests with one key once; all get the same answer', async () => {
    const { path, body } = cases[1].request(randomUUID());
    const key = randomUUID();
    const before = await cases[1].count();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(path, body, key)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => String(answer.body.id))).size).toBe(1);
    expect((await cases[1].count()) - before).toBe(1);
  });

  it('keeps keys per user: another user with the same key creates their own', async () => {
    const other = await signUp(api);
    const key = randomUUID();
    const mine = await post('/v1/villages', { name: 'Mine', visibility: 'private' }, key);
    const theirs = await post(
      '/v1/villages',
      { name: 'Mine', visibility: 'private' },
      key,
      other.accessToken,
    );
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const answer = await post('/v1/villages', { name: 'Bad key', visibility: 'private' }, 'x'.repeat(256));
    expectProblem(answer, 400, 'invalid');
    expect(answer.body.errors).toEqual([{ field: 'header.idempotency-key', reason: expect.any(String) }]);
  });
});
