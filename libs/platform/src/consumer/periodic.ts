/** A task run on a timer, never twice at once. */
export interface Periodic {
  /** No further runs; resolves when a run in progress has finished. */
  stop(): Promise<void>;
}

/** Runs `task` at once and then every `intervalMs` (skipping a tick while a run is still going). */
export function runPeriodically(intervalMs: number, task: () => Promise<void>): Periodic {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped || running) return;
    running = task().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
