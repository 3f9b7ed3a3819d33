import { Module } from '@nestjs/common';
import { CONFIG, Metrics } from '@vv/platform';
import type { GatewayConfig } from '../config';
import { ADAPTIVE_LIMIT_DEFAULTS, AdaptiveLimit } from './adaptive-limit';
import { InFlightLimit } from './in-flight-limit';
import { RateLimits } from './rate-limits';

@Module({
  providers: [
    RateLimits,
    {
      provide: InFlightLimit,
      inject: [CONFIG, Metrics],
      useFactory: (config: GatewayConfig, metrics: Metrics) => {
        const max = config.MAX_IN_FLIGHT_REQUESTS;
        const limiter = new AdaptiveLimit(
          {
            ...ADAPTIVE_LIMIT_DEFAULTS,
            min: Math.min(config.MIN_IN_FLIGHT_REQUESTS, max),
            max,
            tolerance: config.IN_FLIGHT_LATENCY_TOLERANCE,
          },
          () => performance.now(),
        );
        return new InFlightLimit(limiter, metrics);
      },
    },
  ],
  exports: [RateLimits, InFlightLimit],
})
export class RateLimitModule {}
