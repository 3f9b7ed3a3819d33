import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type EventEnvelope,
  eventEnvelope,
  type EventKey,
  EVENTS,
  eventSubject,
  serviceStreamName,
} from '@vv/contracts';
import type { Suite } from './boot-suite';
import { type Account, type Api, signUp } from './http';
import { type NotificationsSuite, startNotificationsSuite } from './notifications-harness';

/**
 * In-app notifications over HTTP, kind by kind: invitations, members, messages, broadcasts, and the
 * notification.created events. A "nobody else" check is made once a recipient of the same event has
 * theirs: one event's notifications commit in one transaction.
 */
describe('notifications over HTTP', () => {
  let s: NotificationsSuite;
  let suite: Suite;
  let api: Api;
  let nc: NatsConnection;
  let owner: Account;
  let ada: Account;
  let bea: Account;
  let carl: Account;
  let dan: Account;
  let villageId: string;
  let ok: NotificationsSuite['ok'];
  let idOf: NotificationsSuite['idOf'];
  let having: NotificationsSuite['having'];
  let waitFor: NotificationsSuite['waitFor'];
  let about: NotificationsSuite['about'];
  let inVillage: NotificationsSuite['inVillage'];
  let createVillage: NotificationsSuite['createVillage'];
  let addMember: NotificationsSuite['addMember'];
  let conversation: NotificationsSuite['conversation'];
  let send: NotificationsSuite['send'];
  let broadcast: NotificationsSuite['broadcast'];

  beforeAll(async () => {
    s = await startNotificationsSuite();
    ({
      suite,
      api,
      nc,
      owner,
      ada,
      bea,
      carl,
      dan,
      villageId,
      ok,
      idOf,
      having,
      waitFor,
      about,
      inVillage,
      createVillage,
      addMember,
      conversation,
      send,
      broadcast,
    } = s);
  }, 90_000);

  afterAll(() => s.close());

  describe('each kind, to the right people, never to the actor, exactly once', () => {
    it('invited: an existing user is told in-app (again on resend); an address with no account makes none', async () => {
      const invitationId = idOf(
        await api.post(`/v1/villages/${villageId}/invitations`, {
          token: owner.accessToken,
          body: { email: dan.email, role: 'member' },
        }),
      );
      const [invited] = await waitFor(dan, about('invitationId', invitationId));
      expect(invited).toMatchObject({
        kind: 'invited',
        villageId,
        actorId: owner.userId,
        subject: { invitationId },
        data: { role: 'member' },
        readAt: null,
      });
      expect(await having(owner, about('invitationId', invitationId))).toEqual([]);

      ok(
        await api.post(`/v1/villages/${villageId}/invitations/${invitationId}/resend`, {
          token: owner.accessToken,
        }),
        200,
      );
      expect(await waitFor(dan, about('invitationId', invitationId), 2)).toHaveLength(2);
    });

    it('added to a village: by someone else only, not the creator nor a user joining on their own', async () => {
      const [added] = await waitFor(
        bea,
        (item) => item.kind === 'added_to_village' && item.villageId === villageId,
      );
      expect(added).toMatchObject({ actorId: owner.userId, subject: {}, data: { role: 'member' } });
      expect(await waitFor(ada, (item) => item.kind === 'added_to_village')).toEqual([
        expect.objectContaining({ villageId, data: { role: 'admin' } }),
      ]);
      expect(await having(owner, inVillage(villageId))).toEqual([]);

      const erin = await signUp(api, 'Erin');
      const square = await createVillage(owner.accessToken, 'Town Square', 'public');
      ok(await api.post(`/v1/villages/${square}/join`, { token: erin.accessToken }), 200);
      // Identity's events are handled in order: once Erin is told she was added here, her join was handled.
      const later = await createVillage(owner.accessToken, 'Later');
      await addMember(later, erin);
      await waitFor(erin, inVillage(later));
      expect(await having(erin, inVillage(square))).toEqual([]);
    });

    it('direct message: each recipient once, even when the event is delivered again; never the author', async () => {
      const conversationId = await conversation(villageId, owner, [bea, carl]);
      const messageId = await send(conversationId, owner, 'Tea at five?');
      for (const recipient of [bea, carl]) {
        expect(await waitFor(recipient, about('messageId', messageId))).toEqual([
          expect.objectContaining({
            kind: 'direct_message',
            villageId,
            actorId: owner.userId,
            subject: { conversationId, messageId },
          }),
        ]);
      }
      expect(await having(owner, about('messageId', messageId))).toEqual([]);

      // The same event again on the stream (another Nats-Msg-Id, so JetStream keeps it): no second notification.
      await republish('messaging.message.sent.v1', (data) => data.messageId === messageId);
      const next = await send(conversationId, owner, 'Or six?');
      await waitFor(bea, about('messageId', next));
      expect(await having(bea, about('messageId', messageId))).toHaveLength(1);
    });

    it('broadcast: every member but the author, with a snippet', async () => {
      const broadcastId = await broadcast(villageId, 'Street party on Saturday!');
      for (const member of [ada, bea, carl]) {
        expect(await waitFor(member, about('broadcastId', broadcastId))).toEqual([
          expect.objectContaining({
            kind: 'broadcast',
            actorId: owner.userId,
            data: { snippet: 'Street party on Saturday!' },
          }),
        ]);
      }
      expect(await having(owner, about('broadcastId', broadcastId))).toEqual([]);
      expect(await having(dan, about('broadcastId', broadcastId))).toEqual([]);
    });

    it('publishes notification.created for each one, valid against its contract, for its user only', async () => {
      const broadcastId = await broadcast(villageId, 'Live!');
      const told = new Map(
        await Promise.all(
          [ada, bea, carl].map(
            async (member) =>
              [(await waitFor(member, about('broadcastId', broadcastId)))[0].id, member.userId] as const,
          ),
        ),
      );
      const def = EVENTS['notifications.notification.created.v1'];
      const { prefix } = suite.environment;
      const consumer = await jetstream(nc).consumers.get(serviceStreamName(prefix, 'notifications'), {
        filter_subjects: eventSubject(prefix, def),
      });
      const seen = new Map<string, EventEnvelope<Record<string, unknown>>>();
      for (let tries = 0; tries < 300 && seen.size < told.size; tries++) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) continue;
        const envelope = eventEnvelope(def.data).parse(msg.json());
        if (told.has(envelope.data.notificationId)) seen.set(envelope.data.notificationId, envelope);
      }
      expect([...seen.keys()].sort()).toEqual([...told.keys()].sort());
      for (const [notificationId, envelope] of seen) {
        expect(envelope).toMatchObject({
          type: 'notifications.notification.created',
          villageId: null,
          actorId: owner.userId,
          data: {
            notificationId,
            userId: told.get(notificationId),
            villageId,
            kind: 'broadcast',
            subject: { broadcastId },
            data: { snippet: 'Live!' },
          },
        });
      }
    });
  });

  /** Publishes an event already on its stream once more, as a redelivery would bring it again. */
  async function republish(key: EventKey, match: (data: Record<string, unknown>) => boolean): Promise<void> {
    const def = EVENTS[key];
    const { prefix } = suite.environment;
    const js = jetstream(nc);
    const consumer = await js.consumers.get(serviceStreamName(prefix, def.service), {
      filter_subjects: eventSubject(prefix, def),
    });
    for (let tries = 0; tries < 200; tries++) {
      const msg = await consumer.next({ expires: 1000 });
      if (!msg) continue;
      const envelope = msg.json<{ data: Record<string, unknown> }>();
      if (match(envelope.data)) {
        await js.publish(msg.subject, msg.data, { msgID: randomUUID() });
        return;
      }
    }
    throw new Error(`no ${key} event matched`);
  }
});
