/** One write as a store holds it: its client-side id and, when known, when the store got it (epoch ms). */
export interface Seen {
  n: number;
  at?: number;
}

export interface Tally {
  /** Acknowledged writes the store does not hold. */
  lost: number;
  /** Writes the store holds more than once. */
  duplicated: number;
  /** Writes the store holds that were never acknowledged (a client that gave up; not an error). */
  unacknowledged: number;
  /** The lost writes' ids. */
  lostIds: number[];
}

/** What one store (or one copy of it, e.g. one WebSocket listener) holds, against the acknowledged writes. */
export function tally(acked: ReadonlySet<number>, seen: readonly Seen[]): Tally {
  const counts = new Map<number, number>();
  for (const { n } of seen) counts.set(n, (counts.get(n) ?? 0) + 1);
  const lostIds = [...acked].filter((n) => !counts.has(n));
  let duplicated = 0;
  let unacknowledged = 0;
  for (const [n, count] of counts) {
    if (count > 1) duplicated++;
    if (!acked.has(n)) unacknowledged++;
  }
  return { lost: lostIds.length, duplicated, unacknowledged, lostIds };
}

export function addTallies(tallies: readonly Tally[]): Tally {
  return tallies.reduce(
    (sum, one) => ({
      lost: sum.lost + one.lost,
      duplicated: sum.duplicated + one.duplicated,
      unacknowledged: sum.unacknowledged + one.unacknowledged,
      lostIds: [...sum.lostIds, ...one.lostIds],
    }),
    { lost: 0, duplicated: 0, unacknowledged: 0, lostIds: [] as number[] },
  );
}

/** When each write first reached the store. */
export function firstSeen(seen: readonly Seen[]): Map<number, number> {
  const at = new Map<number, number>();
  for (const one of seen) {
    if (one.at === undefined) continue;
    const earlier = at.get(one.n);
    if (earlier === undefined || one.at < earlier) at.set(one.n, one.at);
  }
  return at;
}
