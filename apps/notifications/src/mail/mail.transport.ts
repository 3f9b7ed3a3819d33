import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG } from '@vv/platform';
import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../config';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** RFC 5322 Message-ID, with its angle brackets. */
  messageId: string;
}

/** SMTP through nodemailer, to SMTP_URL. */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly transporter: Transporter;

  constructor(@Inject(CONFIG) private readonly config: NotificationsConfig) {
    this.transporter = createTransport(config.SMTP_URL);
  }

  /** Resolves once the SMTP server accepted the message; rejects with its error otherwise. */
  async send(message: OutgoingMessage): Promise<void> {
    await this.transporter.sendMail({
      from: this.config.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
    });
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}

/** SMTP 5xx answers are permanent: retrying the same message cannot succeed. */
export const isPermanentSmtpError = (error: unknown): boolean => {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/** `<event-id@domain-of-MAIL_FROM>`: the same on every attempt, so a receiver can drop a duplicate. */
export function messageIdFor(eventId: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(mailFrom)?.[1] ?? 'virtual-village.local';
  return `<${eventId}@${domain}>`;
}
