import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CONFIG } from '@vv/platform';
import type { GatewayConfig } from '../config';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AdmissionGuard } from './admission.guard';
import { SessionDenylist } from './session-denylist';
import { SessionRevocations } from './session-revocations';

@Module({
  imports: [RateLimitModule],
  providers: [
    AccessTokenVerifier,
    {
      provide: SessionDenylist,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new SessionDenylist(config.ACCESS_TOKEN_TTL_SECONDS * 1000),
    },
    SessionRevocations,
    { provide: APP_GUARD, useClass: AdmissionGuard },
  ],
  exports: [AccessTokenVerifier, SessionDenylist],
})
export class AuthModule {}
