import { Agent, request } from 'node:http';
import { summarize } from '../report/stats';
import type { FixedRateJob, FixedRateResult } from './protocol';

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

interface Answer {
  status: number | null;
  timedOut: boolean;
  latencyMs: number;
  /** The `id` of a JSON answer, when asked for. */
  id?: string;
}

function idOf(chunks: Buffer[]): string | undefined {
  try {
    const id = (JSON.parse(Buffer.concat(chunks).toString()) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One request; resolves with its status (null on a transport error) and its latency from `dueAt`. */
function send(
  agent: Agent,
  url: URL,
  job: Pick<FixedRateJob, 'method' | 'body' | 'timeoutMs' | 'collectIds'>,
  headers: Record<string, string>,
  dueAt: number,
): Promise<Answer> {
  return new Promise((done) => {
    let settled = false;
    // A plain timer, not AbortSignal.timeout: that costs an AbortController, a timer and weak
    // references per request, which at 2,000 req/s was a large part of the generator's CPU.
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (status: number | null, timedOut = false, id?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done({ status, timedOut, latencyMs: performance.now() - dueAt, id });
    };
    const remaining = Math.max(1, Math.ceil(job.timeoutMs - (performance.now() - dueAt)));
    const body = job.body;
    const req = request(
      url,
      {
        agent,
        method: job.method,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (job.collectIds) chunks.push(chunk);
        });
        res.on('end', () => finish(res.statusCode ?? null, false, job.collectIds ? idOf(chunks) : undefined));
        res.on('error', () => finish(null));
      },
    );
    req.on('error', () => finish(null));
    timer = setTimeout(() => {
      finish(null, true);
      req.destroy();
    }, remaining);
    req.end(body);
  });
}

/** See FixedRateJob. Runs in the loader process. */
export async function runFixedRate(job: FixedRateJob): Promise<FixedRateResult> {
  const url = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const total = Math.max(1, Math.round(job.rate * job.durationSec));
  const intervalMs = 1000 / job.rate;
  const okLatencies = new Float64Array(total);
  let okCount = 0;
  /** 2xx answers that arrived before the load's end: the goodput (later ones drain a queue). */
  let okInWindow = 0;
  let loadEndsAt = Number.POSITIVE_INFINITY;
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let fastRefusals = 0;
  let maxSendLagMs = 0;
  const inFlight = new Set<Promise<void>>();
  const answered: [string, number][] = [];
  const fast = job.fastRefusal;

  const start = performance.now() + 5;
  loadEndsAt = start + job.durationSec * 1000;
  let sent = 0;
  await new Promise<void>((finished) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) {
        const dueAt = start + sent * intervalMs;
        maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
        const headers = job.headerSets[sent % job.headerSets.length];
        sent++;
        const pending: Promise<void> = send(agent, url, job, headers, dueAt).then((answer) => {
          inFlight.delete(pending);
          if (answer.status === null) {
            if (answer.timedOut) timeouts++;
            else errors++;
            return;
          }
          bump(statuses, String(answer.status));
          if (answer.status >= 200 && answer.status < 300) {
            okLatencies[okCount++] = answer.latencyMs;
            if (performance.now() <= loadEndsAt) okInWindow++;
            if (answer.id !== undefined) answered.push([answer.id, Date.now()]);
          } else if (fast?.statuses.includes(answer.status) && answer.latencyMs <= fast.withinMs)
            fastRefusals++;
        });
        inFlight.add(pending);
      }
      if (sent >= total) {
        finished();
        return;
      }
      // Never a setImmediate spin: at more than 1,000 req/s it kept a core busy waiting, taken from
      // the suite on this machine. A timer of at least 1 ms sends what fell due meanwhile together
      // (their latency still counts from when each was due).
      const wait = start + sent * intervalMs - performance.now();
      setTimeout(tick, Math.max(1, Math.min(wait, 50) - 0.5));
    };
    tick();
  });
  const loadEnded = performance.now();
  const durationSec = (loadEnded - start) / 1000;

  let recoverySec: number | null | undefined;
  if (job.recoveryProbe) recoverySec = await probeRecovery(url, job, loadEnded);
  await Promise.all(inFlight);
  agent.destroy();

  return {
    scheduled: total,
    ok: okCount,
    statuses,
    errors,
    timeouts,
    fastRefusals,
    okLatency: summarize(okLatencies.subarray(0, okCount)),
    goodput: okInWindow / job.durationSec,
    durationSec,
    maxSendLagMs,
    recoverySec,
    answered: job.collectIds ? answered : undefined,
  };
}

/** Probes on a connection of its own (not queued behind the load's) until one answer is 2xx and fast. */
async function probeRecovery(url: URL, job: FixedRateJob, loadEnded: number): Promise<number | null> {
  const probe = job.recoveryProbe!;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    while (performance.now() - loadEnded < probe.maxSec * 1000) {
      const sentAt = performance.now();
      const answer = await send(
        agent,
        url,
        { method: job.method, body: job.body, timeoutMs: probe.maxSec * 1000 },
        probe.headers,
        sentAt,
      );
      if (
        answer.status !== null &&
        answer.status >= 200 &&
        answer.status < 300 &&
        answer.latencyMs <= probe.withinMs
      ) {
        return (performance.now() - loadEnded) / 1000;
      }
      const wait = probe.intervalMs - (performance.now() - sentAt);
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    }
    return null;
  } finally {
    agent.destroy();
  }
}
