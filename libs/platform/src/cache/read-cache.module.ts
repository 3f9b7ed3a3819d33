import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER, NATS, SERVICE } from '../bootstrap/platform.tokens';
import type { BaseConfig, ReadCacheConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import type { NatsConnection } from '../nats/nats-connection';
import { Metrics } from '../ops/metrics';
import { ReadCache } from './read-cache';

/** Closes the app's ReadCache (its Redis connection, its broadcast subscription) at shutdown. */
@Injectable()
class ReadCacheCloser implements OnApplicationShutdown {
  constructor(private readonly cache: ReadCache) {}

  onApplicationShutdown(): Promise<void> {
    return this.cache.close();
  }
}

/**
 * The app's one ReadCache, configured from its config (readCacheConfigSchema: REDIS_URL,
 * READ_CACHE_TTL_MS, READ_CACHE_MAX_ENTRIES). Needs the platform's global providers.
 */
@Module({
  providers: [
    {
      provide: ReadCache,
      inject: [CONFIG, SERVICE, NATS, LOGGER, Metrics],
      useFactory: async (
        config: BaseConfig & ReadCacheConfig,
        service: string,
        nc: NatsConnection,
        logger: Logger,
        metrics: Metrics,
      ): Promise<ReadCache> => {
        const cache = new ReadCache({
          service,
          prefix: config.SUBJECT_PREFIX,
          nc,
          logger,
          metrics,
          redisUrl: config.REDIS_URL,
          ttlMs: config.READ_CACHE_TTL_MS,
          maxEntries: config.READ_CACHE_MAX_ENTRIES,
        });
        await cache.ready();
        logger.info({ mode: cache.mode }, 'read cache ready');
        return cache;
      },
    },
    ReadCacheCloser,
  ],
  exports: [ReadCache],
})
export class ReadCacheModule {}
