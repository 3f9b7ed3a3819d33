import type { LatencySummary } from '../report/stats';

/** Closed-loop saturation with autocannon: `connections` keep one request in flight each. */
export interface SaturationJob {
  kind: 'saturation';
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSec: number;
}

export interface SaturationResult {
  /** 2xx answers per second. */
  rps: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** Milliseconds (autocannon's resolution is 1 ms). */
  p50Ms: number;
  p99Ms: number;
  durationSec: number;
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to the
 * earlier ones, and its latency is measured from that due time, so a stall is charged to every
 * request it delayed (no coordinated omission).
 */
export interface FixedRateJob {
  kind: 'fixed-rate';
  url: string;
  method: 'GET' | 'POST';
  /** Rotated per request: e.g. one set per simulated client (token, X-Forwarded-For). */
  headerSets: Record<string, string>[];
  body?: string;
  rate: number;
  durationSec: number;
  /** Sockets the generator may open (requests beyond them wait, and that wait counts). */
  connections: number;
  /** A request not answered this long after its due time is given up and counted as a timeout. */
  timeoutMs: number;
  /** An answer with one of these statuses this fast counts as a fast refusal (overload). */
  fastRefusal?: { statuses: number[]; withinMs: number };
  /** Keep `[id, epoch ms]` of every 2xx answer whose JSON body has an `id` (the write lag's lower bound). */
  collectIds?: boolean;
  /** After the load stops: probe once per interval until an answer is 2xx within `withinMs`. */
  recoveryProbe?: { headers: Record<string, string>; withinMs: number; intervalMs: number; maxSec: number };
}

export interface FixedRateResult {
  scheduled: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  fastRefusals: number;
  /** Of the 2xx answers, from their due time, in milliseconds. */
  okLatency: LatencySummary;
  /** 2xx answers per second that arrived while the load lasted (not those that drained a queue after). */
  goodput: number;
  durationSec: number;
  /** How long the generator fell behind its schedule at worst (its own saturation), ms. */
  maxSendLagMs: number;
  /** Seconds from the end of the load to the first fast 2xx probe; null when none within maxSec. */
  recoverySec?: number | null;
  /** With collectIds: the id in each 2xx answer and when (epoch ms) it arrived. */
  answered?: [string, number][];
}

/** Request-reply echo over NATS for `durationSec`, `concurrency` requests in flight. */
export interface EchoJob {
  kind: 'echo';
  mode: 'rpc' | 'raw';
  natsUrl: string;
  prefix: string;
  concurrency: number;
  durationSec: number;
  payloadBytes: number;
}

export interface EchoResult {
  requests: number;
  errors: number;
  durationSec: number;
  rps: number;
  latency: LatencySummary;
}

/** WebSocket clients that count the messages they get (fan-out). */
export interface FanoutJob {
  kind: 'fanout';
  /** One URL per client (each with its own token when the target needs one). */
  urls: string[];
  /** Sent by the server first when it is ready for events (suite); none for the raw arm. */
  readyType?: string;
  durationSec: number;
  /** Messages the clients must each get, in order, by their sequence number. */
  expected: number;
  /** Grace after the last message before counting what is missing. */
  settleSec: number;
}

export interface FanoutConnected {
  kind: 'fanout-connected';
  clients: number;
  failed: number;
}

export interface FanoutResult {
  clients: number;
  deliveries: number;
  lost: number;
  outOfOrder: number;
  duplicates: number;
  latency: LatencySummary;
  durationSec: number;
}

export type Job = SaturationJob | FixedRateJob | EchoJob | FanoutJob;

export type JobResult<J extends Job> = J extends SaturationJob
  ? SaturationResult
  : J extends FixedRateJob
    ? FixedRateResult
    : J extends EchoJob
      ? EchoResult
      : FanoutResult;

export interface JobMessage {
  id: number;
  job: Job;
}

export type LoaderMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { id: number; progress: FanoutConnected };
