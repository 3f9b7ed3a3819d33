import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG, LOGGER, Metrics, type Logger } from '@vv/platform';
import type { Counter } from 'prom-client';
import type { NotificationsConfig } from '../config';
import { PUSH_PROVIDER, type PushProvider, type PushResult } from './push-provider';
import { PushRepository, type ClaimedPush } from './push.repository';

/** Waits before attempt 2, 3, …; the last step repeats. */
const RETRY_DELAYS_MS = [1000, 5000, 30_000, 120_000, 600_000];
/** A push service's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 3_600_000;

type Outcome = 'delivered' | 'gone' | 'retry' | 'failed';

/** The push's Topic header: the delivery id without dashes (32 base64url characters). */
export const pushTopicOf = (deliveryId: string): string => deliveryId.replaceAll('-', '');

/**
 * Sends queued pushes: leases due deliveries (up to PUSH_CONCURRENCY at a time, `for update skip
 * locked`, so replicas share the work), sends each through the PushProvider, and settles it:
 * delivered → the row goes; gone (404/410) → the subscription goes, with its other pushes;
 * retry → again after a backoff (or the push service's Retry-After), failed after
 * PUSH_MAX_ATTEMPTS; rejected → failed at once. Woken after the inbox consumers queue pushes and
 * by a poll. Logs name the delivery, notification and subscription, never the endpoint (a
 * capability URL).
 */
@Injectable()
export class PushSender implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly handled: Counter<'outcome'>;

  constructor(
    private readonly repository: PushRepository,
    @Inject(PUSH_PROVIDER) private readonly provider: PushProvider,
    metrics: Metrics,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.handled = metrics.counter('vv_push_handled_total', 'Push send attempts, by outcome', ['outcome']);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.PUSH_POLL_INTERVAL_MS);
    this.timer.unref();
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    const batch = this.config.PUSH_CONCURRENCY;
    try {
      while (!this.isStopped()) {
        const claimed = await this.repository.claim(batch, this.config.PUSH_LEASE_MS);
        const outcomes = await Promise.all(claimed.map((push) => this.sendOne(push)));
        for (const outcome of outcomes) this.handled.inc({ outcome });
        if (claimed.length < batch) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'push sender pass failed; the next poll retries');
    }
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  private async sendOne(push: ClaimedPush): Promise<Outcome> {
    const context = {
      deliveryId: push.id,
      notificationId: push.notificationId,
      subscriptionId: push.subscriptionId,
      attempts: push.attempts,
    };
    let result: PushResult;
    try {
      result = await this.provider.send(
        { endpoint: push.endpoint, keys: { p256dh: push.p256dh, auth: push.auth } },
        { notificationId: push.notificationId, kind: push.kind, villageId: push.villageId },
        { topic: pushTopicOf(push.id) },
      );
    } catch (error) {
      result = { outcome: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
    switch (result.outcome) {
      case 'delivered':
        await this.repository.finish(push.id);
        this.logger.debug(context, 'push delivered');
        return 'delivered';
      case 'gone':
        await this.repository.removeGone(push.subscriptionId);
        this.logger.info({ ...context, reason: result.reason }, 'push subscription gone; removed');
        return 'gone';
      case 'retry': {
        const final = push.attempts >= this.config.PUSH_MAX_ATTEMPTS;
        const delay = Math.min(
          result.retryAfterMs ?? RETRY_DELAYS_MS[Math.min(push.attempts, RETRY_DELAYS_MS.length) - 1],
          MAX_RETRY_AFTER_MS,
        );
        await this.repository.fail(push.id, result.reason, delay, final);
        if (final) this.logger.error({ ...context, reason: result.reason }, 'push failed for good');
        else
          this.logger.warn(
            { ...context, reason: result.reason, retryInMs: delay },
            'push failed; retried later',
          );
        return final ? 'failed' : 'retry';
      }
      case 'rejected':
        await this.repository.fail(push.id, result.reason, 0, true);
        this.logger.error({ ...context, reason: result.reason }, 'push rejected');
        return 'failed';
    }
  }
}
