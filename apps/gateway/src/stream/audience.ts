import { hasPermission, type AppRoles } from '@vv/access';
import {
  findEvent,
  type EventEnvelope,
  type EventKey,
  type EVENTS,
  type FilePermissions,
  type Permission,
} from '@vv/contracts';
import type { z } from 'zod';

/** Who is looking: a signed-in user with their current roles (null: not a member). */
export interface Viewer {
  readonly userId: string;
  roleIn(villageId: string): string | null;
  readonly appRoles: AppRoles;
}

/** What one viewer gets: the event, a copy without what they may not read, or nothing. */
export type Decision = 'deliver' | 'redact' | 'skip';

/**
 * Who may see one event. `villageId`, `userIds` and `everyone` only say where to look for
 * candidates (a superset: a village's members, some users, every connection); `decide` is the
 * whole rule for one viewer.
 */
export interface Audience {
  readonly villageId: string | null;
  readonly userIds: readonly string[];
  readonly everyone: boolean;
  decide(viewer: Viewer): Decision;
  /** The copy sent on `redact`. */
  redact?(event: EventEnvelope): EventEnvelope;
}

export type AudienceResult =
  | { kind: 'audience'; audience: Audience }
  /** A type no rule covers (e.g. a newer version): sent to nobody, counted. */
  | { kind: 'unknown' }
  /** A payload that does not match its contract: sent to nobody, counted. */
  | { kind: 'invalid' };

type DataOf<K extends EventKey> = z.output<(typeof EVENTS)[K]['data']>;
type Rule<K extends EventKey> = (data: DataOf<K>, event: EventEnvelope) => Audience;
/** Notifications' events are covered by one rule on their prefix (see notificationsAudience). */
type CoveredKey = Exclude<EventKey, `notifications.${string}`>;

const NOTIFICATIONS_PREFIX = 'notifications.';

const deliverIf = (condition: boolean): Decision => (condition ? 'deliver' : 'skip');

const NOBODY: Audience = { villageId: null, userIds: [], everyone: false, decide: () => 'skip' };

const EVERYONE: Audience = { villageId: null, userIds: [], everyone: true, decide: () => 'deliver' };

const onlyUser = (userId: string): Audience => ({
  villageId: null,
  userIds: [userId],
  everyone: false,
  decide: (viewer) => deliverIf(viewer.userId === userId),
});

/** The village's current members for whom `narrow` holds (given their role). */
const membersWhere = (
  villageId: string,
  narrow: (viewer: Viewer, role: string) => Decision = () => 'deliver',
): Audience => ({
  villageId,
  userIds: [],
  everyone: false,
  decide: (viewer) => {
    const role = viewer.roleIn(villageId);
    return role === null ? 'skip' : narrow(viewer, role);
  },
});

const members = (villageId: string): Audience => membersWhere(villageId);

const holding = (viewer: Viewer, role: string, permission: Permission): boolean =>
  hasPermission(role, permission, viewer.appRoles);

const membersHolding = (villageId: string, permission: Permission): Audience =>
  membersWhere(villageId, (viewer, role) => deliverIf(holding(viewer, role, permission)));

const membersAmong = (villageId: string, userIds: readonly string[]): Audience => ({
  ...membersWhere(villageId, (viewer) => deliverIf(userIds.includes(viewer.userId))),
  userIds,
});

/** The members, and `userId` even when not a member (a membership's own subject, before it is applied). */
const membersAndUser = (villageId: string, userId: string | null): Audience => ({
  villageId,
  userIds: userId ? [userId] : [],
  everyone: false,
  decide: (viewer) => deliverIf(viewer.userId === userId || viewer.roleIn(villageId) !== null),
});

interface FileFacts {
  villageId: string;
  ownerId: string;
  permissions: FilePermissions;
}

/** The files service's read rule (FilesPolicy.memberAccess): owner, files.manage, else the file's lists. */
function readsFile(viewer: Viewer, file: FileFacts, status: 'pending' | 'ready' = 'ready'): boolean {
  const role = viewer.roleIn(file.villageId);
  if (role === null) return false;
  if (file.ownerId === viewer.userId || holding(viewer, role, 'files.manage')) return true;
  const { visibility, read, write } = file.permissions;
  if (status !== 'ready' || visibility === 'hidden') return false;
  const listed = (list: readonly string[]): boolean => list.includes(viewer.userId) || list.includes(role);
  return listed(write) || read.length === 0 || listed(read);
}

