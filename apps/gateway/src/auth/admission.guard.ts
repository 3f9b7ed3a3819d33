import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InFlightLimit } from '../rate-limit/in-flight-limit';
import { RateLimits } from '../rate-limit/rate-limits';
import { routeOf } from '../routing/route.decorator';
import { AccessTokenVerifier, bearerTokenOf } from './access-token.verifier';
import { setActor } from './request-actor';
import { SessionDenylist } from './session-denylist';

/**
 * Admits a request to a declared route, cheapest refusal first. It runs once the request has fully
 * arrived (its body read within the body deadline): on a `bearer` route the access token is
 * verified, its session checked against the denylist and the per-user limit applied; only then
 * does the request take an in-flight slot, held until its response is sent. So neither a stalled
 * body nor a bad token can hold one of the scarce slots that load shedding counts.
 */
@Injectable()
export class AdmissionGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly denylist: SessionDenylist,
    private readonly limits: RateLimits,
    private readonly inFlight: InFlightLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = routeOf(context.getHandler());
    if (!route) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // Full again since the request arrived (its body was read meanwhile): refuse before the token's cost.
    this.inFlight.assertRoom();
    if (route.auth === 'bearer') {
      const actor = await this.verifier.verify(bearerTokenOf(request.headers.authorization), request.id);
      this.denylist.assertLive(actor);
      setActor(request, actor);
      this.limits.takeForUser(actor.userId);
    }
    const leave = this.inFlight.enter();
    // 'close' fires once the response is sent or the connection is gone, whichever comes first.
    http.getResponse<FastifyReply>().raw.once('close', leave);
    return true;
  }
}
