export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): `min(max, base · 2^(attempt-1))`, scaled by a
 * random factor in [0.5, 1) so receivers coming back up are not hit by every sender at once.
 */
export function backoffDelayMs(
  attempt: number,
  settings: Pick<BackoffSettings, 'baseMs' | 'maxMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  return Math.max(1, Math.round(ceiling * (0.5 + 0.5 * random())));
}

/** After failed attempt `attempt`: when to try again, or null when it was the last (dead-letter). */
export const retryDelayMs = (
  attempt: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number | null => (attempt >= settings.maxAttempts ? null : backoffDelayMs(attempt, settings, random));
