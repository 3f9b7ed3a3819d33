import type { PushPayload } from '@vv/contracts';

/** Where a push goes: a browser's subscription (its push service's endpoint and its encryption keys). */
export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushOptions {
  /**
   * The push's Topic (≤ 32 base64url characters): a push service replaces an undelivered push of
   * the same topic, so a retried push does not queue twice.
   */
  topic: string;
}

/**
 * What became of one push:
 * - `delivered`: the push service accepted it;
 * - `gone`: the subscription no longer exists (404/410) and is to be removed;
 * - `retry`: a temporary failure (network, timeout, 429, 5xx), maybe with the service's Retry-After;
 * - `rejected`: the push service refused this push for good (another 4xx); retrying cannot help.
 */
export type PushResult =
  | { outcome: 'delivered' }
  | { outcome: 'gone'; reason: string }
  | { outcome: 'retry'; reason: string; retryAfterMs?: number }
  | { outcome: 'rejected'; reason: string };

/**
 * A way to deliver pushes. Web Push (browsers, VAPID) is the one provided; a mobile provider
 * (FCM, APNs) implements this interface too, with its own kind of subscription.
 */
export interface PushProvider {
  send(target: PushTarget, payload: PushPayload, options: PushOptions): Promise<PushResult>;
}

/** The Nest token of the PushProvider in use. */
export const PUSH_PROVIDER = Symbol('PushProvider');
