import { randomUUID } from 'node:crypto';
import { createLogger, Metrics, type Database } from '@vv/platform';
import { eventually, type TestDatabase } from '@vv/testing';
import { Client } from 'pg';
import { replicaDatabase } from '../../test/replica-database';
import { ReplicaRepository } from '../replica/replica.repository';
import { TombstonePurge, tombstoneHorizon } from './tombstone-purge';

const DAY_MS = 24 * 3600 * 1000;

describe('replica tombstone purge', () => {
  const repository = new ReplicaRepository('calendar');
  let database: TestDatabase;
  let db: Database;
  let sql: Client;
  const purges: TombstonePurge[] = [];

  const occurredAt = () => new Date().toISOString();
  const removedMember = async (villageId: string, userId: string) =>
    repository.apply(db, {
      kind: 'membership',
      villageId,
      userId,
      role: 'member',
      removed: true,
      occurredAt: occurredAt(),
      eventId: randomUUID(),
    });
  const liveMember = async (villageId: string, userId: string) =>
    repository.apply(db, {
      kind: 'membership',
      villageId,
      userId,
      role: 'member',
      removed: false,
      occurredAt: occurredAt(),
      eventId: randomUUID(),
    });
  const deletedVillage = async (villageId: string) =>
    repository.apply(db, {
      kind: 'village',
      villageId,
      visibility: null,
      deleted: true,
      occurredAt: occurredAt(),
      eventId: randomUUID(),
    });
  /** Moves a row's last change `days` into the past. */
  const age = async (days: number, villageId: string, userId?: string) => {
    const at = new Date(Date.now() - days * DAY_MS);
    if (userId) {
      await sql.query(
        'update calendar.village_members set updated_at = $3 where village_id = $1 and user_id = $2',
        [villageId, userId, at],
      );
    } else {
      await sql.query('update calendar.villages set updated_at = $2 where id = $1', [villageId, at]);
    }
  };
  const known = async (villageId: string, userId: string) => {
    const row = await repository.membership(db, villageId, userId);
    return { village: row.villageKnown, member: row.memberKnown };
  };

  beforeAll(async () => {
    ({ database, db } = await replicaDatabase('calendar'));
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    for (const purge of purges) await purge.beforeApplicationShutdown();
    await sql.end();
    await db.close();
    await database.drop();
  });

  it('keeps a tombstone while the stream can still deliver an older event (7 days and a margin)', () => {
    const now = new Date('2030-01-10T00:00:00.000Z');
    expect(tombstoneHorizon(now).toISOString()).toBe('2030-01-02T00:00:00.000Z');
  });

  it('drops, on its schedule, the tombstones past the horizon and nothing else', async () => {
    const [gone, kept] = [randomUUID(), randomUUID()];
    const [leaver, member, recentLeaver] = [randomUUID(), randomUUID(), randomUUID()];
    await deletedVillage(gone);
    await age(9, gone);
    await removedMember(kept, leaver);
    await age(9, kept, leaver);
    await liveMember(kept, member);
    await age(30, kept, member);
    await removedMember(kept, recentLeaver);
    await age(6, kept, recentLeaver);

    const metrics = new Metrics('calendar');
    const purge = new TombstonePurge({
      db,
      logger: createLogger('calendar', 'silent'),
      metrics,
      functions: ['calendar.purge_replica_tombstones'],
      intervalMs: 50,
    });
    purges.push(purge);
    purge.start();

    await eventually(async () =>
      expect(await known(gone, leaver)).toEqual({ village: false, member: false }),
    );
    expect(await known(kept, leaver)).toEqual({ village: false, member: false });
    expect(await known(kept, member)).toEqual({ village: false, member: true });
    expect(await known(kept, recentLeaver)).toEqual({ village: false, member: true });
  });
});
