import {
  broadcastSent,
  calendarEventCancelled,
  calendarEventUpdated,
  eventType,
  fileUpdated,
  fileUploaded,
  findEvent,
  invitationCreated,
  invitationResent,
  membershipAdded,
  messageSent,
  postCreated,
  reactionAdded,
  type EventDefinition,
  type EventEnvelope,
  webhookDisabled,
} from '@vv/contracts';
import { sharedWith, snippetOf, users, type Derived } from './derived';

type Deriver = (event: EventEnvelope) => Derived[];

const invited: Deriver = (event) => {
  const data = invitationCreated.data.parse(event.data);
  if (!data.inviteeUserId) return []; // nobody has signed up with the address: the email is all there is
  return [
    {
      kind: 'invited',
      villageId: data.villageId,
      actorId: event.actorId ?? data.invitedBy,
      audience: users(data.inviteeUserId),
      topicId: null,
      subject: { invitationId: data.invitationId },
      data: { role: data.role },
    },
  ];
};

const DERIVERS = new Map<string, Deriver>(
  Object.entries({
    [eventType(invitationCreated)]: invited,
    [eventType(invitationResent)]: invited,

    [eventType(membershipAdded)]: (event) => {
      const data = membershipAdded.data.parse(event.data);
      // Only someone else adding the user: not creating a village, joining, accepting, auto-joining.
      if (data.via === 'created' || event.actorId === null || event.actorId === data.userId) return [];
      return [
        {
          kind: 'added_to_village',
          villageId: data.villageId,
          actorId: event.actorId,
          audience: users(data.userId),
          topicId: null,
          subject: {},
          data: { role: data.role },
        },
      ];
    },

    [eventType(messageSent)]: (event) => {
      const data = messageSent.data.parse(event.data);
      return [
        {
          kind: 'direct_message',
          villageId: data.villageId,
          actorId: data.authorId,
          audience: users(...data.recipientIds),
          topicId: null,
          subject: { conversationId: data.conversationId, messageId: data.messageId },
          data: {},
        },
      ];
    },

    [eventType(broadcastSent)]: (event) => {
      const data = broadcastSent.data.parse(event.data);
      return [
        {
          kind: 'broadcast',
          villageId: data.villageId,
          actorId: data.authorId,
          audience: { type: 'village_members' },
          topicId: null,
          subject: { broadcastId: data.broadcastId },
          data: { snippet: snippetOf(data.body) },
        },
      ];
    },

    [eventType(postCreated)]: (event) => {
      const data = postCreated.data.parse(event.data);
      const common = {
        villageId: data.villageId,
        actorId: data.authorId,
        topicId: data.topicId,
        subject: { topicId: data.topicId, postId: data.postId },
        data: { parentId: data.parentId, snippet: snippetOf(data.body) },
      };
      const derived: Derived[] = [];
      if (data.parentAuthorId && data.parentAuthorId !== data.authorId) {
        derived.push({ ...common, kind: 'reply', audience: users(data.parentAuthorId) });
      }
      // After the reply: the parent's author, told of the reply, is not told again as a watcher.
      derived.push({
        ...common,
        kind: 'topic_post',
        audience: { type: 'topic_watchers', topicId: data.topicId },
      });
      return derived;
    },

    [eventType(reactionAdded)]: (event) => {
      const data = reactionAdded.data.parse(event.data);
      if (data.postAuthorId === data.userId) return [];
      return [
        {
          kind: 'reaction',
          villageId: data.villageId,
          actorId: data.userId,
          audience: users(data.postAuthorId),
          topicId: data.topicId,
          subject: { topicId: data.topicId, postId: data.postId },
          data: { emoji: data.emoji },
        },
      ];
    },

    [eventType(calendarEventUpdated)]: (event) => {
      const data = calendarEventUpdated.data.parse(event.data);
      return [
        {
          kind: 'event_changed',
          villageId: data.villageId,
          actorId: event.actorId,
          audience: {
            type: 'event_attendees',
            eventId: data.eventId,
            occurrenceStart: data.occurrence?.originalStart ?? null,
            also: [data.createdBy],
          },
          topicId: null,
          subject: { eventId: data.eventId },
          data: {
            // A busy-only event's title is its creator's and managers' only.
            ...(data.visibility === 'village' ? { title: data.title } : {}),
            changed: data.changed,
            occurrence: data.occurrence?.originalStart ?? null,
            startsAt: data.occurrence?.startsAt ?? data.startsAt,
            endsAt: data.occurrence?.endsAt ?? data.endsAt,
          },
        },
      ];
    },

    [eventType(calendarEventCancelled)]: (event) => {
      const data = calendarEventCancelled.data.parse(event.data);
      return [
        {
          kind: 'event_cancelled',
          villageId: data.villageId,
          actorId: event.actorId,
          audience: {
            type: 'event_attendees',
            eventId: data.eventId,
            occurrenceStart: data.occurrence?.originalStart ?? null,
            also: [data.createdBy],
          },
          topicId: null,
          subject: { eventId: data.eventId },
          data: {
            ...(data.visibility === 'village' ? { title: data.title } : {}),
            occurrence: data.occurrence?.originalStart ?? null,
            startsAt: data.occurrence?.originalStart ?? data.startsAt,
          },
        },
      ];
    },

    [eventType(fileUploaded)]: (event) => {
      const data = fileUploaded.data.parse(event.data);
      return fileShared(event, data, [...sharedWith(data.permissions)]);
    },

    // Notifications' own: the creator of a webhook disabled after failing for too long.
    [eventType(webhookDisabled)]: (event) => {
      const data = webhookDisabled.data.parse(event.data);
      return [
        {
          kind: 'webhook_disabled',
          villageId: data.villageId,
          actorId: event.actorId,
          audience: users(data.createdBy),
          topicId: null,
          subject: { webhookId: data.webhookId },
          data: { failingSince: data.failingSince, disabledAt: data.disabledAt },
        },
      ];
    },

    [eventType(fileUpdated)]: (event) => {
      const data = fileUpdated.data.parse(event.data);
      if (!data.changes.includes('permissions')) return [];
      const before = sharedWith(data.previousPermissions);
      return fileShared(
        event,
        data,
        [...sharedWith(data.permissions)].filter((userId) => !before.has(userId)),
      );
    },
  } satisfies Record<string, Deriver>),
);

function fileShared(
  event: EventEnvelope,
  file: { fileId: string; villageId: string; ownerId: string; name: string; folder: string },
  userIds: string[],
): Derived[] {
  if (userIds.length === 0) return [];
  return [
    {
      kind: 'file_shared',
      villageId: file.villageId,
      actorId: event.actorId ?? file.ownerId,
      audience: users(...userIds),
      topicId: null,
      subject: { fileId: file.fileId },
      data: { name: file.name, folder: file.folder },
    },
  ];
}

/**
 * The notifications an event asks for, most personal first (a user is told once per event: by the
 * first derivation that names them). Events of other types, or of another version, ask for none.
 * A payload that does not match its contract throws (the event is retried, then dead-lettered).
 */
export function derive(event: EventEnvelope): Derived[] {
  if (event.version !== 1) return [];
  return DERIVERS.get(event.type)?.(event) ?? [];
}

/** The events (version 1) that ask for notifications: what the inbox consumers take, besides audience changes. */
export const DERIVED_EVENTS: readonly EventDefinition[] = [...DERIVERS.keys()].map((type) => {
  const def = findEvent(type, 1);
  if (!def) throw new Error(`${type} v1 is not in the event catalogue`);
  return def;
});
