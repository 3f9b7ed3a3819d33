import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  CONFIG,
  LeasedQueueWorker,
  LOGGER,
  Metrics,
  runPeriodically,
  type Logger,
  type Periodic,
} from '@vv/platform';
import type { Counter, Histogram } from 'prom-client';
import type { NotificationsConfig } from '../config';
import { retryDelayMs, webhookRetriesOf, type WebhookRetries } from './webhook-backoff';
import type { ClaimedDelivery } from './webhook-rows';
import { WebhookSecrets } from './webhook-secrets';
import { signatureHeader } from './webhook-signature';
import { WebhookTransport, type WebhookAnswer } from './webhook.transport';
import { WebhooksRepository } from './webhooks.repository';

/** Deliveries claimed and sent at once per pass. */
const BATCH = 10;
/** A lease always outlasts the request it covers by this much. */
const LEASE_MARGIN_MS = 5_000;
const PURGE_INTERVAL_MS = 3_600_000;
const PURGE_BATCH = 1_000;
const DAY_MS = 86_400_000;

export const WEBHOOK_USER_AGENT = 'VirtualVillage-Webhooks/1';

type Outcome = 'succeeded' | 'retry' | 'dead' | 'lease_lost' | 'error';

const isSuccess = (statusCode: number | null): statusCode is number =>
  statusCode !== null && statusCode >= 200 && statusCode < 300;

/**
 * The delivery worker: a LeasedQueueWorker, woken by NOTIFY when deliveries are queued and by a
 * poll, leases due deliveries (`for update skip locked`, so replicas share the work, and no
 * connection is held during the HTTP call); each signed body is POSTed in parallel and the attempt
 * recorded: 2xx succeeded; otherwise retried with exponential backoff and equal jitter,
 * dead-lettered (`dead`) after WEBHOOK_MAX_ATTEMPTS. A worker that dies mid-attempt leaves its lease
 * to run out, and the delivery is tried again with the same delivery id: at-least-once,
 * de-duplicated by receivers.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: LeasedQueueWorker<ClaimedDelivery>;
  private purging?: Periodic;
  private readonly secrets: WebhookSecrets;
  private readonly retries: WebhookRetries;
  private readonly outcomes: Counter<'outcome'>;
  private readonly disabled: Counter;
  private readonly durations: Histogram<'outcome'>;

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly transport: WebhookTransport,
    metrics: Metrics,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.secrets = new WebhookSecrets(config.WEBHOOK_SECRET_KEY);
    this.retries = webhookRetriesOf(config);
    this.worker = new LeasedQueueWorker({
      name: 'webhooks',
      claim: (limit, leaseMs) => repository.claim(limit, leaseMs),
      handle: (delivery) => this.deliver(delivery),
      batchSize: BATCH,
      // A lease always outlasts the request it covers.
      leaseMs: Math.max(config.WEBHOOK_LEASE_MS, config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS),
      pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      notify: { databaseUrl: config.DATABASE_URL, channel: 'notifications_webhooks' },
      logger,
    });
    this.outcomes = metrics.counter(
      'vv_webhook_attempts_total',
      'Webhook delivery attempts, by outcome (dead: the delivery was dead-lettered)',
      ['outcome'],
    );
    this.disabled = metrics.counter(
      'vv_webhooks_disabled_total',
      'Webhooks disabled after failing for WEBHOOK_DISABLE_AFTER_MS',
      [],
    );
    this.durations = metrics.histogram(
      'vv_webhook_attempt_duration_seconds',
      'Duration of webhook HTTP attempts',
      ['outcome'],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV === 'production') {
      if (!this.config.WEBHOOK_SECRET_KEY) {
        this.logger.warn(
          'WEBHOOK_SECRET_KEY unset: webhook secrets are stored as given; protect the database',
        );
      }
      if (this.config.WEBHOOK_ALLOW_PRIVATE) {
        this.logger.warn('WEBHOOK_ALLOW_PRIVATE=true: webhooks may reach private and loopback addresses');
      }
    }
    if (this.config.WEBHOOK_LOG_RETENTION_DAYS > 0) {
      this.purging = runPeriodically(PURGE_INTERVAL_MS, () => this.purge());
    }
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.worker.stop(), this.purging?.stop()]);
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    this.worker.wake();
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const context = {
      deliveryId: delivery.id,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      attempt: delivery.attempts,
    };
    let outcome: Outcome;
    let answer: WebhookAnswer | undefined;
    try {
      answer = await this.send(delivery);
      outcome = isSuccess(answer.statusCode)
        ? await this.succeeded(delivery, answer.statusCode, answer.durationMs)
        : await this.failed(delivery, answer);
    } catch (error) {
      // Recording failed (the database): the lease runs out and the delivery is tried again.
      this.logger.warn({ ...context, err: error }, 'webhook attempt not recorded; it will be retried');
      outcome = 'error';
    }
    this.outcomes.inc({ outcome });
    if (answer) this.durations.observe({ outcome }, answer.durationMs / 1000);
    const log = { ...context, statusCode: answer?.statusCode ?? null, error: answer?.error ?? null, outcome };
    if (outcome === 'dead') this.logger.warn(log, 'webhook delivery dead-lettered');
    else if (outcome !== 'error') this.logger.info(log, 'webhook attempt');
  }

  private async send(delivery: ClaimedDelivery): Promise<WebhookAnswer> {
    let secret: string;
    try {
      secret = this.secrets.open(delivery.secret);
    } catch (error) {
      return { statusCode: null, error: (error as Error).message, durationMs: 0 };
    }
    return this.transport.post(delivery.url, delivery.body, {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'x-village-signature': signatureHeader(secret, delivery.body),
      'x-village-delivery': delivery.id,
      'x-village-event': delivery.eventType,
    });
  }

  private async succeeded(
    delivery: ClaimedDelivery,
    statusCode: number,
    durationMs: number,
  ): Promise<Outcome> {
    const recorded = await this.repository.markSucceeded(delivery, statusCode, durationMs);
    return recorded ? 'succeeded' : 'lease_lost';
  }

  private async failed(delivery: ClaimedDelivery, answer: WebhookAnswer): Promise<Outcome> {
    const outcome = await this.repository.markFailed(delivery, {
      statusCode: answer.statusCode,
      error: answer.error ?? `HTTP ${answer.statusCode ?? 'no answer'}`,
      durationMs: answer.durationMs,
      retryInMs: retryDelayMs(delivery.attempts, this.retries),
      disableAfterMs: this.config.WEBHOOK_DISABLE_AFTER_MS,
    });
    if (!outcome.recorded) return 'lease_lost';
    if (outcome.webhookDisabled) {
      this.disabled.inc();
      this.logger.warn(
        { webhookId: delivery.webhookId, villageId: delivery.villageId },
        'webhook disabled after failing too long; its creator is notified',
      );
    }
    return outcome.dead ? 'dead' : 'retry';
  }

  /** Forgets finished deliveries past WEBHOOK_LOG_RETENTION_DAYS; never throws (the next interval retries). */
  async purge(): Promise<void> {
    try {
      const before = new Date(Date.now() - this.config.WEBHOOK_LOG_RETENTION_DAYS * DAY_MS).toISOString();
      let purged = 0;
      for (;;) {
        const count = await this.repository.purge(before, PURGE_BATCH);
        purged += count;
        if (count < PURGE_BATCH) break;
      }
      if (purged > 0) this.logger.info({ purged }, 'old webhook deliveries forgotten');
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook log purge failed; the next interval retries');
    }
  }
}
