import { Injectable } from '@nestjs/common';
import { Access, type AccessFacts } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';

/** Sending is `broadcasts.send` (admins, or an app role granting it); reading is reading the village. */
export const BROADCAST_PERMISSIONS = {
  send: 'broadcasts.send',
  read: 'village.read',
} as const satisfies Record<string, Permission>;

/**
 * Who may do what with broadcasts. A private village's broadcasts are invisible to outsiders
 * (`not_found`); a public one's are readable by anyone signed in, but only members keep a read
 * cursor (an outsider gets no unread count and may not mark them read).
 */
@Injectable()
export class BroadcastsPolicy {
  constructor(private readonly access: Access) {}

  async assertSend(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, BROADCAST_PERMISSIONS.send, villageId);
  }

  /** The caller may read the village's broadcasts; the facts tell whether they are a member. */
  assertRead(actor: Actor, villageId: string): Promise<AccessFacts> {
    return this.access.assert(actor, BROADCAST_PERMISSIONS.read, villageId);
  }

  /** Only a member keeps a broadcast read cursor. */
  async assertMember(actor: Actor, villageId: string): Promise<void> {
    const facts = await this.assertRead(actor, villageId);
    if (facts.role === null) throw new ServiceError('forbidden', 'Only members keep a broadcast read cursor');
  }
}
