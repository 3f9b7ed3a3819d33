import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { DocsModule } from './docs/docs.module';
import { ProblemFilter } from './problems/problem.filter';
import { RateLimitModule } from './rate-limit/rate-limit.module';

/** The gateway: cross-cutting modules first, then one module per area of the API. */
@Module({
  imports: [RateLimitModule, AuthModule, DocsModule, AccountsModule],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class GatewayModule {}
