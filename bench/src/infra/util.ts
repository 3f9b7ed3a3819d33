import { resolve } from 'node:path';

/** Repository root (bench/src/infra is three levels below it). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** Where the JSON results go (the latest full run is committed, see docs/performance.md). */
export const RESULTS_DIR = resolve(ROOT, 'bench', 'results');
/** Logs of the processes the bench starts, pgbench scripts and logs: git-ignored. */
export const WORK_DIR = resolve(ROOT, '.data', 'bench');

const started = Date.now();

/** One progress line on stderr (stdout carries only the final table), with the time since start. */
export function say(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Polls `check` until it returns true; false when `timeoutMs` passes. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** True when `url` answers 200 within a second. */
export async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Seconds elapsed since `start` (from performance.now()). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
