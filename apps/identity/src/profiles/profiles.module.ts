import { Module } from '@nestjs/common';
import { ProfilesHandler } from './profiles.handler';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

/** Profiles: own profile read/update/delete, and other users' profiles filtered by sharing. */
@Module({
  providers: [ProfilesRepository, ProfilesService, ProfilesHandler],
})
export class ProfilesModule {}
