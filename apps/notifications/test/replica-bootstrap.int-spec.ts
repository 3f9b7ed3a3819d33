import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { MembershipReplicaConsumer } from '@vv/access';
import {
  attendanceChanged,
  attendanceSnapshot,
  broadcastSent,
  calendarEventUpdated,
  membershipAdded,
  membershipSnapshot,
  notificationList,
  serviceStreamName,
  type ResponseOf,
} from '@vv/contracts';
import { ensureServiceStream, type RunningApp } from '@vv/platform';
import {
  createTestEnvironment,
  eventually,
  publishEvent,
  SnapshotResponder,
  type TestEnvironment,
} from '@vv/testing';
import { createNotificationsApp } from '../src/app';
import { InboxConsumer } from '../src/inbox/inbox.consumer';
import { calendarEventFields } from './calendar-event-fields';

/**
 * Notifications' replicas never depend on the streams' retention: deployed after identity's and
 * calendar's early events were purged, it loads the village's members (identity's
 * membership.snapshot) and the event's attendees (calendar's attendance.snapshot) from stand-ins
 * over real NATS, and notifies them of what happens next.
 */
describe('notifications: replicas bootstrapped from their owners’ snapshots', () => {
  let t: TestEnvironment;
  let nc: NatsConnection;
  let running: RunningApp;
  const [villageId, eventId] = [randomUUID(), randomUUID()];
  const [author, member] = [randomUUID(), randomUUID()];
  const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();

  const kinds = async (userId: string): Promise<string[]> => {
    const page: ResponseOf<typeof notificationList> = await running.services.client.call(
      notificationList,
      { limit: 50, unread: false },
      { actor: { userId, sessionId: randomUUID() } },
    );
    return page.items.map((item) => item.kind).sort();
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    for (const service of ['identity', 'messaging', 'calendar', 'files', 'notifications'] as const) {
      await ensureServiceStream(nc, t.prefix, service);
    }
    // History the streams no longer hold.
    await publishEvent(
      nc,
      t.prefix,
      membershipAdded,
      { villageId, userId: member, role: 'member', via: 'added' },
      {
        occurredAt: longAgo,
      },
    );
    await publishEvent(
      nc,
      t.prefix,
      attendanceChanged,
      { eventId, villageId, memberId: member, occurrenceStart: null, status: 'yes', previousStatus: null },
      { occurredAt: longAgo },
    );
    const jsm = await jetstreamManager(nc);
    for (const service of ['identity', 'calendar'] as const) {
      await jsm.streams.purge(serviceStreamName(t.prefix, service));
    }
    t.track(
      new SnapshotResponder(nc, t.prefix, membershipSnapshot, () => [
        { kind: 'village', villageId, visibility: 'private', versionAt: longAgo },
        { kind: 'member', villageId, userId: author, role: 'owner', versionAt: longAgo },
        { kind: 'member', villageId, userId: member, role: 'member', versionAt: longAgo },
      ]),
    );
    t.track(
      new SnapshotResponder(nc, t.prefix, attendanceSnapshot, () => [
        { eventId, villageId, memberId: member, occurrenceStart: null, status: 'yes', versionAt: longAgo },
      ]),
    );
    running = t.track(
      await createNotificationsApp({
        ...t.env,
        NOTIFICATIONS_HTTP_PORT: '0',
        SMTP_URL: 'smtp://127.0.0.1:1',
      }),
    );
  });

  afterAll(() => t.cleanup());

  it('tells members and attendees known only from the snapshots', async () => {
    await running.app.get(MembershipReplicaConsumer, { strict: false }).bootstrapped();
    await running.app.get(InboxConsumer).bootstrapped();

    await publishEvent(nc, t.prefix, broadcastSent, {
      broadcastId: randomUUID(),
      villageId,
      authorId: author,
      body: 'Hi',
    });
    await publishEvent(nc, t.prefix, calendarEventUpdated, {
      ...calendarEventFields(eventId, villageId, author),
      changed: ['startsAt'],
      occurrence: null,
    });
    await eventually(async () => expect(await kinds(member)).toEqual(['broadcast', 'event_changed']));
  });
});
