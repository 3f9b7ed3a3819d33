import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { send, type HttpOutcome } from './http';

export interface Attempt {
  sentAt: number;
  ms: number;
  /** The answer's status; null for a transport failure or the client's timeout. */
  status: number | null;
  failure?: 'timeout' | 'network';
}

export interface WriteRecord {
  /** The client-side id: the post's `data.n`, in its body and its Idempotency-Key. */
  n: number;
  firstSentAt: number;
  attempts: Attempt[];
  /** acked: a 201 (first or replayed); refused: a 4xx that no retry changes; abandoned: still failing at the give-up time. */
  state: 'pending' | 'acked' | 'refused' | 'abandoned';
  ackedAt?: number;
  postId?: string;
}

export interface WriterOptions {
  gatewayUrl: string;
  token: string;
  topicId: string;
  runId: string;
  /** Writes started per second, whatever the answers (open loop). */
  rate: number;
  /** A request still unanswered after this is abandoned and retried (and counts as hung). */
  attemptTimeoutMs: number;
  /** A write still not acknowledged this long after its first attempt is given up. */
  giveUpAfterMs: number;
}

/** What a careful client retries with the same Idempotency-Key: nothing was done, or it may have been. */
const RETRIED = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRY_WAIT_MS = 5000;

function retryWaitMs(outcome: HttpOutcome, retry: number): number {
  const hinted =
    outcome.kind === 'answer' && outcome.retryAfterSec !== undefined
      ? outcome.retryAfterSec * 1000
      : undefined;
  const wait = Math.min(MAX_RETRY_WAIT_MS, hinted ?? 250 * 2 ** (retry - 1));
  return wait * (0.8 + Math.random() * 0.4);
}

/**
 * Creates posts at a fixed rate through the gateway, as a client that must not lose a write would:
 * each write has its own Idempotency-Key, and a 503, a 504, a dropped connection or a timeout is
 * retried with the same key (after Retry-After, else a growing wait) until a 201 or the give-up time.
 */
export class Writer {
  readonly writes: WriteRecord[] = [];
  // No socket limit: a request waiting for a free socket would count as the server's delay (hung).
  private readonly agent = new Agent({ keepAlive: true });
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: WriterOptions) {}

  start(): void {
    const startedAt = performance.now();
    const tick = (): void => {
      const due = Math.floor(((performance.now() - startedAt) * this.options.rate) / 1000);
      while (this.writes.length < due) this.launch(this.writes.length + 1);
      this.timer = setTimeout(tick, 5);
    };
    tick();
  }

  /** Stops starting writes; resolves once every write started has ended (acked, refused or given up). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    while (this.running.size) await Promise.all([...this.running]);
    this.agent.destroy();
  }

  private launch(n: number): void {
    const record: WriteRecord = { n, firstSentAt: Date.now(), attempts: [], state: 'pending' };
    this.writes.push(record);
    const done: Promise<void> = this.write(record).finally(() => this.running.delete(done));
    this.running.add(done);
  }

  private async write(record: WriteRecord): Promise<void> {
    const { gatewayUrl, token, topicId, runId } = this.options;
    const body = JSON.stringify({
      body: `chaos ${runId} #${record.n}`,
      data: { chaosRun: runId, n: record.n },
    });
    for (let retry = 0; ; retry++) {
      const sentAt = Date.now();
      const outcome = await send(this.agent, {
        method: 'POST',
        url: `${gatewayUrl}/v1/topics/${topicId}/posts`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `chaos-${runId}-${record.n}`,
          'x-request-id': `chaos-${runId}-${record.n}-${retry}`,
        },
        body,
        timeoutMs: this.options.attemptTimeoutMs,
      });
      const status = outcome.kind === 'answer' ? outcome.status : null;
      const failure = outcome.kind === 'answer' ? undefined : outcome.kind;
      record.attempts.push({ sentAt, ms: Date.now() - sentAt, status, failure });
      if (outcome.kind === 'answer' && outcome.status === 201) {
        record.state = 'acked';
        record.ackedAt = Date.now();
        record.postId = (JSON.parse(outcome.body) as { id: string }).id;
        return;
      }
      if (status !== null && !RETRIED.has(status)) {
        record.state = 'refused';
        return;
      }
      if (Date.now() - record.firstSentAt > this.options.giveUpAfterMs) {
        record.state = 'abandoned';
        return;
      }
      await sleep(retryWaitMs(outcome, retry + 1));
    }
  }
}
