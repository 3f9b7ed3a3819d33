import type { CatchUpState } from '../check/catch-up';
import { addTallies, firstSeen, tally, type Seen, type Tally } from '../check/accounting';
import { readDeadLetters } from '../check/dead-letters';
import { LEAD_MS, longestPerWindow, steadyDelays } from '../check/delays';
import { recovery, type AckedWrite } from '../check/recovery';
import { readJetStream, readPostgres } from '../check/stores';
import { windowOf } from '../check/windows';
import type { FaultWindow, PoisonSent } from '../faults/scenario';
import type { Fixture } from '../load/fixture';
import type { StreamListener } from '../load/listener';
import type { Attempt, WriteRecord } from '../load/writer';
import type { RunResult, StoreResult, WriteSummary } from '../report/results';
import type { Environment } from './environment';

export const HUNG_MS = 10_000;

export interface MeasureInput {
  plan: RunResult['plan'];
  rate: number;
  command: string;
  runId: string;
  startedAt: number;
  environment: Environment;
  fixture: Fixture;
  writes: readonly WriteRecord[];
  windows: readonly FaultWindow[];
  listeners: { observer: StreamListener; watcher: StreamListener };
  poison: readonly PoisonSent[];
  caughtUpSec: number | null;
  catchUp: CatchUpState;
  drainSec: number;
}

const isFiveHundred = (status: number | null): boolean =>
  status !== null && status >= 500 && status !== 503 && status !== 504;

function summarizeWrites(writes: readonly WriteRecord[]): WriteSummary {
  const summary: WriteSummary = {
    sent: writes.length,
    acked: 0,
    refused: 0,
    abandoned: 0,
    attempts: 0,
    statuses: {},
    timeouts: 0,
    networkFailures: 0,
    hung: 0,
    fiveHundreds: 0,
  };
  for (const write of writes) {
    if (write.state === 'acked') summary.acked++;
    if (write.state === 'refused') summary.refused++;
    if (write.state === 'abandoned') summary.abandoned++;
    for (const attempt of write.attempts) {
      summary.attempts++;
      if (attempt.status !== null)
        summary.statuses[attempt.status] = (summary.statuses[attempt.status] ?? 0) + 1;
      if (attempt.failure === 'timeout') summary.timeouts++;
      if (attempt.failure === 'network') summary.networkFailures++;
      if (attempt.ms > HUNG_MS) summary.hung++;
      if (isFiveHundred(attempt.status)) summary.fiveHundreds++;
    }
  }
  return summary;
}

/** How many attempts ended with each status, or without an answer. */
function endings(attempts: readonly Attempt[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of attempts) {
    const key = status === null ? 'no answer' : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const postsOn = (listener: StreamListener): Seen[] =>
  listener.events.flatMap((event) => (event.n === undefined ? [] : [{ n: event.n, at: event.at }]));

/** Reads every store once the run is over and turns it all into the result the table shows. */
export async function measure(input: MeasureInput): Promise<RunResult> {
  const { environment, fixture, writes, windows, listeners } = input;
  const pg = await readPostgres(environment.db, input.runId, fixture.watcher.userId);
  const js = await readJetStream(environment.nc, environment.prefix, input.runId);
  const deadLetters = await readDeadLetters(environment.nc, environment.prefix, input.poison);
  const acked = new Set(writes.filter((write) => write.state === 'acked').map((write) => write.n));

  const observerPosts = postsOn(listeners.observer);
  const watcherPosts = postsOn(listeners.watcher);
  const watcherNotifications = listeners.watcher.events.flatMap((event) => {
    const n = event.notifiedPostId === undefined ? undefined : pg.postIds.get(event.notifiedPostId);
    return n === undefined ? [] : [{ n, at: event.at }];
  });
  const firstSent = new Map(writes.map((write) => [write.n, write.firstSentAt]));
  const store = (name: string, { lostIds, ...result }: Tally): StoreResult => {
    const lostByFault: Record<string, number> = {};
    for (const n of lostIds) {
      const index = windowOf(firstSent.get(n) ?? 0, windows, LEAD_MS);
      const label = index < 0 ? 'before the first fault' : windows[index].label;
      lostByFault[label] = (lostByFault[label] ?? 0) + 1;
    }
    return { store: name, ...result, lostByFault };
  };
  const stores = [
    store('PostgreSQL (posts)', tally(acked, pg.posts)),
    store('outbox (messaging)', tally(acked, pg.outbox)),
    store('JetStream (messaging stream)', tally(acked, js.stream)),
    store('feed stream', tally(acked, js.feed)),
    store('consumer effect (notification rows)', tally(acked, pg.notificationRows)),
    store(
      'WebSocket: post events (2 listeners)',
      addTallies([tally(acked, observerPosts), tally(acked, watcherPosts)]),
    ),
    store('WebSocket: notifications (watcher)', tally(acked, watcherNotifications)),
  ];

  const ackedWrites: AckedWrite[] = writes.flatMap((write) =>
    write.ackedAt === undefined
      ? []
      : [{ n: write.n, firstSentAt: write.firstSentAt, ackedAt: write.ackedAt }],
  );
  const reachedNames = [
    'JetStream',
    'notification row',
    'observer socket',
    'watcher socket',
    'watcher notification',
  ];
  const reached = [js.stream, pg.notificationRows, observerPosts, watcherPosts, watcherNotifications].map(
    firstSeen,
  );
  const longest = longestPerWindow(js.delays, windows);
  const longestToFeed = longestPerWindow(js.feedDelays, windows);
  const attempts = writes.flatMap((write) => write.attempts);
  const scenarios = windows.map((window, index) => {
    const share = attempts.filter((attempt) => windowOf(attempt.sentAt, windows, LEAD_MS) === index);
    const recovered = recovery(window, ackedWrites, reached);
    return {
      label: window.label,
      detail: window.detail,
      recoverySec: recovered?.seconds ?? null,
      recoveredLast: recovered ? (reachedNames[recovered.last] ?? 'acknowledgement') : null,
      longestDelayMs: longest[index],
      longestFeedDelayMs: longestToFeed[index],
      fiveHundreds: share.filter((attempt) => isFiveHundred(attempt.status)).length,
      hung: share.filter((attempt) => attempt.ms > HUNG_MS).length,
      hungEndings: endings(share.filter((attempt) => attempt.ms > HUNG_MS)),
      refusals: endings(share.filter((attempt) => attempt.status !== 201)),
    };
  });

  return {
    plan: input.plan,
    command: input.command,
    date: new Date(input.startedAt).toISOString(),
    runId: input.runId,
    durationSec: Math.round((Date.now() - input.startedAt) / 1000),
    rate: input.rate,
    writes: summarizeWrites(writes),
    stores,
    caughtUpSec: input.caughtUpSec,
    catchUp: input.catchUp,
    drainSec: input.drainSec,
    scenarios,
    steady: steadyDelays(js.delays, windows),
    sockets: Object.values(listeners).map((listener) => ({
      name: listener.name,
      reconnects: listener.reconnects,
      resyncs: listener.resyncs.length,
      outOfOrder: listener.outOfOrder,
    })),
    deadLetters,
    crashes: environment.suite.apps.flatMap((app) =>
      app.crashes.map((crash) => ({ app: app.name, how: crash.how })),
    ),
  };
}
