import { Injectable } from '@nestjs/common';
import { Access, decideAccess } from '@vv/access';
import type { Permission } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';

/** Reading a feed is reading the village, as a member. */
export const FEED_PERMISSION = 'village.read' satisfies Permission;

/**
 * Who has a feed: a member who reads the village. Outsiders of a public village may read it but
 * get no feed (`forbidden`); outsiders of a private one `not_found`. A feed fetch re-checks the
 * token's member: a former member's feed is `not_found`, like a revoked token.
 */
@Injectable()
export class FeedPolicy {
  constructor(private readonly access: Access) {}

  async assertMember(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, FEED_PERMISSION, villageId);
    // The current membership (identity is asked when the replica has none), not the read decision.
    const { role } = await this.access.facts(villageId, actor.userId);
    if (role === null) {
      throw new ServiceError('forbidden', "A calendar feed is a member's: join the village first");
    }
  }

  /** Whether the token's member still reads the village as a member. */
  async isMember(memberId: string, villageId: string): Promise<boolean> {
    const [facts, appRoles] = await Promise.all([
      this.access.facts(villageId, memberId),
      this.access.appRoles(),
    ]);
    return facts.role !== null && decideAccess(facts, FEED_PERMISSION, appRoles) === 'allow';
  }
}
