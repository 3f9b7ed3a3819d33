import { Module } from '@nestjs/common';
import { MetadataModule } from '../metadata/metadata.module';
import { VillageAccessModule } from '../village-access/village-access.module';
import { InvitationExpirySweeper } from './invitation-expiry.sweeper';
import { InvitationsHandler } from './invitations.handler';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

/** Invitations by email: create, resend, revoke, lists, accept, decline, the expiry sweep. */
@Module({
  imports: [MetadataModule, VillageAccessModule],
  providers: [InvitationsRepository, InvitationsService, InvitationsHandler, InvitationExpirySweeper],
  exports: [InvitationsService],
})
export class InvitationsModule {}
