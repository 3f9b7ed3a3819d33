import { randomUUID } from 'node:crypto';
import { metadataUpdated, topicList, villageCreated, villageDeleted } from '@vv/contracts';
import { appliedBy, envelopeOf, eventually, publishEnvelope } from '@vv/testing';
import { Page, topicsSuite, type TopicsSuite } from './topics-harness';

/**
 * Topics against messaging alone on real PostgreSQL and NATS: the app's fixed topics from
 * `app/topics`, read at start from a stand-in identity, then from identity's stream.
 */
describe('topics (messaging, real PostgreSQL + NATS)', () => {
  const s = topicsSuite();
  let t: TopicsSuite['t'];
  let running: TopicsSuite['running'];
  let sql: TopicsSuite['sql'];
  let existing: TopicsSuite['existing'];
  let ann: TopicsSuite['ann'];
  let appTopics: TopicsSuite['appTopics'];
  let call: TopicsSuite['call'];
  let publish: TopicsSuite['publish'];
  let fixedOf: TopicsSuite['fixedOf'];

  beforeAll(() => {
    ({ t, running, sql, existing, ann, appTopics, call, publish, fixedOf } = s);
  });

  it('creates the fixed topics of app/topics in existing villages at start, and in new villages from village.created, once', async () => {
    await eventually(async () =>
      expect(await fixedOf(existing)).toEqual([
        { fixed_key: 'announcements', title: 'Announcements', locked: true },
        { fixed_key: 'welcome', title: 'Welcome', locked: false },
      ]),
    );

    const fresh = randomUUID();
    const created = {
      villageId: fresh,
      name: 'New',
      visibility: 'public',
      fixedKey: null,
      ownerId: null,
      ownerRole: null,
    };
    await publish(villageCreated, fresh, created);
    await publish(villageCreated, fresh, created); // a redelivery-like duplicate
    await eventually(async () =>
      expect((await fixedOf(fresh)).map((r) => r.fixed_key)).toEqual(['announcements', 'welcome']),
    );

    // A newer document adds a topic everywhere and renames one; nothing is duplicated.
    await publish(metadataUpdated, null, {
      scope: 'app',
      key: 'topics',
      version: 2,
      deleted: false,
      villageId: null,
      value: { ...appTopics, welcome: { title: 'Hello there' }, market: { title: 'Market' } },
    });
    for (const village of [existing, fresh]) {
      await eventually(async () =>
        expect((await fixedOf(village)).map((r) => `${r.fixed_key}:${r.title}`)).toEqual([
          'announcements:Announcements',
          'market:Market',
          'welcome:Hello there',
        ]),
      );
    }
    // An invalid document is ignored.
    await publish(metadataUpdated, null, {
      scope: 'app',
      key: 'topics',
      version: 3,
      deleted: false,
      villageId: null,
      value: { 'bad key!': { title: '' } },
    });
    // The consumer takes identity's events in order: once this one is applied, so is the document.
    await appliedBy(
      sql,
      'messaging',
      'messaging-fixed-topics',
      await publish(villageCreated, fresh, created),
    );
    expect(await fixedOf(fresh)).toHaveLength(3);

    const listed = await call<Page>(topicList, { villageId: existing, limit: 50 }, ann);
    expect(listed.items.filter((topic) => topic.fixed)).toHaveLength(3);
  });

  it('gives a village no fixed topics when its village.deleted is applied before its village.created', async () => {
    await eventually(async () => expect(await fixedOf(existing)).not.toHaveLength(0));
    const villageId = randomUUID();
    const createdAt = new Date(Date.now() - 1000).toISOString();
    const deleted = envelopeOf(villageDeleted, { villageId });
    const created = envelopeOf(
      villageCreated,
      { villageId, name: 'Gone', visibility: 'public', fixedKey: null, ownerId: null, ownerRole: null },
      { occurredAt: createdAt },
    );
    for (const [def, envelope] of [
      [villageDeleted, deleted],
      [villageCreated, created],
    ] as const) {
      await publishEnvelope(running.services.nc, t.prefix, def, envelope);
      await appliedBy(sql, 'messaging', 'messaging-fixed-topics', envelope.id);
    }
    expect(await fixedOf(villageId)).toEqual([]);
  });
});
