import * as http from 'node:http';
import * as https from 'node:https';
import type { PushPayload } from '@vv/contracts';
import { generateRequestDetails, type RequestDetails } from 'web-push';
import { requestOptionsFor, resolveOutboundUrl, type HostResolver } from '../outbound/url-guard';
import { pushEndpointProblem } from './push-endpoint';
import type { PushOptions, PushProvider, PushResult, PushTarget } from './push-provider';
import type { VapidKeys } from './vapid-keys';

export interface WebPushOptions {
  vapid: VapidKeys;
  /** How long the push service keeps a push for an offline browser. */
  ttlSeconds: number;
  timeoutMs: number;
  /** Plain http and private addresses allowed (tests). */
  allowPrivate: boolean;
  /** How host names are resolved (the system's resolver unless a test plays DNS). */
  resolve?: HostResolver;
}

interface PushAnswer {
  status: number;
  retryAfter: string | undefined;
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What a push service's status means (RFC 8030 §5, RFC 8292 §4). */
export function resultOf(answer: PushAnswer): PushResult {
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'delivered' };
  if (status === 404 || status === 410) return { outcome: 'gone', reason: `push service answered ${status}` };
  if (status === 408 || status === 429 || status >= 500) {
    return {
      outcome: 'retry',
      reason: `push service answered ${status}`,
      retryAfterMs: retryAfterMs(answer.retryAfter),
    };
  }
  return { outcome: 'rejected', reason: `push service answered ${status}` };
}

/**
 * Web Push to browsers: the payload is encrypted for the subscription (RFC 8291, aes128gcm) and
 * the request signed with the VAPID keys (`Authorization: vapid t=…, k=…`), both by the web-push
 * package; the request itself is sent here, to the endpoint parsed once and resolved once, only
 * to addresses the endpoint check allows (the webhooks' guard), and is abandoned after `timeoutMs`.
 */
export class WebPushProvider implements PushProvider {
  constructor(private readonly options: WebPushOptions) {}

  async send(target: PushTarget, payload: PushPayload, options: PushOptions): Promise<PushResult> {
    const problem = pushEndpointProblem(target.endpoint, this.options.allowPrivate);
    if (problem) return { outcome: 'rejected', reason: `endpoint ${problem}` };
    const details = generateRequestDetails(target, JSON.stringify(payload), {
      vapidDetails: this.options.vapid,
      TTL: this.options.ttlSeconds,
      contentEncoding: 'aes128gcm',
      urgency: 'normal',
      topic: options.topic,
    });
    try {
      return resultOf(await this.post(details));
    } catch (error) {
      return { outcome: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async post(details: RequestDetails): Promise<PushAnswer> {
    const target = await resolveOutboundUrl(details.endpoint, {
      allowPrivate: this.options.allowPrivate,
      resolve: this.options.resolve,
    });
    const transport = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        {
          ...requestOptionsFor(target),
          method: details.method,
          headers: details.headers,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
        (response) => {
          const retryAfter = response.headers['retry-after'];
          response.resume(); // the body is not needed
          response.on('error', reject);
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, retryAfter });
          });
        },
      );
      request.on('error', reject);
      request.end(details.body ?? undefined);
    });
  }
}
