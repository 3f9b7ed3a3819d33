import { Module } from '@nestjs/common';
import { AvatarCheck } from './avatar-check';
import { ProfilesHandler } from './profiles.handler';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

/**
 * Profiles: own profile read/update/delete, and other users' profiles filtered by sharing. A new
 * avatar is checked with files (`file.check_use`) through the platform's NatsClientProxy.
 */
@Module({
  controllers: [ProfilesHandler],
  providers: [ProfilesRepository, AvatarCheck, ProfilesService],
})
export class ProfilesModule {}
