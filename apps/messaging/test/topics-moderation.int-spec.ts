import { randomUUID } from 'node:crypto';
import {
  type Topic,
  topicCheckIds,
  topicCreate,
  topicDelete,
  topicGet,
  topicList,
  topicUpdate,
} from '@vv/contracts';
import { Page, topicsSuite, type TopicsSuite } from './topics-harness';

/**
 * Topics against messaging alone on real PostgreSQL and NATS: fixed topics kept, listing, topic ids of
 * a village, and the moderation rules.
 */
describe('topics (messaging, real PostgreSQL + NATS)', () => {
  const s = topicsSuite();
  let sql: TopicsSuite['sql'];
  let existing: TopicsSuite['existing'];
  let actor: TopicsSuite['actor'];
  let ann: TopicsSuite['ann'];
  let bob: TopicsSuite['bob'];
  let admin: TopicsSuite['admin'];
  let call: TopicsSuite['call'];
  let join: TopicsSuite['join'];

  beforeAll(() => {
    ({ sql, existing, actor, ann, bob, admin, call, join } = s);
  });

  it('refuses to delete a fixed topic, even to an admin', async () => {
    const fixed = (await call<Page>(topicList, { villageId: existing, limit: 50 }, ann)).items.find(
      (x) => x.fixed,
    );
    expect(fixed).toBeDefined();
    await expect(call(topicDelete, { topicId: fixed?.id }, admin)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('lists pinned topics first, hides archived ones unless asked, and pages without repeats', async () => {
    const village = randomUUID();
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      village,
      randomUUID(),
    ]);
    await join(village, ann.userId);
    await join(village, admin.userId, 'admin');
    const made: Topic[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await call<Topic>(topicCreate, { villageId: village, title: `t${i}` }, ann));
    await call(topicUpdate, { topicId: made[1].id, patch: { pinned: true } }, admin);
    await call(topicUpdate, { topicId: made[5].id, patch: { archived: true } }, admin);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call<Page>(topicList, { villageId: village, limit: 2, cursor }, ann);
      seen.push(...page.items.map((topic) => topic.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['t1', 't6', 't4', 't3', 't2', 't0']);
    const archived = await call<Page>(topicList, { villageId: village, archived: true }, ann);
    expect(archived.items.map((topic) => topic.title)).toEqual(['t5']);
  });

  it('says which ids are topics of a village (topic.check_ids, internal), to its readers only', async () => {
    const other = randomUUID();
    await sql.query("select messaging.apply_village_event($1, 'private', false, now(), $2)", [
      other,
      randomUUID(),
    ]);
    await join(other, ann.userId);
    const [here, archived, elsewhere] = await Promise.all([
      call<Topic>(topicCreate, { villageId: existing, title: 'Here' }, ann),
      call<Topic>(topicCreate, { villageId: existing, title: 'Archived' }, ann),
      call<Topic>(topicCreate, { villageId: other, title: 'Elsewhere' }, ann),
    ]);
    await call(topicUpdate, { topicId: archived.id, patch: { archived: true } }, admin);
    const unknown = randomUUID();
    const answer = await call<{ topicIds: string[] }>(
      topicCheckIds,
      { villageId: existing, topicIds: [here.id, elsewhere.id, unknown, archived.id] },
      ann,
    );
    expect(answer.topicIds.sort()).toEqual([here.id, archived.id].sort());
    await expect(
      call(topicCheckIds, { villageId: other, topicIds: [elsewhere.id] }, bob),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets the creator or a moderator edit, only moderators pin/lock/archive/delete, and outsiders see nothing', async () => {
    const topic = await call<Topic>(
      topicCreate,
      { villageId: existing, title: 'Mine', description: 'd' },
      ann,
    );
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { title: 'Renamed' } }, ann),
    ).resolves.toMatchObject({
      title: 'Renamed',
    });
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { title: 'Nope' } }, bob),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      call(topicUpdate, { topicId: topic.id, patch: { locked: true } }, ann),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(call(topicDelete, { topicId: topic.id }, ann)).rejects.toMatchObject({ code: 'forbidden' });
    const outsider = actor();
    await expect(call(topicGet, { topicId: topic.id }, outsider)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call(topicCreate, { villageId: existing, title: 'x' }, outsider)).rejects.toMatchObject({
      code: 'not_found',
    });
    await call(topicDelete, { topicId: topic.id }, admin);
    await expect(call(topicGet, { topicId: topic.id }, ann)).rejects.toMatchObject({ code: 'not_found' });
  });
});
