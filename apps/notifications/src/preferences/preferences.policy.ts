import { Injectable } from '@nestjs/common';
import { Access } from '@vv/access';
import { ServiceError, type Actor } from '@vv/platform';

/**
 * Only a village's members keep notification preferences for it: a private village answers
 * not_found to outsiders (its existence included), a public one forbidden.
 */
@Injectable()
export class PreferencesPolicy {
  constructor(private readonly access: Access) {}

  async assertMember(actor: Actor, villageId: string): Promise<void> {
    const facts = await this.access.assert(actor, 'village.read', villageId);
    if (facts.role === null) {
      throw new ServiceError('forbidden', 'Only members have notification preferences for a village');
    }
  }
}
