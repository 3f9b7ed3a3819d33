import { Inject, Injectable } from '@nestjs/common';
import { invitationCreated, invitationResent } from '@vv/contracts';
import { CONFIG, OnEvent, type EventOf, type SqlCaller } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { messageIdFor } from './mail.transport';
import { OutgoingMailRepository } from './outgoing-mail.repository';

/** The durable, `notifications-invitation-mail`. */
const MAIL = { durable: 'invitation-mail' };

/**
 * JetStream durable `notifications-invitation-mail` on identity's stream, filtered to
 * `<prefix>.evt.identity.invitation.>`: invitation.created and invitation.resent queue one mail
 * each, in the inbox transaction.
 */
@Injectable()
export class InvitationMailConsumer {
  constructor(
    private readonly repository: OutgoingMailRepository,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** Both carry the invitation's data (`invitationEventData`). */
  @OnEvent(invitationCreated, MAIL)
  @OnEvent(invitationResent, MAIL)
  async queueMail(event: EventOf<typeof invitationResent>, tx: SqlCaller): Promise<void> {
    const { data } = event;
    await this.repository.enqueue(tx, {
      eventId: event.id,
      kind: 'invitation',
      payload: { invitationId: data.invitationId, tokenVersion: data.tokenVersion },
      messageId: messageIdFor(event.id, this.config.MAIL_FROM),
    });
  }
}
