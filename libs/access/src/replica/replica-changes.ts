import {
  eventType,
  membershipAdded,
  membershipRemoved,
  membershipRoleChanged,
  metadataUpdated,
  villageCreated,
  villageDeleted,
  villageUpdated,
  type EventDefinition,
  type EventEnvelope,
  type VillageVisibility,
} from '@vv/contracts';

/** Where the app's role → permission map lives in metadata. */
export const APP_ROLES_DOCUMENT = { scope: 'app', key: 'roles' } as const;

/** The identity events that change a membership replica (its consumer takes these). */
export const REPLICA_EVENTS: readonly EventDefinition[] = [
  villageCreated,
  villageUpdated,
  villageDeleted,
  membershipAdded,
  membershipRoleChanged,
  membershipRemoved,
  metadataUpdated,
];

/** When a change happened and which event said so: the version a replica row is ordered by. */
export interface ChangeVersion {
  occurredAt: string;
  eventId: string;
}

/** One write to the replica, in the order it must be applied. */
export type ReplicaChange =
  | ({
      kind: 'village';
      villageId: string;
      visibility: VillageVisibility | null;
      deleted: boolean;
    } & ChangeVersion)
  | ({
      kind: 'membership';
      villageId: string;
      userId: string;
      role: string;
      removed: boolean;
    } & ChangeVersion)
  | ({ kind: 'app_roles'; roles: Record<string, unknown>; documentVersion: number } & ChangeVersion);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const is = (event: EventEnvelope, def: EventDefinition): boolean =>
  event.type === eventType(def) && event.version === def.version;

/**
 * What an identity event changes in a membership replica; nothing for the events a replica does not
 * follow (REPLICA_EVENTS are the ones it does).
 * The payload is parsed with its contract schema, so a malformed event fails (and is dead-lettered).
 */
export function replicaChanges(event: EventEnvelope): ReplicaChange[] {
  const version: ChangeVersion = { occurredAt: event.occurredAt, eventId: event.id };
  if (is(event, villageCreated)) {
    const data = villageCreated.data.parse(event.data);
    const changes: ReplicaChange[] = [
      { kind: 'village', villageId: data.villageId, visibility: data.visibility, deleted: false, ...version },
    ];
    if (data.ownerId && data.ownerRole) {
      changes.push({
        kind: 'membership',
        villageId: data.villageId,
        userId: data.ownerId,
        role: data.ownerRole,
        removed: false,
        ...version,
      });
    }
    return changes;
  }
  if (is(event, villageUpdated)) {
    const data = villageUpdated.data.parse(event.data);
    return [
      { kind: 'village', villageId: data.villageId, visibility: data.visibility, deleted: false, ...version },
    ];
  }
  if (is(event, villageDeleted)) {
    const data = villageDeleted.data.parse(event.data);
    return [{ kind: 'village', villageId: data.villageId, visibility: null, deleted: true, ...version }];
  }
  if (is(event, membershipAdded) || is(event, membershipRoleChanged)) {
    const data = (is(event, membershipAdded) ? membershipAdded.data : membershipRoleChanged.data).parse(
      event.data,
    );
    return [
      {
        kind: 'membership',
        villageId: data.villageId,
        userId: data.userId,
        role: data.role,
        removed: false,
        ...version,
      },
    ];
  }
  if (is(event, membershipRemoved)) {
    const data = membershipRemoved.data.parse(event.data);
    return [
      {
        kind: 'membership',
        villageId: data.villageId,
        userId: data.userId,
        role: data.role,
        removed: true,
        ...version,
      },
    ];
  }
  if (is(event, metadataUpdated)) {
    const data = metadataUpdated.data.parse(event.data);
    if (data.scope !== APP_ROLES_DOCUMENT.scope || data.key !== APP_ROLES_DOCUMENT.key) return [];
    return [
      {
        kind: 'app_roles',
        roles: !data.deleted && isObject(data.value) ? data.value : {},
        documentVersion: data.version,
        ...version,
      },
    ];
  }
  return [];
}
