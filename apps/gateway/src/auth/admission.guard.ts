import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RateLimits } from '../rate-limit/rate-limits';
import { routeOf } from '../routing/route.decorator';
import { AccessTokenVerifier, bearerTokenOf } from './access-token.verifier';
import { setActor } from './request-actor';

/** On a `bearer` route: verifies the access token, records the actor, applies the per-user limit. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (routeOf(context.getHandler())?.auth !== 'bearer') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = await this.verifier.verify(bearerTokenOf(request.headers.authorization), request.id);
    setActor(request, actor);
    this.limits.takeForUser(actor.userId);
    return true;
  }
}
