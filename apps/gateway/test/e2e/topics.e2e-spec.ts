import { randomUUID } from 'node:crypto';
import { eventually } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account } from './http';
import { addMember } from './members';

/** Topics, threaded posts and reactions over HTTP, with identity, messaging and the gateway booted. */
describe('topics, posts and reactions over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let appAdmin: Account;
  let owner: Account;
  let member: Account;
  let outsider: Account;
  let villageId: string;
  const adminEmail = `admin-${randomUUID()}@example.com`;

  beforeAll(async () => {
    suite = await bootSuite({ identity: { APP_ADMIN_EMAILS: adminEmail } });
    api = new Api(suite.url);
    const signup = await api.post('/v1/auth/signup', {
      body: { email: adminEmail, password: PASSWORD, displayName: 'App admin' },
    });
    appAdmin = {
      email: adminEmail,
      userId: signup.body.user.id,
      accessToken: signup.body.accessToken,
      refreshToken: signup.body.refreshToken,
    };
    owner = await signUp(api, 'Owner');
    member = await signUp(api, 'Member');
    outsider = await signUp(api, 'Outsider');
    villageId = (
      await api.post('/v1/villages', {
        token: owner.accessToken,
        body: { name: 'Family', visibility: 'private' },
      })
    ).body.id;
    await addMember(api, villageId, owner.accessToken, member, 'member');
  });

  afterAll(() => suite.close());

  it('a topic, a post, a reply, a reaction: counts, threads and tombstones over HTTP', async () => {
    const topic = await api.post(`/v1/villages/${villageId}/topics`, {
      token: member.accessToken,
      body: { title: 'Garden', description: 'Plants and plans' },
    });
    expect(topic.status).toBe(201);
    expect(topic.body).toMatchObject({ villageId, title: 'Garden', fixed: false, createdBy: member.userId });
    const topicId = topic.body.id;

    const root = await api.post(`/v1/topics/${topicId}/posts`, {
      token: member.accessToken,
      body: { body: 'Tomatoes?' },
    });
    expect(root.status).toBe(201);
    const reply = await api.post(`/v1/topics/${topicId}/posts`, {
      token: owner.accessToken,
      body: { body: 'Yes, in May', parentId: root.body.id },
    });
    expect(reply.status).toBe(201);
    expectProblem(
      await api.post(`/v1/topics/${topicId}/posts`, {
        token: member.accessToken,
        body: { body: 'Nested', parentId: reply.body.id },
      }),
      400,
      'invalid',
    );

    const reacted = await api.request(
      'PUT',
      `/v1/posts/${root.body.id}/reactions/${encodeURIComponent('👍')}`,
      {
        token: owner.accessToken,
      },
    );
    expect(reacted.status).toBe(200);
    expect(reacted.body).toMatchObject({ reactions: { '👍': 1 }, myReactions: ['👍'] });
    expectProblem(
      await api.request('PUT', `/v1/posts/${root.body.id}/reactions/${encodeURIComponent('no way')}`, {
        token: owner.accessToken,
      }),
      400,
      'invalid',
    );

    const threads = await api.get(`/v1/topics/${topicId}/posts`, { token: member.accessToken });
    expect(threads.status).toBe(200);
    expect(threads.body.items).toHaveLength(1);
    expect(threads.body.items[0]).toMatchObject({
      id: root.body.id,
      replyCount: 1,
      lastReplyAt: reply.body.createdAt,
      reactions: { '👍': 1 },
      myReactions: [],
    });
    const replies = await api.get(`/v1/topics/${topicId}/posts?parentId=${root.body.id}`, {
      token: member.accessToken,
    });
    expect(replies.body.items.map((p: { body: string }) => p.body)).toEqual(['Yes, in May']);

    expect((await api.delete(`/v1/posts/${root.body.id}`, { token: member.accessToken })).status).toBe(204);
    const tombstone = (await api.get(`/v1/topics/${topicId}/posts`, { token: owner.accessToken })).body
      .items[0];
    expect(tombstone).toMatchObject({ id: root.body.id, body: '', replyCount: 1 });
    expect(tombstone.deletedAt).not.toBeNull();
  });

  it('an outsider of a private village gets 404; a member cannot moderate (403); archived and locked topics refuse posts (409)', async () => {
    const topicId = (
      await api.post(`/v1/villages/${villageId}/topics`, {
        token: member.accessToken,
        body: { title: 'Rules' },
      })
    ).body.id;
    expectProblem(await api.get(`/v1/topics/${topicId}`, { token: outsider.accessToken }), 404, 'not_found');
    expectProblem(
      await api.get(`/v1/villages/${villageId}/topics`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
    expectProblem(
      await api.post(`/v1/topics/${topicId}/posts`, { token: outsider.accessToken, body: { body: 'hi' } }),
      404,
      'not_found',
    );
    expectProblem(
      await api.patch(`/v1/topics/${topicId}`, { token: member.accessToken, body: { pinned: true } }),
      403,
      'forbidden',
    );
    expectProblem(await api.delete(`/v1/topics/${topicId}`, { token: member.accessToken }), 403, 'forbidden');

    const locked = await api.patch(`/v1/topics/${topicId}`, {
      token: owner.accessToken,
      body: { locked: true, pinned: true },
    });
    expect(locked.body).toMatchObject({ locked: true, pinned: true });
    expectProblem(
      await api.post(`/v1/topics/${topicId}/posts`, { token: member.accessToken, body: { body: 'hi' } }),
      409,
      'conflict',
    );
    await api.patch(`/v1/topics/${topicId}`, { token: owner.accessToken, body: { archived: true } });
    const listed = await api.get(`/v1/villages/${villageId}/topics`, { token: member.accessToken });
    expect(listed.body.items.map((x: { id: string }) => x.id)).not.toContain(topicId);
    const archived = await api.get(`/v1/villages/${villageId}/topics?archived=true`, {
      token: member.accessToken,
    });
    expect(archived.body.items.map((x: { id: string }) => x.id)).toEqual([topicId]);
    expectProblem(
      await api.post(`/v1/topics/${topicId}/posts`, { token: owner.accessToken, body: { body: 'hi' } }),
      409,
      'conflict',
    );
    expect((await api.delete(`/v1/topics/${topicId}`, { token: owner.accessToken })).status).toBe(204);
  });

  it('app/topics puts fixed topics in existing and new villages, which villagers cannot delete', async () => {
    const put = await api.request('PUT', '/v1/metadata/app/topics', {
      token: appAdmin.accessToken,
      body: { news: { title: 'News', locked: true } },
    });
    expect(put.status).toBe(200);
    const fixedIn = async (village: string): Promise<{ id: string; fixed: boolean }[]> => {
      const listed = await api.get(`/v1/villages/${village}/topics`, { token: owner.accessToken });
      const items = listed.body.items as { id: string; fixed: boolean }[];
      return items.filter((x) => x.fixed);
    };
    // The messaging consumer applies app/topics after identity's event.
    const existing = await eventually(async () => {
      const items = await fixedIn(villageId);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(existing).toMatchObject([{ title: 'News', fixedKey: 'news', locked: true }]);
    expectProblem(
      await api.delete(`/v1/topics/${existing[0].id}`, { token: owner.accessToken }),
      403,
      'forbidden',
    );

    const fresh = (
      await api.post('/v1/villages', {
        token: owner.accessToken,
        body: { name: 'Later', visibility: 'public' },
      })
    ).body.id;
    const inFresh = await eventually(async () => {
      const items = await fixedIn(fresh);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(inFresh).toMatchObject([{ title: 'News', fixedKey: 'news' }]);
  });
});
