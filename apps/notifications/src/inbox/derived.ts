import {
  NOTIFICATION_SNIPPET_MAX,
  type FilePermissions,
  type NotificationKind,
  type NotificationSubject,
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

export const users = (...userIds: Array<string | null | undefined>): Audience => ({
  type: 'users',
  userIds: [...new Set(userIds.filter((id): id is string => typeof id === 'string'))],
});
