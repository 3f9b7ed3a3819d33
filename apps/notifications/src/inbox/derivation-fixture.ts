import { randomUUID } from 'node:crypto';
import type { EventEnvelope, FilePermissions } from '@vv/contracts';

/** Users, a village and event payloads, for the derivation specs. */
export const id = (): string => randomUUID();
export const villageId = id();
export const alice = id();
export const bob = id();
export const carol = id();

export const envelope = (
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

export const invitation = (inviteeUserId: string | null | undefined) => ({
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

export const permissions = (read: string[], write: string[] = [], visibility = 'visible'): FilePermissions =>
  ({ visibility, read, write }) as FilePermissions;

export const file = (perms: FilePermissions) => ({
  fileId: id(),
  villageId,
  ownerId: alice,
  name: 'minutes.txt',
  folder: '/docs/',
  contentType: 'text/plain',
  size: 3,
  permissions: perms,
});

export const calendarEvent = (visibility: 'village' | 'busy' = 'village') => ({
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
