import { randomUUID } from 'node:crypto';
import { EVENTS } from '@vv/contracts';
import { audienceOf, hasRule } from './audience';
import {
  admin,
  coach,
  elsewhere,
  envelope,
  member,
  outsider,
  owner,
  V,
  viewer,
  views,
} from './audience-fixture';

/** Who gets each event on the stream: villages, direct messages, memberships, invitations, metadata, accounts, notifications. */
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
