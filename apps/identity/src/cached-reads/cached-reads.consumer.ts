import { Injectable } from '@nestjs/common';
import {
  membershipAdded,
  membershipRemoved,
  membershipRoleChanged,
  userProfileUpdated,
  villageDeleted,
  villageUpdated,
  type EventEnvelope,
} from '@vv/contracts';
import { OnEvents, ReadCache } from '@vv/platform';
import { CachedReadsRepository } from './cached-reads.repository';
import { VillageReadsCache } from './village-reads.cache';

/**
 * Invalidates cached villages and member pages from identity's own stream (durable
 * `identity-read-cache`, shared by the replicas: with Redis one invalidation serves all, in
 * process the ReadCache broadcasts it to every replica). Village and membership events name
 * their village; a profile change reaches the lists of every village the user is a member of.
 */
@Injectable()
export class CachedReadsConsumer {
  constructor(
    private readonly cache: VillageReadsCache,
    private readonly repository: CachedReadsRepository,
  ) {}

  @OnEvents(
    [
      villageUpdated,
      villageDeleted,
      membershipAdded,
      membershipRemoved,
      membershipRoleChanged,
      userProfileUpdated,
    ],
    { durable: 'read-cache', batch: true, inbox: false, enabledBy: ReadCache },
  )
  async invalidate(events: readonly EventEnvelope[]): Promise<void> {
    const villageIds: string[] = [];
    for (const event of events) {
      const data = event.data as { villageId?: string; userId?: string };
      if (data.villageId) villageIds.push(data.villageId);
      else if (data.userId) villageIds.push(...(await this.repository.villageIdsOf(data.userId)));
    }
    await this.cache.forget(villageIds);
  }
}
