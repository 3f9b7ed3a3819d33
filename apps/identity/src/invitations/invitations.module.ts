import { Module } from '@nestjs/common';
import { CachedReadsModule } from '../cached-reads/cached-reads.module';
import { MetadataModule } from '../metadata/metadata.module';
import { VillageAccessModule } from '../village-access/village-access.module';
import { InvitationExpirySweeper } from './invitation-expiry.sweeper';
import { InvitationsHandler } from './invitations.handler';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

/**
 * Invitations to an address or (from member.add) to an account: create, resend, revoke, lists,
 * accept, decline (by token or by id), the expiry sweep.
 */
@Module({
  imports: [CachedReadsModule, MetadataModule, VillageAccessModule],
  controllers: [InvitationsHandler],
  providers: [InvitationsRepository, InvitationsService, InvitationExpirySweeper],
  exports: [InvitationsService],
})
export class InvitationsModule {}
