import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  attendanceChanged,
  calendarEventCancelled,
  messageSent,
  notificationList,
  userDeleted,
  villageDeleted,
  type EventDefinition,
  type EventEnvelope,
} from '@vv/contracts';
import { ensureServiceStream, type RunningApp } from '@vv/platform';
import {
  appliedBy,
  createTestEnvironment,
  envelopeOf,
  eventually,
  publishEnvelope,
  type TestEnvironment,
} from '@vv/testing';
import { Client } from 'pg';
import { createNotificationsApp } from '../src/app';
import { inboxConsumerName } from '../src/inbox/inbox.consumer';
import { calendarEventFields } from './calendar-event-fields';

type Delivery = [EventDefinition, EventEnvelope];

/**
 * The audiences notifications keeps from other services' events (event attendance) and the
 * accounts it forgets, against real PostgreSQL and NATS with the producers stood in for by events
 * on their streams. Each pair is delivered in order and in reverse (the newer event first, as a
 * redelivery after a failure, or two producers' streams, make it): the result is the same.
 */
describe('notifications: audiences whatever the order of events', () => {
  let t: TestEnvironment;
  let app: RunningApp;
  let nc: NatsConnection;
  let sql: Client;
  let clock = Date.now() - 3_600_000;
  /** Event times in the order the producers made them (recent: older ones notify nobody). */
  const tick = (): string => new Date((clock += 1000)).toISOString();

  const deliver = async (...events: Delivery[]): Promise<void> => {
    for (const [def, envelope] of events) {
      await publishEnvelope(nc, t.prefix, def, envelope);
      await appliedBy(sql, 'notifications', inboxConsumerName(def.service), envelope.id);
    }
  };
  const attendees = async (eventId: string): Promise<string[]> =>
    (
      await sql.query<{ userId: string }>(
        `select user_id as "userId" from notifications.event_attendance where event_id = $1 and status in ('yes', 'maybe')`,
        [eventId],
      )
    ).rows.map((row) => row.userId);
  const answer = (eventId: string, villageId: string, memberId: string, status = 'yes'): Delivery => [
    attendanceChanged,
    envelopeOf(
      attendanceChanged,
      { eventId, villageId, memberId, occurrenceStart: null, status, previousStatus: null },
      { occurredAt: tick() },
    ),
  ];
  /** The whole event cancelled. */
  const cancellation = (eventId: string, villageId: string, createdBy: string): Delivery => [
    calendarEventCancelled,
    envelopeOf(
      calendarEventCancelled,
      { ...calendarEventFields(eventId, villageId, createdBy), occurrence: null },
      { occurredAt: tick() },
    ),
  ];
  /** Runs `scenario` twice, on fresh ids: its events in order, then reversed; returns both results. */
  const bothOrders = async <T>(
    scenario: () => { events: Delivery[]; result: () => Promise<T> },
  ): Promise<{ inOrder: T; reversed: T }> => {
    const first = scenario();
    await deliver(...first.events);
    const second = scenario();
    await deliver(...second.events.reverse());
    return { inOrder: await first.result(), reversed: await second.result() };
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    for (const service of ['identity', 'messaging', 'calendar', 'notifications'] as const) {
      await ensureServiceStream(nc, t.prefix, service);
    }
    app = t.track(
      await createNotificationsApp({
        ...t.env,
        NOTIFICATIONS_HTTP_PORT: '0',
        SMTP_URL: 'smtp://127.0.0.1:1',
        TOMBSTONE_PURGE_INTERVAL_MS: '100',
      }),
    );
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('keeps the newest answer of a member', async () => {
    const { inOrder, reversed } = await bothOrders(() => {
      const [eventId, villageId, memberId] = [randomUUID(), randomUUID(), randomUUID()];
      return {
        events: [answer(eventId, villageId, memberId, 'yes'), answer(eventId, villageId, memberId, 'no')],
        result: () => attendees(eventId),
      };
    });
    expect(inOrder).toEqual([]);
    expect(reversed).toEqual([]);
  });

  it('keeps no answers to a cancelled event', async () => {
    const { inOrder, reversed } = await bothOrders(() => {
      const [eventId, villageId, createdBy] = [randomUUID(), randomUUID(), randomUUID()];
      return {
        events: [answer(eventId, villageId, randomUUID()), cancellation(eventId, villageId, createdBy)],
        result: () => attendees(eventId),
      };
    });
    expect(inOrder).toEqual([]);
    expect(reversed).toEqual([]);
  });

  it('keeps no answers in a deleted village, nor of a deleted account', async () => {
    const village = await bothOrders(() => {
      const [eventId, villageId] = [randomUUID(), randomUUID()];
      return {
        events: [
          answer(eventId, villageId, randomUUID()),
          [villageDeleted, envelopeOf(villageDeleted, { villageId }, { occurredAt: tick() })],
        ],
        result: () => attendees(eventId),
      };
    });
    expect(village).toEqual({ inOrder: [], reversed: [] });

    const account = await bothOrders(() => {
      const [eventId, userId] = [randomUUID(), randomUUID()];
      return {
        events: [
          answer(eventId, randomUUID(), userId),
          [userDeleted, envelopeOf(userDeleted, { userId }, { occurredAt: tick() })],
        ],
        result: () => attendees(eventId),
      };
    });
    expect(account).toEqual({ inOrder: [], reversed: [] });
  });

  it('makes no notification for an account deleted before its event arrived', async () => {
    const rpc = app.services.client;
    const { inOrder, reversed } = await bothOrders(() => {
      const userId = randomUUID();
      const message = envelopeOf(
        messageSent,
        {
          conversationId: randomUUID(),
          messageId: randomUUID(),
          villageId: randomUUID(),
          authorId: randomUUID(),
          recipientIds: [userId],
          attachments: [],
        },
        { occurredAt: tick() },
      );
      return {
        events: [
          [messageSent, message],
          [userDeleted, envelopeOf(userDeleted, { userId }, { occurredAt: tick() })],
        ],
        result: async () =>
          (
            await rpc.call(
              notificationList,
              { limit: 50, unread: false },
              { actor: { userId, sessionId: randomUUID() } },
            )
          ).items.length,
      };
    });
    expect(inOrder).toBe(0);
    expect(reversed).toBe(0);
  });

  it('purges its tombstones, and the replica’s, once older than the stream’s retention', async () => {
    const [eventId, userId, villageId] = [randomUUID(), randomUUID(), randomUUID()];
    await deliver(
      cancellation(eventId, villageId, userId),
      [userDeleted, envelopeOf(userDeleted, { userId })],
      [villageDeleted, envelopeOf(villageDeleted, { villageId })],
    );
    const tombstones = async () =>
      (
        await sql.query<{ count: number }>(
          `select ((select count(*) from notifications.cancelled_events where event_id = $1)
                 + (select count(*) from notifications.deleted_users where user_id = $2)
                 + (select count(*) from notifications.villages where id = $3))::int as count`,
          [eventId, userId, villageId],
        )
      ).rows[0].count;
    expect(await tombstones()).toBe(3);

    const nineDaysAgo = new Date(Date.now() - 9 * 24 * 3600 * 1000);
    await sql.query('update notifications.cancelled_events set updated_at = $2 where event_id = $1', [
      eventId,
      nineDaysAgo,
    ]);
    await sql.query('update notifications.deleted_users set updated_at = $2 where user_id = $1', [
      userId,
      nineDaysAgo,
    ]);
    await sql.query('update notifications.villages set updated_at = $2 where id = $1', [
      villageId,
      nineDaysAgo,
    ]);
    await eventually(async () => expect(await tombstones()).toBe(0));
  });
});
