import { Injectable } from '@nestjs/common';
import type { ProfileUpdate } from '@vv/contracts';
import { Database, type Actor } from '@vv/platform';
import type { UserRow } from './profile-row';
import type { ViewerRelation } from './profile-visibility.policy';

/** The only file of the profiles module that calls SQL. */
@Injectable()
export class ProfilesRepository {
  constructor(private readonly db: Database) {}

  /** The actor's profile; undefined when the account is deleted or the session revoked. */
  getOwnProfile(actor: Actor): Promise<UserRow | undefined> {
    return this.db.maybeOne<UserRow>('identity.get_own_profile', {
      userId: actor.userId,
      sessionId: actor.sessionId,
    });
  }

  /** An active user's profile; undefined when there is none (or it was deleted). */
  getUser(userId: string): Promise<UserRow | undefined> {
    return this.db.maybeOne<UserRow>('identity.get_user', { userId });
  }

  /** How the viewer stands to the user: themself, a villager (they share a village), or other. */
  async viewerRelation(viewerId: string, userId: string): Promise<ViewerRelation> {
    const row = await this.db.one<{ relation: ViewerRelation }>('identity.get_viewer_relation', {
      viewerId,
      userId,
    });
    return row.relation;
  }

  /** Updates the fields given; undefined when the account is deleted or the session revoked. */
  updateProfile(actor: Actor, patch: ProfileUpdate): Promise<UserRow | undefined> {
    return this.db.maybeOne<UserRow>('identity.update_profile', {
      userId: actor.userId,
      sessionId: actor.sessionId,
      displayName: patch.displayName,
      avatarFileId: patch.avatarFileId ?? undefined,
      clearAvatar: patch.avatarFileId === null ? true : undefined,
      contact: patch.contact,
      emergency: patch.emergency,
      preferences: patch.preferences,
      sharing: patch.sharing,
      data: patch.data,
    });
  }

  /**
   * Erases the account and ends its sessions (session.revoked each, with the access tokens'
   * lifetime); false when it is already gone or the session revoked.
   */
  async deleteUser(actor: Actor, accessTokenTtlSeconds: number): Promise<boolean> {
    const row = await this.db.maybeOne<{ userId: string }>('identity.delete_user', {
      userId: actor.userId,
      sessionId: actor.sessionId,
      accessTokenTtlSeconds,
    });
    return row !== undefined;
  }
}
