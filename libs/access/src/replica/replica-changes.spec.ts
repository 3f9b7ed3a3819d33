import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@vv/contracts';
import { replicaChanges } from './replica-changes';

const villageId = randomUUID();
const userId = randomUUID();
const envelope = (type: string, data: unknown, version = 1): EventEnvelope => ({
  id: randomUUID(),
  type,
  version,
  occurredAt: '2030-01-02T03:04:05.678Z',
  villageId,
  actorId: null,
  data,
});

describe('replicaChanges', () => {
  it('turns village.created into the village and its owner, versioned by the event', () => {
    const event = envelope('identity.village.created', {
      villageId,
      name: 'Elm Street',
      visibility: 'private',
      fixedKey: null,
      ownerId: userId,
      ownerRole: 'owner',
    });
    const version = { occurredAt: event.occurredAt, eventId: event.id };
    expect(replicaChanges(event)).toEqual([
      { kind: 'village', villageId, visibility: 'private', deleted: false, ...version },
      { kind: 'membership', villageId, userId, role: 'owner', removed: false, ...version },
    ]);
  });

  it('keeps an app-declared village without an owner to the village alone', () => {
    const event = envelope('identity.village.created', {
      villageId,
      name: 'Town square',
      visibility: 'public',
      fixedKey: 'square',
      ownerId: null,
      ownerRole: null,
    });
    expect(replicaChanges(event).map((change) => change.kind)).toEqual(['village']);
  });

  it('turns village.updated into the new visibility and village.deleted into a tombstone', () => {
    const updated = envelope('identity.village.updated', {
      villageId,
      changed: ['visibility'],
      name: 'x',
      visibility: 'public',
    });
    expect(replicaChanges(updated)).toEqual([
      expect.objectContaining({ kind: 'village', visibility: 'public', deleted: false }),
    ]);
    expect(replicaChanges(envelope('identity.village.deleted', { villageId }))).toEqual([
      expect.objectContaining({ kind: 'village', villageId, visibility: null, deleted: true }),
    ]);
  });

  it('turns membership events into the role, and a removal into a tombstone keeping the last role', () => {
    const added = envelope('identity.membership.added', { villageId, userId, role: 'member', via: 'joined' });
    const changed = envelope('identity.membership.role_changed', {
      villageId,
      userId,
      role: 'admin',
      previousRole: 'member',
    });
    const removed = envelope('identity.membership.removed', {
      villageId,
      userId,
      role: 'admin',
      reason: 'left',
    });
    expect([added, changed, removed].flatMap(replicaChanges)).toEqual([
      expect.objectContaining({ kind: 'membership', role: 'member', removed: false, eventId: added.id }),
      expect.objectContaining({ kind: 'membership', role: 'admin', removed: false, eventId: changed.id }),
      expect.objectContaining({ kind: 'membership', role: 'admin', removed: true, eventId: removed.id }),
    ]);
  });

  it('follows metadata app/roles only, and a deleted document grants nothing', () => {
    const roles = { treasurer: ['files.manage'] };
    const meta = (scope: string, key: string, extra: object) =>
      envelope('identity.metadata.updated', {
        scope,
        key,
        version: 3,
        deleted: false,
        villageId: null,
        ...extra,
      });
    expect(replicaChanges(meta('app', 'roles', { value: roles }))).toEqual([
      expect.objectContaining({ kind: 'app_roles', roles, documentVersion: 3 }),
    ]);
    expect(replicaChanges(meta('app', 'roles', { deleted: true, value: null }))).toEqual([
      expect.objectContaining({ kind: 'app_roles', roles: {} }),
    ]);
    expect(replicaChanges(meta('app', 'villages', { value: {} }))).toEqual([]);
    expect(replicaChanges(meta(`village:${villageId}`, 'roles', { value: roles }))).toEqual([]);
  });

  it("ignores identity's other events and other versions of these", () => {
    expect(replicaChanges(envelope('identity.user.registered', { userId }))).toEqual([]);
    expect(replicaChanges(envelope('identity.membership.added', { villageId }, 2))).toEqual([]);
  });

  it('rejects a malformed payload, so the consumer retries and then dead-letters it', () => {
    expect(() => replicaChanges(envelope('identity.membership.added', { villageId, userId }))).toThrow();
  });
});
