import { Module } from '@nestjs/common';
import { CachedReadsModule } from '../cached-reads/cached-reads.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { VillageAccessModule } from '../village-access/village-access.module';
import { MembersHandler } from './members.handler';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

/**
 * Memberships and roles, and the village directory; decisions through the village-access gate.
 * Adding a user without a direct add invites their account (through the invitations module).
 */
@Module({
  imports: [CachedReadsModule, VillageAccessModule, InvitationsModule],
  controllers: [MembersHandler],
  providers: [MembersRepository, MembersService],
})
export class MembersModule {}
