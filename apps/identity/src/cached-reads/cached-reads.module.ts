import { Module } from '@nestjs/common';
import { ReadCacheModule } from '@vv/platform';
import { CachedReadsConsumer } from './cached-reads.consumer';
import { CachedReadsRepository } from './cached-reads.repository';
import { VillageReadsCache } from './village-reads.cache';

/** Villages and first member pages from the read cache, and the consumer that invalidates them. */
@Module({
  imports: [ReadCacheModule],
  providers: [CachedReadsRepository, VillageReadsCache, CachedReadsConsumer],
  exports: [VillageReadsCache],
})
export class CachedReadsModule {}
