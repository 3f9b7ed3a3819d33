import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { invitationMailGet } from '@vv/contracts';
import { CONFIG, LOGGER, Metrics, NatsClientProxy, ServiceError, type Logger } from '@vv/platform';
import type { Counter } from 'prom-client';
import { inviteAcceptUrl, type NotificationsConfig } from '../config';
import { renderInvitationMail } from './invitation-mail.renderer';
import { isPermanentSmtpError, MailTransport } from './mail.transport';
import { OutgoingMailRepository, type ClaimedMail } from './outgoing-mail.repository';

const BATCH = 10;
/** Waits before attempt 2, 3, …; the last step repeats. */
const RETRY_DELAYS_MS = [1000, 5000, 30_000, 120_000, 600_000];

type Outcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * Sends queued mail: claims due rows (a lease), renders, sends over SMTP with the row's fixed
 * Message-ID, marks the outcome. Woken by the consumer and by a poll. Tokens and links are never
 * logged: log lines carry the event id, invitation id and Message-ID only.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
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
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.MAIL_POLL_INTERVAL_MS);
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
    try {
      while (!this.isStopped()) {
        const claimed = await this.repository.claim(BATCH, this.config.MAIL_LEASE_MS);
        for (const mail of claimed) {
          if (this.isStopped()) return; // leased rows come back when the lease runs out
          this.handled.inc({ outcome: await this.sendOne(mail) });
        }
        if (claimed.length < BATCH) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'mail sender pass failed; the next poll retries');
    }
  }

  private isStopped(): boolean {
    return this.stopped;
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
    const delay = RETRY_DELAYS_MS[Math.min(mail.attempts, RETRY_DELAYS_MS.length) - 1];
    const reason = error instanceof Error ? error.message : String(error);
    await this.repository.markFailed(mail.id, reason, delay, final);
    const context = { eventId: mail.eventId, messageId: mail.messageId, attempts: mail.attempts, reason };
    if (final) this.logger.error(context, 'mail failed for good');
    else this.logger.warn({ ...context, retryInMs: delay }, 'mail failed; it will be retried');
    return final ? 'failed' : 'retry';
  }
}
