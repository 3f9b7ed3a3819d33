import type { CatchUpState } from '../check/catch-up';
import type { DeadLetterView } from '../check/dead-letters';
import type { DelaySummary } from '../check/delays';

export interface StoreResult {
  store: string;
  lost: number;
  duplicated: number;
  /** Held but never acknowledged (the client gave up): neither lost nor duplicated. */
  unacknowledged: number;
  /** The lost writes by the fault whose share of the run they were started in. */
  lostByFault: Record<string, number>;
}

export interface ScenarioResult {
  label: string;
  detail: string;
  /** From the fault's removal until a write started after it was everywhere; null: never (within the run). */
  recoverySec: number | null;
  /** Where the write that timed the recovery arrived last. */
  recoveredLast: string | null;
  /** Longest commit → JetStream delay among the events committed in its share of the run. */
  longestDelayMs: number | null;
  /** Longest messaging stream → feed delay in its share (JetStream's sourcing). */
  longestFeedDelayMs: number | null;
  /** Requests of its share answered 500 (any 5xx but 503/504). */
  fiveHundreds: number;
  /** Requests of its share that took more than 10 s (answered late or not at all). */
  hung: number;
  /** How those ended: the status that finally came, or `no answer` (the client's 30 s timeout). */
  hungEndings: Record<string, number>;
  /** Its share's attempts that did not get a 201, by status (`no answer`: none within 30 s, or refused). */
  refusals: Record<string, number>;
}

export interface WriteSummary {
  sent: number;
  acked: number;
  refused: number;
  abandoned: number;
  attempts: number;
  /** Answers by status, over every attempt. */
  statuses: Partial<Record<string, number>>;
  timeouts: number;
  networkFailures: number;
  hung: number;
  fiveHundreds: number;
}

/** Everything a run measured: what the table shows and the JSON keeps. */
export interface RunResult {
  plan: 'quick' | 'full';
  command: string;
  date: string;
  runId: string;
  durationSec: number;
  rate: number;
  writes: WriteSummary;
  stores: StoreResult[];
  /** Seconds after the last write ended until every store held every acknowledged write; null: not within drainSec. */
  caughtUpSec: number | null;
  /** What was still missing when the drain ended (all zero when caught up). */
  catchUp: CatchUpState;
  drainSec: number;
  scenarios: ScenarioResult[];
  steady: DelaySummary;
  sockets: { name: string; reconnects: number; resyncs: number; outOfOrder: number }[];
  deadLetters: DeadLetterView;
  crashes: { app: string; how: string }[];
}
