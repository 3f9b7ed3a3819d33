import {
  broadcastSent,
  calendarEventCancelled,
  calendarEventUpdated,
  eventType,
  fileUpdated,
  fileUploaded,
  invitationCreated,
  invitationResent,
  membershipAdded,
  messageSent,
  NOTIFICATION_SNIPPET_MAX,
  postCreated,
  reactionAdded,
  type EventEnvelope,
  type FilePermissions,
  type NotificationKind,
  type NotificationSubject,
  webhookDisabled,
} from '@vv/contracts';

/** Who a derived notification is for, before preferences and the actor are taken out. */
export type Audience =
  /** These users, personally. */
  | { type: 'users'; userIds: string[] }
  /** Every current member of the village (the membership replica). */
  | { type: 'village_members' }
  /** The members watching the topic. */
  | { type: 'topic_watchers'; topicId: string }
  /**
   * The members who answered yes or maybe: to one occurrence (its original start), or to the event
   * (null: the single event and every occurrence still ahead), plus `also`.
   */
  | { type: 'event_attendees'; eventId: string; occurrenceStart: string | null; also: string[] };

/** A notification an event asks for, to be addressed to an audience. */
export interface Derived {
  kind: NotificationKind;
  villageId: string | null;
  /** Who caused it: never notified of it. */
  actorId: string | null;
  audience: Audience;
  /** The topic it belongs to (muted topics silence it; watched ones bring topic posts). */
  topicId: string | null;
  subject: NotificationSubject;
  data: Record<string, unknown>;
}

/** The statuses that make a member an attendee to tell about changes. */
export const ATTENDING_STATUSES = ['yes', 'maybe'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a reader counts them (an emoji with its modifiers is one). */
const charactersOf = (text: string): string[] => Array.from(graphemes.segment(text), (part) => part.segment);

/**
 * The start of a body for display: whitespace collapsed, at most NOTIFICATION_SNIPPET_MAX
 * characters (graphemes, so an emoji is never cut in half).
 */
export function snippetOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  const characters = charactersOf(text);
  if (characters.length <= NOTIFICATION_SNIPPET_MAX) return text;
  return `${characters
    .slice(0, NOTIFICATION_SNIPPET_MAX - 1)
    .join('')
    .trimEnd()}…`;
}

/** The users a file is shared with by id: its read and write lists' user ids, when it is visible at all. */
export function sharedWith(permissions: FilePermissions): Set<string> {
  if (permissions.visibility !== 'visible') return new Set();
  return new Set([...permissions.read, ...permissions.write].filter((entry) => UUID.test(entry)));
}

const users = (...userIds: Array<string | null | undefined>): Audience => ({
  type: 'users',
  userIds: [...new Set(userIds.filter((id): id is string => typeof id === 'string'))],
});

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
