import { Injectable } from '@nestjs/common';
import { Access, type ReadWithMembership } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';

/** Starting a conversation; reading and writing one needs only current membership of its village. */
export const CONVERSATION_PERMISSIONS = {
  create: 'conversations.create',
} as const satisfies Record<string, Permission>;

const notFound = (what: string): ServiceError => new ServiceError('not_found', `${what} not found`);

/**
 * Who may do what with conversations. Every read and write needs the caller to be a current member
 * of the conversation's village (the replica follows identity's membership.removed within a
 * second) and a member of the conversation; either missing answers `not_found`, so a
 * conversation's existence is not revealed. Only a message's author edits or deletes it.
 */
@Injectable()
export class ConversationsPolicy {
  constructor(private readonly access: Access) {}

  /**
   * The caller may start a conversation in the village and every other member is a current member
   * of it (at most 49 checks, from the replica; identity is asked only about pairs it lacks).
   */
  async assertCreate(actor: Actor, villageId: string, memberIds: readonly string[]): Promise<void> {
    await this.access.assert(actor, CONVERSATION_PERMISSIONS.create, villageId);
    const others = [...new Set(memberIds)].filter((id) => id !== actor.userId);
    const roles = await Promise.all(others.map((id) => this.access.roleOf(villageId, id)));
    const strangers = others.filter((_id, index) => roles[index] === null);
    if (strangers.length > 0) {
      throw ServiceError.invalid(
        strangers.map((id) => ({ field: 'memberIds', reason: `${id} is not a member of this village` })),
        'Every member of a conversation must be a member of its village',
      );
    }
  }

  /**
   * The caller may list their conversations in the village: a current member. An outsider of a
   * private village gets `not_found`; of a public one (which they may read), `forbidden`.
   */
  async assertList(actor: Actor, villageId: string): Promise<void> {
    const facts = await this.access.assert(actor, 'village.read', villageId);
    if (facts.role === null)
      throw new ServiceError('forbidden', 'Only members have conversations in a village');
  }

  /** The caller is a current member of the village (`not_found` otherwise, as for a conversation they are not in). */
  async assertVillager(actor: Actor, villageId: string, what = 'Conversation'): Promise<void> {
    const facts = await this.access.facts(villageId, actor.userId);
    if (!facts.village || facts.role === null) throw notFound(what);
  }

  /** assertVillager on the facts a read brought back with its data (one round trip): the data, or `not_found`. */
  villagerRead<T>(
    actor: Actor,
    read: () => Promise<ReadWithMembership<T>>,
    what = 'Conversation',
  ): Promise<T> {
    return this.access.memberRead(actor, read, () => notFound(what));
  }

  /** Only its author changes a message. */
  assertAuthor(actor: Actor, authorId: string): void {
    if (authorId !== actor.userId)
      throw new ServiceError('forbidden', 'Only its author may change a message');
  }
}
