import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { invitationMailGet } from '@vv/contracts';
import {
  backoffDelayMs,
  CONFIG,
  LeasedQueueWorker,
  LOGGER,
  Metrics,
  NatsClientProxy,
  ServiceError,
  type BackoffPolicy,
  type Logger,
} from '@vv/platform';
import type { Counter } from 'prom-client';
import { inviteAcceptUrl, type NotificationsConfig } from '../config';
import { renderInvitationMail } from './invitation-mail.renderer';
import { isPermanentSmtpError, MailTransport } from './mail.transport';
import { OutgoingMailRepository, type ClaimedMail } from './outgoing-mail.repository';

const BATCH = 10;
/** Waits before attempt 2, 3, …: 1 s, 5 s, 25 s, ~2 min, then 10 min, each in [½, 1] of that. */
export const MAIL_RETRY: BackoffPolicy = { firstMs: 1000, factor: 5, maxMs: 600_000, jitter: 'equal' };

type Outcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * Sends queued mail: a LeasedQueueWorker claims due rows (a lease), and each is rendered, sent over
 * SMTP with the row's fixed Message-ID and marked. Woken by NOTIFY when mail is queued and by a
 * poll. Tokens and links are never logged: log lines carry the event id, invitation id and
 * Message-ID only.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: LeasedQueueWorker<ClaimedMail>;
  private readonly handled: Counter<'outcome'>;

  constructor(
    private readonly repository: OutgoingMailRepository,
    private readonly transport: MailTransport,
    private readonly rpc: NatsClientProxy,
    metrics: Metrics,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.handled = metrics.counter('vv_mail_handled_total', 'Mail send attempts, by outcome', ['outcome']);
    this.worker = new LeasedQueueWorker({
      name: 'mail',
      claim: (limit, leaseMs) => repository.claim(limit, leaseMs),
      handle: async (mail) => this.handled.inc({ outcome: await this.sendOne(mail) }),
      batchSize: BATCH,
      leaseMs: config.MAIL_LEASE_MS,
      pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
      notify: { databaseUrl: config.DATABASE_URL, channel: 'notifications_mail' },
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
  }

  private async sendOne(mail: ClaimedMail): Promise<Outcome> {
    const context = {
      eventId: mail.eventId,
      invitationId: mail.payload.invitationId,
      messageId: mail.messageId,
    };
    let data;
    try {
      data = await this.rpc.call(invitationMailGet, mail.payload);
    } catch (error) {
      if (error instanceof ServiceError && (error.code === 'gone' || error.code === 'not_found')) {
        await this.repository.markSkipped(mail.id, error.message);
        this.logger.info({ ...context, reason: error.message }, 'invitation mail skipped');
        return 'skipped';
      }
      return this.failed(mail, error, false);
    }
    const acceptUrl = `${inviteAcceptUrl(this.config)}?token=${encodeURIComponent(data.token)}`;
    const rendered = renderInvitationMail(data.templates, { ...data, acceptUrl });
    try {
      await this.transport.send({ to: data.email, messageId: mail.messageId, ...rendered });
    } catch (error) {
      return this.failed(mail, error, isPermanentSmtpError(error));
    }
    await this.repository.markSent(mail.id);
    this.logger.info(context, 'invitation mail sent');
    return 'sent';
  }

  private async failed(mail: ClaimedMail, error: unknown, permanent: boolean): Promise<Outcome> {
    const final = permanent || mail.attempts >= this.config.MAIL_MAX_ATTEMPTS;
    const delay = backoffDelayMs(mail.attempts, MAIL_RETRY);
    const reason = error instanceof Error ? error.message : String(error);
    await this.repository.markFailed(mail.id, reason, delay, final);
    const context = { eventId: mail.eventId, messageId: mail.messageId, attempts: mail.attempts, reason };
    if (final) this.logger.error(context, 'mail failed for good');
    else this.logger.warn({ ...context, retryInMs: delay }, 'mail failed; it will be retried');
    return final ? 'failed' : 'retry';
  }
}
