import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  backoffDelayMs,
  CONFIG,
  LeasedQueueWorker,
  LOGGER,
  Metrics,
  type BackoffPolicy,
  type Logger,
} from '@vv/platform';
import type { Counter } from 'prom-client';
import type { NotificationsConfig } from '../config';
import { PUSH_PROVIDER, type PushProvider, type PushResult } from './push-provider';
import { PushRepository, type ClaimedPush } from './push.repository';

/** Waits before attempt 2, 3, …: 1 s, 5 s, 25 s, ~2 min, then 10 min, each in [½, 1] of that. */
export const PUSH_RETRY: BackoffPolicy = { firstMs: 1000, factor: 5, maxMs: 600_000, jitter: 'equal' };
/** A push service's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 3_600_000;

type Outcome = 'delivered' | 'gone' | 'retry' | 'failed';

/** The push's Topic header: the delivery id without dashes (32 base64url characters). */
export const pushTopicOf = (deliveryId: string): string => deliveryId.replaceAll('-', '');

/**
 * Sends queued pushes: a LeasedQueueWorker leases due deliveries (up to PUSH_CONCURRENCY at a time,
 * `for update skip locked`, so replicas share the work), sends each through the PushProvider, and
 * settles it: delivered → the row goes; gone (404/410) → the subscription goes, with its other
 * pushes; retry → again after a backoff (or the push service's Retry-After), failed after
 * PUSH_MAX_ATTEMPTS; rejected → failed at once. Woken by NOTIFY when pushes are queued and by a
 * poll. Logs name the delivery, notification and subscription, never the endpoint (a capability URL).
 */
@Injectable()
export class PushSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: LeasedQueueWorker<ClaimedPush>;
  private readonly handled: Counter<'outcome'>;

  constructor(
    private readonly repository: PushRepository,
    @Inject(PUSH_PROVIDER) private readonly provider: PushProvider,
    metrics: Metrics,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.handled = metrics.counter('vv_push_handled_total', 'Push send attempts, by outcome', ['outcome']);
    this.worker = new LeasedQueueWorker({
      name: 'push',
      claim: (limit, leaseMs) => repository.claim(limit, leaseMs),
      handle: async (push) => this.handled.inc({ outcome: await this.sendOne(push) }),
      batchSize: config.PUSH_CONCURRENCY,
      leaseMs: config.PUSH_LEASE_MS,
      pollIntervalMs: config.PUSH_POLL_INTERVAL_MS,
      notify: { databaseUrl: config.DATABASE_URL, channel: 'notifications_push' },
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
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
          result.retryAfterMs ?? backoffDelayMs(push.attempts, PUSH_RETRY),
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
