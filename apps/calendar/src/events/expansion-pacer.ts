import type { ExpansionWork } from './recurrence-expansion';

/** A request asked for more expansion work than its budget. */
export class ExpansionBudgetError extends Error {}

/**
 * Expansion work that gives the event loop a turn: `pause()` is awaited between slices of a walk,
 * so one caller's long expansion interleaves with every other request instead of blocking them.
 */
export interface Pacer extends ExpansionWork {
  /** A turn for the event loop once a slice of work is done since the last. */
  pause(): Promise<void>;
  /** A turn for the event loop now (after work it does not count, like reading zone data). */
  turn(): Promise<void>;
}

/** Steps between two turns given to the event loop (about a millisecond of expansion). */
export const PACE_SLICE_STEPS = 10_000;

/**
 * Counts steps (a candidate day examined = 1; mapping an occurrence to an instant = OCCURRENCE_STEPS),
 * refuses work past `budget` (ExpansionBudgetError), and yields to the event loop once a slice of
 * steps has been done since the last turn. Deterministic: the same request takes the same steps.
 */
export class WorkPacer implements Pacer {
  private spent = 0;
  private pausedAt = 0;

  constructor(
    private readonly budget = Infinity,
    private readonly slice = PACE_SLICE_STEPS,
  ) {}

  get steps(): number {
    return this.spent;
  }

  spend(steps: number): void {
    this.spent += steps;
    if (this.spent > this.budget) throw new ExpansionBudgetError(`more than ${this.budget} expansion steps`);
  }

  async pause(): Promise<void> {
    if (this.spent - this.pausedAt < this.slice) return;
    await this.turn();
  }

  async turn(): Promise<void> {
    this.pausedAt = this.spent;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** No budget and no turns: pure callers (tests, the feed's own checks). */
export const unpaced: Pacer = {
  spend: () => undefined,
  pause: () => Promise.resolve(),
  turn: () => Promise.resolve(),
};
