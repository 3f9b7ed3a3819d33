import { Injectable } from '@nestjs/common';
import { Database, type SqlCaller } from '@vv/platform';

export type MailKind = 'invitation';

/** What the sender needs to render an invitation mail: ids and versions, never a secret. */
export interface InvitationMailPayload {
  invitationId: string;
  tokenVersion: number;
}

export interface ClaimedMail {
  id: string;
  eventId: string;
  kind: MailKind;
  payload: InvitationMailPayload;
  messageId: string;
  attempts: number;
}

/** The only file of the mail module that calls SQL. */
@Injectable()
export class OutgoingMailRepository {
  constructor(private readonly db: Database) {}

  /** In the consumer's inbox transaction: at most one mail per event. */
  async enqueue(
    tx: SqlCaller,
    mail: { eventId: string; kind: MailKind; payload: InvitationMailPayload; messageId: string },
  ): Promise<boolean> {
    const row = await tx.one<{ enqueueMail: boolean }>('notifications.enqueue_mail', mail);
    return row.enqueueMail;
  }

  claim(limit: number, leaseMs: number): Promise<ClaimedMail[]> {
    return this.db.call<ClaimedMail>('notifications.claim_mail', { limit, leaseMs });
  }

  async markSent(id: string): Promise<void> {
    await this.db.call('notifications.mark_mail_sent', { id });
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.db.call('notifications.mark_mail_skipped', { id, reason });
  }

  async markFailed(id: string, error: string, delayMs: number, final: boolean): Promise<void> {
    await this.db.call('notifications.mark_mail_failed', { id, error, delayMs, final });
  }
}
