import { resolve } from 'node:path';
import { eventually } from '@vv/testing';

/** Repository root (chaos/src/infra is three levels below it). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** The run's own PostgreSQL cluster, JetStream store, logs and results: git-ignored. */
export const WORK_DIR = resolve(ROOT, '.data', 'chaos');

const started = Date.now();

/** One progress line on stderr (stdout carries only the table), with the time since start. */
export function say(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[chaos ${seconds}s] ${message}\n`);
}

/** Resolves true once `check` stops throwing, false when `timeoutMs` passes first. */
export function settles(check: () => unknown, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  return eventually(check, timeoutMs, intervalMs).then(
    () => true,
    () => false,
  );
}
