import { SERVICE_NAMES } from '@vv/contracts';
import { baseConfigSchema, env } from '@vv/platform';
import { z } from 'zod';

/** The gateway's environment. Rate limits are per gateway replica (in-memory buckets). */
export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: env.port().default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * The gateway's public origin (`https://api.example.org`, a path prefix allowed): absolute URLs in
   * answers (calendar feed URLs) are built from it, never from the request's Host header.
   * Unset: `http://localhost:<the port the gateway listens on>`.
   */
  PUBLIC_BASE_URL: env
    .url()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return /^https?:$/.test(url.protocol) && !url.search && !url.hash && !url.username && !url.password;
    }, 'an http(s) URL without query, fragment or credentials')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** Largest request body accepted; a larger one is answered 413. */
  BODY_LIMIT_BYTES: env.int(1).default(1024 * 1024),
  /** Honour X-Forwarded-For for the client IP; set it only behind a proxy you run. */
  TRUST_PROXY: env.bool.default(false),
  /** Requests per minute per client IP on every /v1 route. */
  RATE_LIMIT_IP_PER_MINUTE: env.int(1).default(600),
  /** Requests per minute per client IP on /v1/auth/* (on top of the IP limit). */
  RATE_LIMIT_AUTH_IP_PER_MINUTE: env.int(1).default(30),
  /** Requests per minute per signed-in user on authenticated routes. */
  RATE_LIMIT_USER_PER_MINUTE: env.int(1).default(1200),
  /**
   * Load shedding: API requests in progress on this replica at once, one more answered 503 at once.
   * The limit adapts to latency between MIN_ and MAX_IN_FLIGHT_REQUESTS (the ceiling, where it starts);
   * MIN = MAX makes it static.
   */
  MAX_IN_FLIGHT_REQUESTS: env.int(1).default(64),
  /** The adaptive limit's floor (taken as MAX_IN_FLIGHT_REQUESTS when above it). */
  MIN_IN_FLIGHT_REQUESTS: env.int(1).default(8),
  /** The limit shrinks while admitted requests take longer than this many times their long-term average. */
  IN_FLIGHT_LATENCY_TOLERANCE: z.coerce.number().min(1).default(2),
  /** A request's headers must arrive within this long of its connection's first byte (Node answers 408). */
  HEADERS_TIMEOUT_MS: env.int(100).default(10_000),
  /** A request's body must arrive within this long of its headers; a slower one is answered 408 and closed. */
  BODY_TIMEOUT_MS: env.int(100).default(10_000),
  /** Open connections per client address (TCP peer); one more is answered 429 and closed. Off with TRUST_PROXY. */
  MAX_CONNECTIONS_PER_IP: env.int(1).default(128),
  /**
   * Lifetime of identity's access tokens (the same variable identity reads): a revoked session stays
   * on the gateway's denylist this long, and a starting gateway replays that much revocation history.
   */
  ACCESS_TOKEN_TTL_SECONDS: env.int(1).default(900),
  /** The `iss` every access token must name. */
  JWT_ISSUER: env.string().default('virtual-village'),
  /** A token naming an unknown key refetches the key set at most this often. */
  JWKS_REFRESH_MIN_INTERVAL_MS: env.int(0).default(10_000),
  /** Verified access tokens remembered until they expire (least recently used first out); 0: none. */
  ACCESS_TOKEN_CACHE_SIZE: env.int(0).default(10_000),
  /** Services whose health the gateway's readiness includes. */
  SERVICES: env
    .list()
    .pipe(z.array(z.enum(SERVICE_NAMES)))
    .default(['identity', 'messaging', 'calendar', 'files']),
  /** How long events stay replayable on `GET /v1/stream` (the max age of the `<PREFIX>_FEED` stream). */
  STREAM_REPLAY_WINDOW_MS: env.int(1000).default(24 * 3600 * 1000),
  /** A resume that would replay more events than this answers `resync` instead. */
  STREAM_REPLAY_MAX_EVENTS: env.int(1).default(10_000),
  /** A stream socket is pinged this often; one that missed the previous pong is dropped. */
  STREAM_HEARTBEAT_MS: env.int(100).default(30_000),
  /** A stream socket with more than this many bytes unsent is closed 4008 (slow consumer). */
  STREAM_MAX_BUFFERED_BYTES: env.int(1024).default(1024 * 1024),
  /** Open stream sockets per user on one gateway replica; one more is closed 4429. */
  STREAM_MAX_CONNECTIONS_PER_USER: env.int(1).default(20),
  /** New stream sockets loading their memberships from identity at once; more wait their turn. */
  STREAM_MAX_CONCURRENT_LOADS: env.int(1).default(16),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
