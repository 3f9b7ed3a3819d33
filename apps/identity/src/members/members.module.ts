import { Module } from '@nestjs/common';
import { VillagesModule } from '../villages/villages.module';
import { MembersHandler } from './members.handler';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

/** Memberships and roles, and the village directory; decisions through the villages' access gate. */
@Module({
  imports: [VillagesModule],
  providers: [MembersRepository, MembersService, MembersHandler],
})
export class MembersModule {}
