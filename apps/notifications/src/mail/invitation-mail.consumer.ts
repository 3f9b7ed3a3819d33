import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { invitationEventData, serviceEventWildcard, type EventEnvelope } from '@vv/contracts';
import {
  CONFIG,
  Database,
  ensureServiceStream,
  EventConsumer,
  LOGGER,
  Metrics,
  NATS,
  type Logger,
  type NatsConnection,
  type SqlCaller,
} from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { MailSender } from './mail.sender';
import { messageIdFor } from './mail.transport';
import { OutgoingMailRepository } from './outgoing-mail.repository';

/** The events that ask for an invitation email. */
const MAIL_EVENTS = new Set(['identity.invitation.created', 'identity.invitation.resent']);

/**
 * JetStream durable `notifications-invitation-mail` on identity's stream, filtered to
 * `<prefix>.evt.identity.invitation.>` (nats-server 2.9 allows one filter per consumer):
 * invitation.created and invitation.resent queue one mail each, in the inbox transaction.
 */
@Injectable()
export class InvitationMailConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: EventConsumer;

  constructor(
    private readonly repository: OutgoingMailRepository,
    private readonly sender: MailSender,
    private readonly db: Database,
    private readonly metrics: Metrics,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.SUBJECT_PREFIX;
    const { stream } = await ensureServiceStream(this.nc, prefix, 'identity');
    const filterSubject = `${serviceEventWildcard(prefix, 'identity').slice(0, -1)}invitation.>`;
    this.consumer = new EventConsumer({
      nc: this.nc,
      db: this.db,
      schema: 'notifications',
      service: 'notifications',
      prefix,
      name: 'notifications-invitation-mail',
      stream,
      filterSubject,
      handler: (event, tx) => this.handle(event, tx),
      logger: this.logger,
      metrics: this.metrics,
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(event: EventEnvelope, tx: SqlCaller): Promise<void> {
    if (!MAIL_EVENTS.has(event.type) || event.version !== 1) return;
    const data = invitationEventData.parse(event.data);
    await this.repository.enqueue(tx, {
      eventId: event.id,
      kind: 'invitation',
      payload: { invitationId: data.invitationId, tokenVersion: data.tokenVersion },
      messageId: messageIdFor(event.id, this.config.MAIL_FROM),
    });
    // The row commits with the inbox after this returns; the poll covers a wake that comes too early.
    setTimeout(() => this.sender.wake(), 20).unref();
  }
}
