import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { API_ROUTES } from './api.routes';
import { AuthModule } from './auth/auth.module';
import { PublicBaseUrl } from './calendar-feed/public-base-url';
import { DocsModule } from './docs/docs.module';
import { ProblemFilter } from './problems/problem.filter';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RoutingModule } from './routing/routing.module';
import { StreamModule } from './stream/stream.module';

/** The gateway: cross-cutting modules, the REST routes declared in API_ROUTES, the WebSocket stream. */
@Module({
  imports: [
    RateLimitModule,
    AuthModule,
    DocsModule,
    RoutingModule.forRoutes(API_ROUTES, [PublicBaseUrl]),
    StreamModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class GatewayModule {}
