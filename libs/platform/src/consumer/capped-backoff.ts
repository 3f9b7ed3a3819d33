// A consumer's outage retries follow the suite's one backoff policy; these names are kept for the
// consumer code that imports them.
export { backoffDelayMs } from '../retry/backoff-policy';
export type { BackoffPolicy as CappedBackoff } from '../retry/backoff-policy';
export { aborted, pause } from '../retry/pause';
