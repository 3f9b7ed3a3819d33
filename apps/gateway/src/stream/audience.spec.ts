import { randomUUID } from 'node:crypto';
import { EVENTS, type EventEnvelope, type FilePermissions } from '@vv/contracts';
import { audienceOf, hasRule, viewOf, type Viewer } from './audience';

const V = randomUUID();
const OTHER_VILLAGE = randomUUID();

const viewer = (roles: Record<string, string> = {}, appRoles: Viewer['appRoles'] = {}): Viewer => ({
  userId: randomUUID(),
  roleIn: (villageId) => roles[villageId] ?? null,
  appRoles,
});

const owner = viewer({ [V]: 'owner' });
const admin = viewer({ [V]: 'admin' });
const member = viewer({ [V]: 'member' });
const coach = viewer({ [V]: 'COACH' }, { COACH: ['events.manage', 'invitations.manage'] });
const elsewhere = viewer({ [OTHER_VILLAGE]: 'owner' });
const outsider = viewer();

const envelope = (
  type: string,
  data: Record<string, unknown>,
  villageId: string | null = V,
): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  villageId,
  actorId: null,
  data,
});

/** Who of `viewers` gets the event: 'full', 'redacted' or null, in the order given. */
function views(event: EventEnvelope, viewers: Viewer[]): Array<'full' | 'redacted' | null> {
  const result = audienceOf(event);
  if (result.kind !== 'audience') throw new Error(`no audience: ${result.kind}`);
  return viewers.map((who) => {
    const view = viewOf(event, result.audience, who);
    return view === null ? null : view.redacted ? 'redacted' : 'full';
  });
}

