import type { Window } from './windows';

export interface AckedWrite {
  n: number;
  firstSentAt: number;
  ackedAt: number;
}

export interface Recovery {
  seconds: number;
  /** The store that got the write last (index into `reached`), -1 when that was the acknowledgement. */
  last: number;
}

/**
 * Seconds from a fault's removal until a write started after it had gone all the way: acknowledged,
 * and in every store of `reached` (JetStream, the consumer's effect, each WebSocket listener). The
 * first such write counts; null when it never reached one of them (or none was started).
 */
export function recovery(
  window: Window,
  writes: readonly AckedWrite[],
  reached: readonly ReadonlyMap<number, number>[],
): Recovery | null {
  const first = writes
    .filter((write) => write.firstSentAt >= window.clearedAt)
    .reduce<AckedWrite | undefined>((best, write) => (best && best.n < write.n ? best : write), undefined);
  if (!first) return null;
  let done = first.ackedAt;
  let last = -1;
  for (const [index, store] of reached.entries()) {
    const at = store.get(first.n);
    if (at === undefined) return null;
    if (at > done) [done, last] = [at, index];
  }
  return { seconds: (done - window.clearedAt) / 1000, last };
}