const fileReaders = (file: FileFacts, status?: 'pending' | 'ready'): Audience =>
  membersWhere(file.villageId, (viewer) => deliverIf(readsFile(viewer, file, status)));

/** Fields of calendar_event.* that a busy event hides from members who do not see its details. */
const BUSY_HIDDEN_FIELDS = ['title', 'data', 'createdBy', 'changed', 'description', 'location'];

const hideBusyDetails = (event: EventEnvelope): EventEnvelope => {
  const data = Object.entries(event.data as Record<string, unknown>).filter(
    ([field]) => !BUSY_HIDDEN_FIELDS.includes(field),
  );
  return { ...event, actorId: null, data: Object.fromEntries(data) };
};

interface CalendarEventFacts {
  villageId: string;
  createdBy: string;
  visibility: 'village' | 'busy';
}

/** A `busy` event's details reach its creator and events.manage holders; other members get when, not what. */
const calendarAudience = (facts: CalendarEventFacts): Audience => {
  if (facts.visibility !== 'busy') return members(facts.villageId);
  return {
    ...membersWhere(facts.villageId, (viewer, role) =>
      viewer.userId === facts.createdBy || holding(viewer, role, 'events.manage') ? 'deliver' : 'redact',
    ),
    redact: hideBusyDetails,
  };
};

const metadataAudience = (scope: string, villageId: string | null): Audience => {
  if (scope === 'app') return EVERYONE;
  if (scope.startsWith('village:') && villageId) return members(villageId);
  if (scope.startsWith('user:')) return onlyUser(scope.slice('user:'.length));
  return NOBODY;
};

/**
 * One rule per event the suite publishes, mirroring who may read the same thing over REST. A
 * village's events reach only its current members; the rules narrow that further. Typed over
 * EVENTS, so a new event does not compile until it has a rule.
 */
const RULES: { [K in CoveredKey]: Rule<K> } = {
  // Identity: the account's own events go to the account only.
  'identity.user.registered.v1': (data) => onlyUser(data.userId),
  'identity.user.profile_updated.v1': (data) => onlyUser(data.userId),
  'identity.user.deleted.v1': (data) => onlyUser(data.userId),
  // Not forwarded: it closes the session's sockets.
  'identity.session.revoked.v1': () => NOBODY,
  'identity.village.created.v1': (data) => membersAndUser(data.villageId, data.ownerId),
  'identity.village.updated.v1': (data) => members(data.villageId),
  'identity.village.deleted.v1': (data) => members(data.villageId),
  'identity.membership.added.v1': (data) => membersAndUser(data.villageId, data.userId),
  'identity.membership.role_changed.v1': (data) => membersAndUser(data.villageId, data.userId),
  'identity.membership.removed.v1': (data) => membersAndUser(data.villageId, data.userId),
  'identity.metadata.updated.v1': (data) => metadataAudience(data.scope, data.villageId),
  'identity.contact.created.v1': (data) => membersHolding(data.villageId, 'members.read'),
  'identity.contact.updated.v1': (data) => membersHolding(data.villageId, 'members.read'),
  'identity.contact.deleted.v1': (data) => membersHolding(data.villageId, 'members.read'),
  'identity.contact.linked.v1': (data) => membersHolding(data.villageId, 'members.read'),
  'identity.invitation.created.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  'identity.invitation.resent.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  'identity.invitation.accepted.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  'identity.invitation.declined.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  'identity.invitation.revoked.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  'identity.invitation.expired.v1': (data) => membersHolding(data.villageId, 'invitations.manage'),
  // Messaging: conversations are their people's; boards and broadcasts every member's.
  'messaging.conversation.created.v1': (data) =>
    membersAmong(data.villageId, [...data.memberIds, data.createdBy]),
  'messaging.message.sent.v1': (data) => membersAmong(data.villageId, [data.authorId, ...data.recipientIds]),
  'messaging.message.edited.v1': (data) =>
    membersAmong(data.villageId, [data.authorId, ...data.recipientIds]),
  'messaging.message.deleted.v1': (data) =>
    membersAmong(data.villageId, [data.authorId, ...data.recipientIds]),
  'messaging.broadcast.sent.v1': (data) => members(data.villageId),
  'messaging.topic.created.v1': (data) => members(data.villageId),
  'messaging.topic.updated.v1': (data) => members(data.villageId),
  'messaging.topic.deleted.v1': (data) => members(data.villageId),
  'messaging.post.created.v1': (data) => members(data.villageId),
  'messaging.post.edited.v1': (data) => members(data.villageId),
  'messaging.post.deleted.v1': (data) => members(data.villageId),
  'messaging.reaction.added.v1': (data) => members(data.villageId),
  'messaging.reaction.removed.v1': (data) => members(data.villageId),
  // Calendar: busy events are redacted; who answers what is the member's own and the managers'.
  'calendar.calendar_event.created.v1': (data) => calendarAudience(data),
  'calendar.calendar_event.updated.v1': (data) => calendarAudience(data),
  'calendar.calendar_event.cancelled.v1': (data) => calendarAudience(data),
  'calendar.attendance.changed.v1': (data) =>
    membersWhere(data.villageId, (viewer, role) =>
      deliverIf(viewer.userId === data.memberId || holding(viewer, role, 'events.manage')),
    ),
  // Files: whoever may read the file (before or after a change of its permissions).
  'files.file.uploaded.v1': (data) => fileReaders(data),
  'files.file.updated.v1': (data) =>
    membersWhere(data.villageId, (viewer) =>
      deliverIf(
        readsFile(viewer, data) || readsFile(viewer, { ...data, permissions: data.previousPermissions }),
      ),
    ),
  'files.file.deleted.v1': (data) => fileReaders(data, data.status),
  'files.file.downloaded.v1': (data) =>
    membersWhere(data.villageId, (viewer, role) =>
      deliverIf(viewer.userId === data.ownerId || holding(viewer, role, 'files.manage')),
    ),
};

