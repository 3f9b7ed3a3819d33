import { Module } from '@nestjs/common';
import { InvitationMailConsumer } from './invitation-mail.consumer';
import { MailSender } from './mail.sender';
import { MailTransport } from './mail.transport';
import { OutgoingMailRepository } from './outgoing-mail.repository';

/** Email: the invitation-mail consumer queues, the sender sends over SMTP. */
@Module({
  providers: [OutgoingMailRepository, MailTransport, MailSender, InvitationMailConsumer],
})
export class MailModule {}
