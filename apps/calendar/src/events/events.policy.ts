import { Injectable } from '@nestjs/common';
import { Access, type ReadWithMembership } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import type { EventRow } from './event-row';

/** Event permissions: reading is reading the village. */
export const EVENT_PERMISSIONS = {
  read: 'village.read',
  create: 'events.create',
  manage: 'events.manage',
} as const satisfies Record<string, Permission>;

/**
 * Who may do what with events. Everything starts with reading the village, so a private
 * village's events are `not_found` to outsiders. Members create (`events.create`); the creator or
 * `events.manage` (admins) edit and cancel. A `busy` event shows its details to the same people.
 * Authorship never outlives membership: every write asks for the caller's current role (the
 * replica, identity on a miss), so a member removed from a public village — who still reads it —
 * changes nothing of theirs (`forbidden`).
 */
@Injectable()
export class EventsPolicy {
  constructor(private readonly access: Access) {}

  async assertRead(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, EVENT_PERMISSIONS.read, villageId);
  }

  /** `assertRead` on the facts a read brought back with its data (one round trip): the data, or the refusal. */
  readWith<T>(actor: Actor, read: () => Promise<ReadWithMembership<T>>): Promise<T> {
    return this.access.assertRead(actor, EVENT_PERMISSIONS.read, read);
  }

  /** RSVPs are villagers': a public village's outsiders read its events but do not answer (forbidden). */
  async assertAttend(actor: Actor, villageId: string): Promise<void> {
    await this.assertRead(actor, villageId);
    // The current membership (identity is asked when the replica has none), not the read decision.
    const { role } = await this.access.facts(villageId, actor.userId);
    if (role === null) throw new ServiceError('forbidden', 'Only members answer an event');
  }

  async assertCreate(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, EVENT_PERMISSIONS.create, villageId);
  }

  /** Whether the caller (already known to read the village) manages its events. */
  canManage(actor: Actor, villageId: string): Promise<boolean> {
    return this.access.can(actor, EVENT_PERMISSIONS.manage, villageId);
  }

  /** Changing an event: `events.manage`, or its creator while still holding `events.create`. */
  async assertEdit(actor: Actor, event: EventRow): Promise<void> {
    await this.assertRead(actor, event.villageId);
    if (await this.canManage(actor, event.villageId)) return;
    if (
      event.createdBy === actor.userId &&
      (await this.access.can(actor, EVENT_PERMISSIONS.create, event.villageId))
    )
      return;
    throw new ServiceError(
      'forbidden',
      event.createdBy === actor.userId
        ? 'Only a member who may create events changes their own'
        : 'Only its creator or an admin may change an event',
    );
  }

  /** Whether the caller sees a busy event's details (the caller reads the village). */
  async seesDetails(actor: Actor, event: EventRow, manages?: boolean): Promise<boolean> {
    if (event.visibility === 'village' || event.createdBy === actor.userId) return true;
    return manages ?? (await this.canManage(actor, event.villageId));
  }
}
