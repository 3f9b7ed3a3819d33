import { Inject, Injectable } from '@nestjs/common';
import type { OwnProfile, ProfileUpdate, VisibleProfile } from '@vv/contracts';
import { CONFIG, LOGGER, ServiceError, type Actor, type Logger } from '@vv/platform';
import type { IdentityConfig } from '../config';
import { AvatarCheck } from './avatar-check';
import { toOwnProfile } from './profile-row';
import { visibleProfile } from './profile-visibility.policy';
import { ProfilesRepository } from './profiles.repository';

/** A deleted account's (or revoked session's) still-valid access token is no longer a caller. */
const gone = (): ServiceError => new ServiceError('unauthenticated', 'This session has ended; sign in again');

@Injectable()
export class ProfilesService {
  constructor(
    private readonly repository: ProfilesRepository,
    private readonly avatars: AvatarCheck,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async getOwn(actor: Actor): Promise<OwnProfile> {
    const row = await this.repository.getOwnProfile(actor);
    if (!row) throw gone();
    return toOwnProfile(row);
  }

  async update(actor: Actor, patch: ProfileUpdate): Promise<OwnProfile> {
    if (patch.avatarFileId) await this.checkNewAvatar(actor, patch.avatarFileId);
    const row = await this.repository.updateProfile(actor, patch);
    if (!row) throw gone();
    return toOwnProfile(row);
  }

  async delete(actor: Actor): Promise<void> {
    if (!(await this.repository.deleteUser(actor, this.config.ACCESS_TOKEN_TTL_SECONDS))) throw gone();
    this.logger.info({ userId: actor.userId }, 'account deleted');
  }

  async get(viewer: Actor, userId: string): Promise<VisibleProfile> {
    const row = await this.repository.getUser(userId);
    if (!row) throw new ServiceError('not_found', 'No such user');
    return visibleProfile(row, await this.repository.viewerRelation(viewer.userId, userId));
  }

  /** A different avatar is asked of files before the write; keeping the stored one asks nothing. */
  private async checkNewAvatar(actor: Actor, fileId: string): Promise<void> {
    const current = await this.repository.getOwnProfile(actor);
    if (!current) throw gone();
    if (current.avatarFileId !== fileId) await this.avatars.assertUsable(actor, fileId);
  }
}
