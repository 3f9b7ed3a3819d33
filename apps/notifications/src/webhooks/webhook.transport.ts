import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { HOST_RESOLVER } from '../outbound/host-resolver.provider';
import {
  requestOptionsFor,
  resolveOutboundUrl,
  type HostResolver,
  type OutboundTarget,
} from '../outbound/url-guard';

/** What came of one POST: the answer's status, or why there was none. */
export interface WebhookAnswer {
  /** Null when no answer came (address refused, connection error, timeout). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * POSTs a signed body to a webhook URL: at every attempt the URL is parsed once, its host resolved
 * once and every address checked (unless WEBHOOK_ALLOW_PRIVATE), and the connection goes only to
 * those addresses. Redirects are not followed (a 3xx is a failure), the whole exchange is bounded
 * by WEBHOOK_TIMEOUT_MS, and no connection is reused. The answer's body is read and dropped.
 */
@Injectable()
export class WebhookTransport {
  constructor(
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(HOST_RESOLVER) private readonly resolve: HostResolver,
  ) {}

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookAnswer> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let target: OutboundTarget;
    try {
      target = await resolveOutboundUrl(url, {
        allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
        resolve: this.resolve,
      });
    } catch (error) {
      return { statusCode: null, error: reasonOf(error), durationMs: elapsed() };
    }
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    return new Promise<WebhookAnswer>((resolve) => {
      let settled = false;
      const settle = (answer: Omit<WebhookAnswer, 'durationMs'>): void => {
        if (settled) return;
        settled = true;
        resolve({ ...answer, durationMs: elapsed() });
      };
      // Bounds the whole exchange; once the status came, only the (ignored) body is cut short.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      timer.unref();
      const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        {
          ...requestOptionsFor(target),
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: deadline.signal,
        },
        (response: IncomingMessage) => {
          settle({ statusCode: response.statusCode ?? null, error: null });
          response.on('error', () => undefined);
          response.on('close', () => clearTimeout(timer));
          response.resume();
        },
      );
      request.on('error', (error) => {
        clearTimeout(timer);
        settle({
          statusCode: null,
          error: deadline.signal.aborted ? `no answer within ${timeoutMs} ms` : reasonOf(error),
        });
      });
      request.end(body);
    });
  }
}
