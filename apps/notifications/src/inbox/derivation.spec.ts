import { randomUUID } from 'node:crypto';
import type { EventEnvelope, FilePermissions } from '@vv/contracts';
import { derive } from './derivation';
import { sharedWith, snippetOf } from './derived';

const id = (): string => randomUUID();
const villageId = id();
const alice = id();
const bob = id();
const carol = id();

const envelope = (
  type: string,
  data: Record<string, unknown>,
  actorId: string | null = alice,
): EventEnvelope => ({
  id: id(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  villageId,
  actorId,
  data,
});

const invitation = (inviteeUserId: string | null | undefined) => ({
  invitationId: id(),
  villageId,
  email: 'bob@example.com',
  role: 'member',
  invitedBy: alice,
  maxUses: 1,
  expiresAt: new Date().toISOString(),
  tokenVersion: 1,
  ...(inviteeUserId === undefined ? {} : { inviteeUserId }),
});

const permissions = (read: string[], write: string[] = [], visibility = 'visible'): FilePermissions =>
  ({ visibility, read, write }) as FilePermissions;

const file = (perms: FilePermissions) => ({
  fileId: id(),
  villageId,
  ownerId: alice,
  name: 'minutes.txt',
  folder: '/docs/',
  contentType: 'text/plain',
  size: 3,
  permissions: perms,
});

const calendarEvent = (visibility: 'village' | 'busy' = 'village') => ({
  eventId: id(),
  villageId,
  createdBy: alice,
  title: 'Picnic',
  startsAt: '2026-06-01T10:00:00.000Z',
  endsAt: '2026-06-01T12:00:00.000Z',
  allDay: false,
  timeZone: 'Europe/Berlin',
  rrule: null,
  visibility,
});

describe('derivation', () => {
  it('invited: only an address that belongs to a user, addressed to that user', () => {
    const data = invitation(bob);
    for (const type of ['identity.invitation.created', 'identity.invitation.resent']) {
      expect(derive(envelope(type, data))).toEqual([
        expect.objectContaining({
          kind: 'invited',
          villageId,
          actorId: alice,
          audience: { type: 'users', userIds: [bob] },
          subject: { invitationId: data.invitationId },
          data: { role: 'member' },
        }),
      ]);
    }
    expect(derive(envelope('identity.invitation.created', invitation(null)))).toEqual([]);
    expect(derive(envelope('identity.invitation.created', invitation(undefined)))).toEqual([]);
    expect(derive(envelope('identity.invitation.revoked', { invitationId: id(), villageId }))).toEqual([]);
  });

  it('added to a village: only when someone else added the user', () => {
    const added = { villageId, userId: bob, role: 'admin', via: 'added' };
    expect(derive(envelope('identity.membership.added', added))).toEqual([
      expect.objectContaining({
        kind: 'added_to_village',
        actorId: alice,
        audience: { type: 'users', userIds: [bob] },
        data: { role: 'admin' },
      }),
    ]);
    expect(derive(envelope('identity.membership.added', { ...added, via: 'joined' }, bob))).toEqual([]);
    expect(derive(envelope('identity.membership.added', { ...added, via: 'invitation' }, bob))).toEqual([]);
    expect(derive(envelope('identity.membership.added', { ...added, via: 'auto_join' }, null))).toEqual([]);
    expect(
      derive(
        envelope('identity.membership.added', { ...added, userId: alice, role: 'owner', via: 'created' }),
      ),
    ).toEqual([]);
  });

  it('direct message: each recipient, with the conversation and message', () => {
    const data = {
      conversationId: id(),
      messageId: id(),
      villageId,
      authorId: alice,
      recipientIds: [bob, carol],
    };
    expect(derive(envelope('messaging.message.sent', { ...data, attachments: [] }))).toEqual([
      {
        kind: 'direct_message',
        villageId,
        actorId: alice,
        audience: { type: 'users', userIds: [bob, carol] },
        topicId: null,
        subject: { conversationId: data.conversationId, messageId: data.messageId },
        data: {},
      },
    ]);
  });

  it('broadcast: every member, with a snippet', () => {
    const broadcastId = id();
    expect(
      derive(
        envelope('messaging.broadcast.sent', {
          broadcastId,
          villageId,
          authorId: alice,
          body: ' Fête\n ce soir ',
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        kind: 'broadcast',
        actorId: alice,
        audience: { type: 'village_members' },
        subject: { broadcastId },
        data: { snippet: 'Fête ce soir' },
      }),
    ]);
  });

  it("post: a reply notifies the parent's author first, then the topic's watchers; a top-level post the watchers only", () => {
    const topicId = id();
    const parentId = id();
    const reply = {
      postId: id(),
      topicId,
      villageId,
      parentId,
      authorId: bob,
      parentAuthorId: alice,
      body: 'Yes!',
      data: {},
    };
    const derived = derive(envelope('messaging.post.created', reply, bob));
    expect(derived.map((d) => [d.kind, d.audience])).toEqual([
      ['reply', { type: 'users', userIds: [alice] }],
      ['topic_post', { type: 'topic_watchers', topicId }],
    ]);
    expect(derived[0]).toMatchObject({
      actorId: bob,
      topicId,
      subject: { topicId, postId: reply.postId },
      data: { parentId, snippet: 'Yes!' },
    });
    // A reply to one's own post, and a top-level post: watchers only.
    expect(
      derive(envelope('messaging.post.created', { ...reply, parentAuthorId: bob }, bob)).map((d) => d.kind),
    ).toEqual(['topic_post']);
    expect(
      derive(envelope('messaging.post.created', { ...reply, parentId: null, parentAuthorId: null }, bob)).map(
        (d) => d.kind,
      ),
    ).toEqual(['topic_post']);
  });

  it("reaction: the post's author, unless they reacted themselves", () => {
    const data = { postId: id(), topicId: id(), villageId, postAuthorId: alice, userId: bob, emoji: '🌹' };
    expect(derive(envelope('messaging.reaction.added', data, bob))).toEqual([
      {
        kind: 'reaction',
        villageId,
        actorId: bob,
        audience: { type: 'users', userIds: [alice] },
        topicId: data.topicId,
        subject: { topicId: data.topicId, postId: data.postId },
        data: { emoji: '🌹' },
      },
    ]);
    expect(derive(envelope('messaging.reaction.added', { ...data, userId: alice }))).toEqual([]);
    expect(derive(envelope('messaging.reaction.removed', data, bob))).toEqual([]);
  });

  it('event changed or cancelled: the attendees (one occurrence or all) and the creator', () => {
    const series = calendarEvent();
    const changed = derive(
      envelope(
        'calendar.calendar_event.updated',
        { ...series, changed: ['startsAt'], occurrence: null },
        bob,
      ),
    );
    expect(changed).toEqual([
      expect.objectContaining({
        kind: 'event_changed',
        actorId: bob,
        audience: { type: 'event_attendees', eventId: series.eventId, occurrenceStart: null, also: [alice] },
        subject: { eventId: series.eventId },
        data: {
          title: 'Picnic',
          changed: ['startsAt'],
          occurrence: null,
          startsAt: series.startsAt,
          endsAt: series.endsAt,
        },
      }),
    ]);
    const occurrence = {
      originalStart: '2026-06-08T10:00:00.000Z',
      cancelled: true,
      startsAt: null,
      endsAt: null,
    };
    const cancelled = derive(
      envelope('calendar.calendar_event.cancelled', { ...calendarEvent('busy'), occurrence }),
    );
    expect(cancelled).toEqual([
      expect.objectContaining({
        kind: 'event_cancelled',
        audience: expect.objectContaining({ occurrenceStart: occurrence.originalStart }),
        data: { occurrence: occurrence.originalStart, startsAt: occurrence.originalStart },
      }),
    ]);
    expect(derive(envelope('calendar.attendance.changed', { eventId: id() }))).toEqual([]);
  });

  it('file shared: user ids of a visible file on upload, and those newly added on a permissions change', () => {
    const uploaded = file(permissions([bob, 'member'], [carol]));
    expect(derive(envelope('files.file.uploaded', uploaded))).toEqual([
      expect.objectContaining({
        kind: 'file_shared',
        actorId: alice,
        audience: { type: 'users', userIds: [bob, carol] },
        subject: { fileId: uploaded.fileId },
        data: { name: 'minutes.txt', folder: '/docs/' },
      }),
    ]);
    expect(derive(envelope('files.file.uploaded', file(permissions([bob], [], 'hidden'))))).toEqual([]);
    expect(derive(envelope('files.file.uploaded', file(permissions(['admin']))))).toEqual([]);

    const updated = {
      ...file(permissions([bob, carol])),
      changes: ['permissions'],
      previousPermissions: permissions([bob]),
    };
    expect(derive(envelope('files.file.updated', updated))[0].audience).toEqual({
      type: 'users',
      userIds: [carol],
    });
    expect(derive(envelope('files.file.updated', { ...updated, changes: ['name'] }))).toEqual([]);
    // Made visible: everyone listed is new to it.
    expect(
      derive(
        envelope('files.file.updated', { ...updated, previousPermissions: permissions([bob], [], 'hidden') }),
      )[0].audience,
    ).toEqual({ type: 'users', userIds: [bob, carol] });
  });

  it("webhook disabled: the webhook's creator", () => {
    const data = {
      webhookId: id(),
      villageId,
      createdBy: bob,
      failingSince: '2026-01-01T00:00:00.000Z',
      disabledAt: '2026-01-02T00:00:00.000Z',
    };
    expect(derive(envelope('notifications.webhook.disabled', data, null))).toEqual([
      {
        kind: 'webhook_disabled',
        villageId,
        actorId: null,
        audience: { type: 'users', userIds: [bob] },
        topicId: null,
        subject: { webhookId: data.webhookId },
        data: { failingSince: data.failingSince, disabledAt: data.disabledAt },
      },
    ]);
    // Its own notifications come back on its stream: they make none.
    expect(derive(envelope('notifications.notification.created', { notificationId: id() }))).toEqual([]);
  });

  it('ignores other versions and types, and refuses a payload that breaks its contract', () => {
    expect(derive({ ...envelope('messaging.broadcast.sent', {}), version: 2 })).toEqual([]);
    expect(derive(envelope('identity.user.registered', { userId: bob }))).toEqual([]);
    expect(derive(envelope('constructor', {}))).toEqual([]);
    expect(() => derive(envelope('messaging.broadcast.sent', { villageId }))).toThrow();
  });

  it('cuts snippets at 140 characters and reads user ids only from access lists', () => {
    const graphemes = (text: string): number =>
      Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)).length;
    expect(graphemes(snippetOf('é'.repeat(200)))).toBe(140);
    expect(graphemes(snippetOf('👍🏽'.repeat(200)))).toBe(140);
    expect(snippetOf('é'.repeat(200)).endsWith('…')).toBe(true);
    expect(snippetOf('short')).toBe('short');
    expect([...sharedWith(permissions([bob, 'member', 'a1b2c3d4'], [bob]))]).toEqual([bob]);
  });
});