describe('stream audience', () => {
  it.each(Object.keys(EVENTS))('has a rule for %s', (key) => {
    expect(hasRule(key)).toBe(true);
  });

  it('sends nothing for a type without a rule, or a payload outside its contract', () => {
    expect(audienceOf(envelope('identity.user.registered', {}, null)).kind).toBe('invalid');
    expect(audienceOf({ ...envelope('identity.user.registered', {}, null), version: 9 }).kind).toBe(
      'unknown',
    );
    expect(audienceOf(envelope('weather.rain.started', {})).kind).toBe('unknown');
    expect(hasRule('weather.rain.started.v1')).toBe(false);
  });

  it("sends a village's board and broadcast events to its current members only", () => {
    const post = envelope('messaging.post.created', {
      postId: randomUUID(),
      topicId: randomUUID(),
      villageId: V,
      parentId: null,
      authorId: member.userId,
      parentAuthorId: null,
      body: 'hello',
      data: {},
    });
    expect(views(post, [owner, admin, member, elsewhere, outsider])).toEqual([
      'full',
      'full',
      'full',
      null,
      null,
    ]);
    const result = audienceOf(post);
    expect(result.kind === 'audience' && result.audience.villageId).toBe(V);
  });

  it("sends a direct message's events to its author and recipients who are members", () => {
    const recipient = viewer({ [V]: 'member' });
    const leftVillage = viewer();
    const sent = envelope('messaging.message.sent', {
      conversationId: randomUUID(),
      messageId: randomUUID(),
      villageId: V,
      authorId: member.userId,
      recipientIds: [recipient.userId, leftVillage.userId],
      attachments: [],
    });
    expect(views(sent, [member, recipient, leftVillage, owner, outsider])).toEqual([
      'full',
      'full',
      null,
      null,
      null,
    ]);
    const created = envelope('messaging.conversation.created', {
      conversationId: randomUUID(),
      villageId: V,
      memberIds: [member.userId, recipient.userId],
      createdBy: member.userId,
      title: null,
    });
    expect(views(created, [member, recipient, admin])).toEqual(['full', 'full', null]);
  });

  it('sends membership events to the members and to the member concerned', () => {
    const joining = viewer();
    const added = envelope('identity.membership.added', {
      villageId: V,
      userId: joining.userId,
      role: 'member',
      via: 'added',
    });
    expect(views(added, [joining, owner, elsewhere])).toEqual(['full', 'full', null]);
    const created = envelope('identity.village.created', {
      villageId: V,
      name: 'New',
      visibility: 'private',
      fixedKey: null,
      ownerId: joining.userId,
      ownerRole: 'owner',
    });
    expect(views(created, [joining, outsider])).toEqual(['full', null]);
  });

  describe('files', () => {
    const file = (permissions: FilePermissions, ownerId = member.userId) => ({
      fileId: randomUUID(),
      villageId: V,
      ownerId,
      name: 'a.txt',
      folder: '/',
      contentType: 'text/plain',
      size: 1,
      permissions,
    });
    const listed = viewer({ [V]: 'member' });
    const roleListed = viewer({ [V]: 'COACH' });

    it('sends a hidden file only to its owner and files.manage holders', () => {
      const uploaded = envelope(
        'files.file.uploaded',
        file({ visibility: 'hidden', read: [listed.userId], write: [] }),
      );
      expect(views(uploaded, [member, owner, admin, listed, outsider])).toEqual([
        'full',
        'full',
        'full',
        null,
        null,
      ]);
    });

    it('sends a visible file to every member when its read list is empty, else to those listed', () => {
      const open = envelope('files.file.uploaded', file({ visibility: 'visible', read: [], write: [] }));
      expect(views(open, [listed, roleListed, elsewhere])).toEqual(['full', 'full', null]);
      const narrow = envelope(
        'files.file.uploaded',
        file({ visibility: 'visible', read: [listed.userId, 'COACH'], write: [] }, owner.userId),
      );
      const writer = viewer({ [V]: 'member' });
      const writable = envelope(
        'files.file.uploaded',
        file({ visibility: 'visible', read: ['COACH'], write: [writer.userId] }, owner.userId),
      );
      expect(views(narrow, [listed, roleListed, member, admin])).toEqual(['full', 'full', null, 'full']);
      expect(views(writable, [writer, member])).toEqual(['full', null]);
    });

    it('sends an update to those who could see the file before or can see it now', () => {
      const updated = envelope('files.file.updated', {
        ...file({ visibility: 'hidden', read: [], write: [] }, owner.userId),
        changes: ['permissions'],
        previousPermissions: { visibility: 'visible', read: [listed.userId], write: [] },
      });
      expect(views(updated, [listed, member, owner])).toEqual(['full', null, 'full']);
    });

    it('sends a deleted pending upload, and downloads, to the owner and files.manage holders', () => {
      const deleted = envelope('files.file.deleted', {
        ...file({ visibility: 'visible', read: [], write: [] }),
        status: 'pending',
        reason: 'expired',
      });
      expect(views(deleted, [member, admin, listed])).toEqual(['full', 'full', null]);
      const downloaded = envelope('files.file.downloaded', {
        downloadId: randomUUID(),
        fileId: randomUUID(),
        villageId: V,
        ownerId: member.userId,
        userId: listed.userId,
      });
      expect(views(downloaded, [member, admin, listed])).toEqual(['full', 'full', null]);
    });
  });

  describe('calendar', () => {
    const fields = (visibility: 'village' | 'busy') => ({
      eventId: randomUUID(),
      villageId: V,
      createdBy: member.userId,
      title: 'Dentist',
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '2026-12-01T11:00:00.000Z',
      allDay: false,
      timeZone: 'Europe/Berlin',
      rrule: null,
      visibility,
      data: { room: 3 },
    });

    it('redacts a busy event for members who do not see its details', () => {
      const busy = envelope('calendar.calendar_event.created', fields('busy'));
      const other = viewer({ [V]: 'member' });
      expect(views(busy, [member, admin, coach, other, outsider])).toEqual([
        'full',
        'full',
        'full',
        'redacted',
        null,
      ]);
      const result = audienceOf(busy);
      if (result.kind !== 'audience') throw new Error('no audience');
      const copy = viewOf(busy, result.audience, other)!.event;
      expect(copy.data).toEqual({
        eventId: busy.data && (busy.data as { eventId: string }).eventId,
        villageId: V,
        startsAt: '2026-12-01T10:00:00.000Z',
        endsAt: '2026-12-01T11:00:00.000Z',
        allDay: false,
        timeZone: 'Europe/Berlin',
        rrule: null,
        visibility: 'busy',
      });
      expect(copy.actorId).toBeNull();
      expect(views(envelope('calendar.calendar_event.created', fields('village')), [other])).toEqual([
        'full',
      ]);
    });

    it('sends an RSVP to the member who gave it and events.manage holders', () => {
      const rsvp = envelope('calendar.attendance.changed', {
        eventId: randomUUID(),
        villageId: V,
        memberId: member.userId,
        occurrenceStart: null,
        status: 'yes',
        previousStatus: null,
      });
      expect(views(rsvp, [member, admin, coach, viewer({ [V]: 'member' })])).toEqual([
        'full',
        'full',
        'full',
        null,
      ]);
    });
  });

  it('sends invitation events to members holding invitations.manage', () => {
    const created = envelope('identity.invitation.created', {
      invitationId: randomUUID(),
      villageId: V,
      email: 'a@example.com',
      role: 'member',
      invitedBy: owner.userId,
      maxUses: 1,
      expiresAt: '2026-12-01T10:00:00.000Z',
      tokenVersion: 1,
    });
    expect(views(created, [owner, admin, coach, member, outsider])).toEqual([
      'full',
      'full',
      'full',
      null,
      null,
    ]);
  });

  it('sends metadata by scope: app to everyone, a village to its members, a user document to its user', () => {
    const doc = (scope: string, villageId: string | null) =>
      envelope(
        'identity.metadata.updated',
        { scope, key: 'k', version: 1, deleted: false, villageId, value: null },
        villageId,
      );
    expect(views(doc('app', null), [outsider, member])).toEqual(['full', 'full']);
    expect(views(doc(`village:${V}`, V), [member, elsewhere])).toEqual(['full', null]);
    expect(views(doc(`user:${member.userId}`, null), [member, owner])).toEqual(['full', null]);
  });

  it("sends an account's own events to that account only, and never forwards session.revoked", () => {
    const profile = envelope(
      'identity.user.profile_updated',
      { userId: member.userId, changed: ['displayName'], displayName: 'M', avatarFileId: null },
      null,
    );
    expect(views(profile, [member, owner])).toEqual(['full', null]);
    const revoked = envelope(
      'identity.session.revoked',
      { userId: member.userId, sessionId: randomUUID(), reason: 'logout' },
      null,
    );
    expect(views(revoked, [member])).toEqual([null]);
  });

  it("sends a user's notification to that user, and other notifications events to webhooks.manage holders", () => {
    const forUser = envelope('notifications.something.happened', { userId: member.userId }, null);
    expect(views(forUser, [member, owner])).toEqual(['full', null]);
    const forVillage = envelope('notifications.webhook.failed', { webhookId: randomUUID() });
    expect(views(forVillage, [owner, admin, member, outsider])).toEqual(['full', 'full', null, null]);
    expect(views(envelope('notifications.ping.sent', {}, null), [owner])).toEqual([null]);
  });
});
