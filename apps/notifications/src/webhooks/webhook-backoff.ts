import { backoffDelayMs, type BackoffPolicy } from '@vv/platform';
import type { NotificationsConfig } from '../config';

/** The retry schedule documented to users (docs/api.md): 30 s doubling to 2 h, equal jitter, 12 attempts. */
export interface WebhookRetries {
  policy: BackoffPolicy;
  maxAttempts: number;
}

export const webhookRetriesOf = (
  config: Pick<
    NotificationsConfig,
    'WEBHOOK_BACKOFF_BASE_MS' | 'WEBHOOK_BACKOFF_MAX_MS' | 'WEBHOOK_MAX_ATTEMPTS'
  >,
): WebhookRetries => ({
  // Equal jitter: each wait in [½, 1] of its ceiling, so receivers coming back up are not hit by
  // every sender at once, and never much sooner than the documented schedule.
  policy: { firstMs: config.WEBHOOK_BACKOFF_BASE_MS, maxMs: config.WEBHOOK_BACKOFF_MAX_MS, jitter: 'equal' },
  maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
});

/** After failed attempt `attempt`: when to try again, or null when it was the last (dead-letter). */
export const retryDelayMs = (
  attempt: number,
  retries: WebhookRetries,
  random: () => number = Math.random,
): number | null => (attempt >= retries.maxAttempts ? null : backoffDelayMs(attempt, retries.policy, random));
