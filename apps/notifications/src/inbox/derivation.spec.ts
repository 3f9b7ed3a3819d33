import { derive } from './derivation';
import { alice, bob, carol, envelope, id, invitation, villageId } from './derivation-fixture';

/** Which notifications an event makes: invitations, members, messages, broadcasts, posts, reactions. */
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
});
