import { Module } from '@nestjs/common';
import { VillageAccessModule } from '../village-access/village-access.module';
import { MembersHandler } from './members.handler';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

/** Memberships and roles, and the village directory; decisions through the village-access gate. */
@Module({
  imports: [VillageAccessModule],
  providers: [MembersRepository, MembersService, MembersHandler],
})
export class MembersModule {}