const stringField = (data: unknown, field: string): string | null => {
  if (typeof data !== 'object' || data === null) return null;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
};

/**
 * Notifications' events, by prefix (its events are added as that service grows): one for a user
 * (`data.userId`) goes to that user only; any other about a village goes to its webhooks.manage holders.
 */
function notificationsAudience(event: EventEnvelope): Audience {
  const userId = stringField(event.data, 'userId');
  if (userId) return onlyUser(userId);
  const villageId = event.villageId ?? stringField(event.data, 'villageId');
  return villageId ? membersHolding(villageId, 'webhooks.manage') : NOBODY;
}

/** Whether a rule covers events of this catalogue key (the unit test runs it over every EVENTS key). */
export const hasRule = (key: string): boolean =>
  key.startsWith(NOTIFICATIONS_PREFIX) || Object.hasOwn(RULES, key);

/** Who may see `event`, from its payload (parsed with its contract schema). */
export function audienceOf(event: EventEnvelope): AudienceResult {
  const key = `${event.type}.v${event.version}`;
  const def = findEvent(event.type, event.version);
  if (event.type.startsWith(NOTIFICATIONS_PREFIX)) {
    if (def && !def.data.safeParse(event.data).success) return { kind: 'invalid' };
    return { kind: 'audience', audience: notificationsAudience(event) };
  }
  if (!def || !Object.hasOwn(RULES, key)) return { kind: 'unknown' };
  const parsed = def.data.safeParse(event.data);
  if (!parsed.success) return { kind: 'invalid' };
  const rule = RULES[key as CoveredKey] as Rule<CoveredKey>;
  return { kind: 'audience', audience: rule(parsed.data as DataOf<CoveredKey>, event) };
}

/** The message one viewer gets for an event: the event, its redacted copy, or null. */
export function viewOf(
  event: EventEnvelope,
  audience: Audience,
  viewer: Viewer,
): { event: EventEnvelope; redacted: boolean } | null {
  const decision = audience.decide(viewer);
  if (decision === 'skip') return null;
  if (decision === 'redact')
    return audience.redact ? { event: audience.redact(event), redacted: true } : null;
  return { event, redacted: false };
}
