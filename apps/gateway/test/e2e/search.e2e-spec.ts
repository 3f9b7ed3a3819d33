import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

/** `GET /v1/villages/{villageId}/search` through the gateway, with the whole suite. */
describe('search', () => {
  let suite: Suite;
  let api: Api;
  let owner: Account;
  let member: Account;
  let other: Account;
  let outsider: Account;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const idOf = (answer: Answer, status: number): string => String(ok(answer, status).body.id);

  const village = async (visibility: 'public' | 'private'): Promise<string> => {
    const id = idOf(
      await api.post('/v1/villages', { token: owner.accessToken, body: { name: 'Search', visibility } }),
      201,
    );
    for (const account of [member, other]) {
      await addMember(api, id, owner.accessToken, account);
    }
    return id;
  };

  const post = async (villageId: string, body: string): Promise<string> => {
    const topic = idOf(
      await api.post(`/v1/villages/${villageId}/topics`, {
        token: owner.accessToken,
        body: { title: 'Board' },
      }),
      201,
    );
    return idOf(
      await api.post(`/v1/topics/${topic}/posts`, { token: member.accessToken, body: { body } }),
      201,
    );
  };

  const message = async (villageId: string, from: Account, to: Account, body: string): Promise<string> => {
    const conversation = await api.post(`/v1/villages/${villageId}/conversations`, {
      token: from.accessToken,
      body: { memberIds: [to.userId] },
    });
    const conversationId = String(conversation.body.id);
    return idOf(
      await api.post(`/v1/conversations/${conversationId}/messages`, {
        token: from.accessToken,
        body: { body },
      }),
      201,
    );
  };

  const search = (villageId: string, token: string, query: string): Promise<Answer> =>
    api.get(`/v1/villages/${villageId}/search?${query}`, { token });
  const ids = (answer: Answer): string[] =>
    (ok(answer, 200).body.items as Array<{ id: string }>).map((hit) => hit.id);

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    [owner, member, other, outsider] = [
      await signUp(api, 'Owner'),
      await signUp(api, 'Member'),
      await signUp(api, 'Other'),
      await signUp(api, 'Outsider'),
    ];
  });

  afterAll(() => suite.close());

  it('finds what each caller may read: posts for anyone in a public village, messages for their members', async () => {
    const id = await village('public');
    const postId = await post(id, 'The pumpkin festival is on Saturday');
    const mine = await message(id, member, owner, 'Pumpkin soup at mine?');
    const theirs = await message(id, other, owner, 'A pumpkin secret');

    const asMember = await search(id, member.accessToken, 'q=pumpkin');
    expect(ids(asMember).sort()).toEqual([postId, mine].sort());
    expect(asMember.body.items.find((hit: { id: string }) => hit.id === postId)).toMatchObject({
      kind: 'post',
      authorId: member.userId,
      parentId: null,
      snippet: expect.arrayContaining([{ text: 'pumpkin', match: true }]),
    });
    expect(ids(await search(id, owner.accessToken, 'q=pumpkin')).sort()).toEqual(
      [postId, mine, theirs].sort(),
    );
    expect(ids(await search(id, outsider.accessToken, 'q=pumpkin'))).toEqual([postId]);
  });

  it('hides a private village from outsiders (404) and pages with an opaque cursor', async () => {
    const id = await village('private');
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await post(id, `turnip ${i}`));
    expectProblem(await search(id, outsider.accessToken, 'q=turnip'), 404, 'not_found');

    const first = ok(await search(id, member.accessToken, 'q=turnip&limit=2'), 200).body;
    expect(first.items).toHaveLength(2);
    const second = ok(
      await search(id, member.accessToken, `q=turnip&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`),
      200,
    ).body;
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((hit: { id: string }) => hit.id).sort()).toEqual(
      posts.sort(),
    );
  });

  it('validates the query', async () => {
    const id = await village('public');
    expectProblem(await search(id, member.accessToken, ''), 400, 'invalid');
    expectProblem(await search(id, member.accessToken, `q=${'x'.repeat(201)}`), 400, 'invalid');
    expectProblem(await search(id, member.accessToken, 'q=x&cursor=nope'), 400, 'invalid');
    expectProblem(await search(id, member.accessToken, 'q=x&sort=rank'), 400, 'invalid');
  });
});
