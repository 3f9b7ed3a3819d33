import { randomUUID } from 'node:crypto';
import { findEvent } from '@vv/contracts';
import { eventually } from '@vv/testing';
import { Client } from 'pg';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

describe('broadcasts over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let sql: Client;
  let appAdmin: Account;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let announcer: Account;
  let outsider: Account;
  let villageId: string;
  let publicVillageId: string;
  const adminEmail = `app-admin-${randomUUID()}@example.com`;

  beforeAll(async () => {
    suite = await bootSuite({ identity: { APP_ADMIN_EMAILS: adminEmail } });
    api = new Api(suite.url);
    sql = new Client({ connectionString: suite.environment.database.url });
    await sql.connect();
    const signup = await api.post('/v1/auth/signup', {
      body: { email: adminEmail, password: PASSWORD, displayName: 'App admin' },
    });
    appAdmin = {
      email: adminEmail,
      userId: signup.body.user.id,
      accessToken: signup.body.accessToken,
      refreshToken: signup.body.refreshToken,
    };
    [owner, admin, member, announcer, outsider] = await Promise.all(
      ['Owner', 'Admin', 'Member', 'Announcer', 'Outsider'].map((name) => signUp(api, name)),
    );
    const roles = await api.request('PUT', '/v1/metadata/app/roles', {
      token: appAdmin.accessToken,
      body: { ANNOUNCER: ['broadcasts.send'] },
    });
    expect(roles.status).toBe(200);
    const create = async (visibility: string) =>
      (await api.post('/v1/villages', { token: owner.accessToken, body: { name: visibility, visibility } }))
        .body.id as string;
    villageId = await create('private');
    publicVillageId = await create('public');
    for (const [account, role] of [
      [admin, 'admin'],
      [member, 'member'],
      [announcer, 'ANNOUNCER'],
    ] as const) {
      await addMember(api, villageId, owner.accessToken, account, role);
    }
  });

  afterAll(async () => {
    await sql.end();
    await suite.close();
  });

  const broadcasts = (id = villageId) => `/v1/villages/${id}/broadcasts`;
  const broadcast = async (by: Account, body: string) => {
    const answer = await api.post(broadcasts(), { token: by.accessToken, body: { body } });
    expect(answer.status).toBe(201);
    return answer.body as { id: string };
  };

  it('owners, admins and app roles with broadcasts.send send; members get 403, outsiders 404', async () => {
    const sent = await api.post(broadcasts(), {
      token: admin.accessToken,
      body: { body: 'Meeting at 6', data: { pinned: true } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      villageId,
      authorId: admin.userId,
      body: 'Meeting at 6',
      data: { pinned: true },
    });
    await broadcast(owner, 'Welcome');
    // The app role reaches messaging through identity's metadata.updated event (or a read-through).
    await eventually(async () => {
      expect(
        (await api.post(broadcasts(), { token: announcer.accessToken, body: { body: 'Hear ye' } })).status,
      ).toBe(201);
    }, 5000);

    expectProblem(
      await api.post(broadcasts(), { token: member.accessToken, body: { body: 'x' } }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.post(broadcasts(), { token: outsider.accessToken, body: { body: 'x' } }),
      404,
      'not_found',
    );
    expectProblem(await api.get(broadcasts(), { token: outsider.accessToken }), 404, 'not_found');
    expectProblem(
      await api.post(broadcasts(), { token: admin.accessToken, body: { body: '' } }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post(broadcasts(), { token: admin.accessToken, body: { body: 'x', extra: true } }),
      400,
      'invalid',
    );
  });

  it('lists newest first, page by page without duplicates or gaps', async () => {
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await broadcast(admin, `notice ${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(
        `${broadcasts()}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: member.accessToken },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 5)).toEqual(sent.map((item) => item.id).reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const total = await sql.query(
      'select count(*)::int as n from messaging.broadcasts where village_id = $1',
      [villageId],
    );
    expect(seen).toHaveLength(total.rows[0].n);
  });

  it('counts unread broadcasts per member, shared by two devices, with a cursor that never moves back', async () => {
    const reader = await signUp(api, 'Reader');
    await addMember(api, villageId, owner.accessToken, reader, 'member');
    const laptop = (await api.post('/v1/auth/login', { body: { email: reader.email, password: PASSWORD } }))
      .body.accessToken as string;
    const unreadOn = async (token: string): Promise<Answer['body']> =>
      (await api.get(`${broadcasts()}?limit=1`, { token })).body;

    const before = (await unreadOn(reader.accessToken)).unreadBroadcasts as number;
    expect(before).toBeGreaterThan(0); // a member who never read has every broadcast unread
    const first = await broadcast(admin, 'one');
    const second = await broadcast(admin, 'two');
    expect(await unreadOn(laptop)).toMatchObject({ unreadBroadcasts: before + 2, readUpToBroadcastId: null });

    const read = await api.post(`${broadcasts()}/read`, {
      token: reader.accessToken,
      body: { upToBroadcastId: first.id },
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ villageId, readUpToBroadcastId: first.id, unreadBroadcasts: 1 });
    expect(await unreadOn(laptop)).toMatchObject({ unreadBroadcasts: 1, readUpToBroadcastId: first.id });

    await api.post(`${broadcasts()}/read`, { token: laptop, body: { upToBroadcastId: second.id } });
    const back = await api.post(`${broadcasts()}/read`, {
      token: laptop,
      body: { upToBroadcastId: first.id },
    });
    expect(back.body).toEqual({ villageId, readUpToBroadcastId: second.id, unreadBroadcasts: 0 });
    expect(await unreadOn(reader.accessToken)).toMatchObject({ unreadBroadcasts: 0 });

    // Sending moves the author's cursor to their broadcast: their own is never unread for them.
    await broadcast(owner, 'from the owner');
    expect((await unreadOn(admin.accessToken)).unreadBroadcasts).toBeGreaterThan(0);
    const own = await broadcast(admin, 'mine');
    expect((await unreadOn(admin.accessToken)).unreadBroadcasts).toBe(0);
    expect((await unreadOn(reader.accessToken)).unreadBroadcasts).toBe(2);
    expect((await unreadOn(admin.accessToken)).readUpToBroadcastId).toBe(own.id);

    expectProblem(
      await api.post(`${broadcasts()}/read`, {
        token: reader.accessToken,
        body: { upToBroadcastId: randomUUID() },
      }),
      400,
      'invalid',
    );
    expectProblem(
      await api.post(`${broadcasts()}/read`, {
        token: outsider.accessToken,
        body: { upToBroadcastId: first.id },
      }),
      404,
      'not_found',
    );
  });

  it('a public village: anyone signed in reads its broadcasts, without an unread count or a cursor', async () => {
    const sent = await api.post(broadcasts(publicVillageId), {
      token: owner.accessToken,
      body: { body: 'Open day' },
    });
    expect(sent.status).toBe(201);
    const read = await api.get(broadcasts(publicVillageId), { token: outsider.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ unreadBroadcasts: null, readUpToBroadcastId: null });
    expect(read.body.items[0]).toMatchObject({ id: sent.body.id, body: 'Open day' });
    expectProblem(
      await api.post(`${broadcasts(publicVillageId)}/read`, {
        token: outsider.accessToken,
        body: { upToBroadcastId: sent.body.id },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.post(broadcasts(publicVillageId), { token: outsider.accessToken, body: { body: 'x' } }),
      403,
      'forbidden',
    );
  });

  it('broadcast.sent validates against its contract and names the village and the author', async () => {
    const sent = await broadcast(admin, 'Event check');
    const rows = (
      await sql.query(
        "select type, version, village_id, actor_id, data from messaging.outbox where type = 'messaging.broadcast.sent' and data->>'broadcastId' = $1",
        [sent.id],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    const def = findEvent(rows[0].type, rows[0].version);
    expect(def!.data.parse(rows[0].data)).toEqual({
      broadcastId: sent.id,
      villageId,
      authorId: admin.userId,
      body: 'Event check',
    });
    expect(rows[0]).toMatchObject({ village_id: villageId, actor_id: admin.userId });
  });
});
