import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';
import type { UserRow } from '../profiles/profile-row';
import type { TimeIdKey } from '@vv/platform';
import type { ActingMember } from '../villages/villages.repository';
import type { MembershipRow } from '../villages/village-row';

/** A directory row: the membership and the member's profile with its sharing settings. */
export interface MemberRow extends UserRow {
  role: string;
  joinedAt: string;
  cursorAt: string;
}

export interface MemberListQuery {
  villageId: string;
  limit: number;
  q?: string;
  role?: string;
  after?: TimeIdKey;
}

/** The only file of the members module that calls SQL. */
@Injectable()
export class MembersRepository {
  constructor(private readonly db: Database) {}

  listMembers(query: MemberListQuery): Promise<MemberRow[]> {
    return this.db.call<MemberRow>('identity.list_members', {
      villageId: query.villageId,
      limit: query.limit + 1,
      q: query.q,
      role: query.role,
      afterAt: query.after?.[0],
      afterId: query.after?.[1],
    });
  }

  /** Adds an active user; `not_found` for no such user, `conflict` for a member already. */
  addMember(villageId: string, actor: ActingMember, userId: string, role: string): Promise<MembershipRow> {
    return this.db.one<MembershipRow>('identity.add_member', {
      villageId,
      actorId: actor.userId,
      actorRole: actor.role,
      userId,
      role,
    });
  }

  /** Changes a role under the village lock; `conflict` when it would demote the last owner. */
  changeRole(villageId: string, actor: ActingMember, userId: string, role: string): Promise<MembershipRow> {
    return this.db.one<MembershipRow>('identity.change_member_role', {
      villageId,
      actorId: actor.userId,
      actorRole: actor.role,
      userId,
      role,
    });
  }

  /** Ends a membership (`left` when the actor is the member); `conflict` for the last owner. */
  async removeMember(villageId: string, actor: ActingMember, userId: string): Promise<void> {
    await this.db.call('identity.remove_member', {
      villageId,
      actorId: actor.userId,
      actorRole: actor.role,
      userId,
    });
  }

  /** The village's visibility (null when it does not exist) and the user's role (null: not a member). */
  getMembership(
    villageId: string,
    userId: string,
  ): Promise<{ villageId: string | null; visibility: 'public' | 'private' | null; role: string | null }> {
    return this.db.one('identity.get_membership', { villageId, userId });
  }
}
