import { Injectable } from '@nestjs/common';
import { topicCheckIds, type FieldError } from '@vv/contracts';
import { NatsClientProxy, ServiceError, type Actor } from '@vv/platform';

/**
 * Whether topic ids may be stored in a member's preferences for a village: messaging, which owns
 * topics, says in one call (`topic.check_ids`, as the member) which are topics of that village.
 * Any other id, of another village's topic or of none, is one field error `topics.<id>`; when
 * messaging cannot answer, its `unavailable` or `timeout` propagates, so nothing unchecked is stored.
 */
@Injectable()
export class TopicCheck {
  constructor(private readonly rpc: NatsClientProxy) {}

  /** At most the contract's PREFERENCE_TOPICS_MAX ids, so one call answers them all. */
  async assertTopicsOf(actor: Actor, villageId: string, topicIds: readonly string[]): Promise<void> {
    if (topicIds.length === 0) return;
    const answer = await this.rpc.call(topicCheckIds, { villageId, topicIds: [...topicIds] }, { actor });
    const known = new Set(answer.topicIds);
    const errors: FieldError[] = topicIds
      .filter((topicId) => !known.has(topicId))
      .map((topicId) => ({ field: `topics.${topicId}`, reason: 'not a topic of this village' }));
    if (errors.length > 0) throw ServiceError.invalid(errors);
  }
}
