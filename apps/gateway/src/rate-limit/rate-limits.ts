import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, ServiceError } from '@vv/platform';
import type { GatewayConfig } from '../config';
import { TokenBuckets, type TakeResult } from './token-bucket';

/** The path prefix whose requests also take from the stricter per-IP bucket. */
export const AUTH_PATH_PREFIX = '/v1/auth/';

/**
 * The gateway's request limits: per client IP on every /v1 route, stricter per IP on
 * /v1/auth/*, and per signed-in user. In memory, so each gateway replica counts on its own:
 * with N replicas behind a balancer a client gets up to N times the configured rates.
 */
@Injectable()
export class RateLimits {
  private readonly perIp: TokenBuckets;
  private readonly perIpOnAuth: TokenBuckets;
  private readonly perUser: TokenBuckets;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.perIp = new TokenBuckets(config.RATE_LIMIT_IP_PER_MINUTE);
    this.perIpOnAuth = new TokenBuckets(config.RATE_LIMIT_AUTH_IP_PER_MINUTE);
    this.perUser = new TokenBuckets(config.RATE_LIMIT_USER_PER_MINUTE);
  }

  /** Throws `rate_limited` when the client IP is over its limit for this path. */
  takeForIp(ip: string, path: string): void {
    enforce(this.perIp.take(ip), 'Too many requests from this address');
    if (path.startsWith(AUTH_PATH_PREFIX)) {
      enforce(this.perIpOnAuth.take(ip), 'Too many sign-in requests from this address');
    }
  }

  /** Throws `rate_limited` when the signed-in user is over their limit. */
  takeForUser(userId: string): void {
    enforce(this.perUser.take(userId), 'Too many requests for this account');
  }
}

function enforce(result: TakeResult, message: string): void {
  if (!result.allowed) {
    throw new ServiceError('rate_limited', message, { retryAfterSeconds: result.retryAfterSeconds });
  }
}
