import { Module } from '@nestjs/common';
import { CONFIG } from '@vv/platform';
import type { GatewayConfig } from '../config';
import { InFlightLimit } from './in-flight-limit';
import { RateLimits } from './rate-limits';

@Module({
  providers: [
    RateLimits,
    {
      provide: InFlightLimit,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new InFlightLimit(config.MAX_IN_FLIGHT_REQUESTS),
    },
  ],
  exports: [RateLimits, InFlightLimit],
})
export class RateLimitModule {}
