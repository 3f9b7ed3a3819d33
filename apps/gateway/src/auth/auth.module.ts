import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';

@Module({
  imports: [RateLimitModule],
  providers: [AccessTokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AccessTokenVerifier],
})
export class AuthModule {}
