import { Inject, Injectable } from '@nestjs/common';
import type { MemberAddResult, Membership } from '@vv/contracts';
import { CONFIG, decodeCursor, pageOf, ServiceError, timeIdKey, type Actor } from '@vv/platform';
import type { IdentityConfig } from '../config';
import { VillageReadsCache } from '../cached-reads/village-reads.cache';
import { InvitationsService } from '../invitations/invitations.service';
import { visibleProfile } from '../profiles/profile-visibility.policy';
import { VillageAccess } from '../village-access/village-access.service';
import { toMembership } from '../villages/village-row';
import { assertMayAssign, assertMayRemove, mayAddDirectly } from './members.policy';
import { MembersRepository, type MemberRow } from './members.repository';

export interface DirectoryInput {
  villageId: string;
  q?: string;
  role?: string;
  limit: number;
  cursor?: string;
}

export interface DirectoryEntry {
  userId: string;
  role: string;
  joinedAt: string;
  profile: ReturnType<typeof visibleProfile>;
}

const noSuchMember = (): ServiceError => new ServiceError('not_found', 'No such member');

/** Memberships and the directory: list, add, change role, remove or leave. */
@Injectable()
export class MembersService {
  constructor(
    private readonly repository: MembersRepository,
    private readonly access: VillageAccess,
    private readonly invitations: InvitationsService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    private readonly cached: VillageReadsCache,
  ) {}

  /**
   * The directory. Each member's profile is filtered by their own sharing settings: a member of
   * the village sees what members share with villagers, a signed-in outsider of a public village
   * only what they share publicly, and the caller sees their own row in full.
   */
  async list(
    actorId: string,
    input: DirectoryInput,
  ): Promise<{ items: DirectoryEntry[]; nextCursor: string | null }> {
    const { actorRole: viewerRole } = await this.access.require(input.villageId, actorId, 'members.read');
    const after = decodeCursor(input.cursor, timeIdKey);
    const members = (limit: number) =>
      this.repository.listMembers({ villageId: input.villageId, limit, q: input.q, role: input.role, after });
    const first = after === undefined && input.q === undefined && input.role === undefined;
    const rows = first
      ? await this.cached.firstMembers(input.villageId, input.limit, members)
      : await members(input.limit);
    const viewer = viewerRole === null ? 'other' : 'villager';
    return pageOf(
      rows,
      input.limit,
      (row) => [row.cursorAt, row.id],
      (row: MemberRow): DirectoryEntry => ({
        userId: row.id,
        role: row.role,
        joinedAt: row.joinedAt,
        profile: visibleProfile(row, row.id === actorId ? 'self' : viewer),
      }),
    );
  }

  /** Adds the user at once where the app allows it (mayAddDirectly); otherwise invites their account. */
  async add(actor: Actor, villageId: string, userId: string, role: string): Promise<MemberAddResult> {
    const granted = await this.access.require(villageId, actor.userId, 'members.manage', userId);
    const actorRole = granted.actorRole ?? '';
    if (granted.userRole !== null)
      throw new ServiceError('conflict', 'The user is already a member of this village');
    assertMayAssign(actorRole, null, role, granted.appRoles);
    if (!mayAddDirectly(granted, this.config.APP_ADMIN_EMAILS)) {
      return { outcome: 'invited', ...(await this.invitations.inviteMember(actor, granted, userId, role)) };
    }
    const membership = await this.repository.addMember(
      villageId,
      { userId: actor.userId, role: actorRole },
      userId,
      role,
    );
    await this.cached.written(villageId);
    return { outcome: 'added', ...toMembership(membership) };
  }

  async changeRole(actorId: string, villageId: string, userId: string, role: string): Promise<Membership> {
    const granted = await this.access.require(villageId, actorId, 'members.manage', userId);
    const actorRole = granted.actorRole ?? '';
    if (granted.userRole === null) throw noSuchMember();
    assertMayAssign(actorRole, granted.userRole, role, granted.appRoles);
    const membership = await this.repository.changeRole(
      villageId,
      { userId: actorId, role: actorRole },
      userId,
      role,
    );
    await this.cached.written(villageId);
    return toMembership(membership);
  }

  /** Removes a member (members.manage) or, for oneself, leaves. */
  async remove(actorId: string, villageId: string, userId: string): Promise<void> {
    if (userId === actorId) {
      const { actorRole } = await this.access.require(villageId, actorId, 'village.read');
      if (actorRole === null) throw new ServiceError('not_found', 'You are not a member of this village');
      await this.repository.removeMember(villageId, { userId: actorId, role: actorRole }, userId);
      await this.cached.written(villageId);
      return;
    }
    const granted = await this.access.require(villageId, actorId, 'members.manage', userId);
    const actorRole = granted.actorRole ?? '';
    if (granted.userRole === null) throw noSuchMember();
    assertMayRemove(actorRole, granted.userRole);
    await this.repository.removeMember(villageId, { userId: actorId, role: actorRole }, userId);
    await this.cached.written(villageId);
  }

  /** The read-through of membership replicas (service to service; no actor). */
  async membership(
    villageId: string,
    userId: string,
  ): Promise<{ village: { id: string; visibility: 'public' | 'private' } | null; role: string | null }> {
    const row = await this.repository.getMembership(villageId, userId);
    return {
      village:
        row.villageId !== null && row.visibility !== null
          ? { id: row.villageId, visibility: row.visibility }
          : null,
      role: row.role,
    };
  }
}
