import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type {
  Invitation,
  InvitationStatus,
  Membership,
  ParsedRequestOf,
  ResponseOf,
  invitationCreate,
  invitationMailGet,
} from '@vv/contracts';
import {
  CONFIG,
  LOGGER,
  decodeCursor,
  pageOf,
  ServiceError,
  timeIdKey,
  type Actor,
  type Logger,
} from '@vv/platform';
import type { IdentityConfig } from '../config';
import { MetadataRepository } from '../metadata/metadata.repository';
import { appRolesOf, type Granted } from '../village-access/village-access.policy';
import { VillageAccess } from '../village-access/village-access.service';
import { DEV_INVITATION_TOKEN_SECRET } from './invitation-defaults';
import { toInvitation, type InvitationListRow } from './invitation-row';
import { deriveInvitationToken, newInvitationToken } from './invitation-token';
import { InvitationsRepository, type InvitationRef, type TokenMaterial } from './invitations.repository';
import {
  MANAGE_INVITATIONS,
  assertMayPresetRole,
  assertSenderMayStill,
  managerRole,
  tokenRefusal,
} from './invitations.policy';
import { VillageReadsCache } from '../cached-reads/village-reads.cache';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface InvitationPage {
  items: Invitation[];
  nextCursor: string | null;
}

/**
 * Invitations: create, resend, revoke and list (invitations.manage), list mine, accept, decline,
 * and the internal render data of the invitation email. Tokens are never logged or returned,
 * except to the mail sender through `mail`.
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    private readonly repository: InvitationsRepository,
    private readonly access: VillageAccess,
    private readonly metadata: MetadataRepository,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly cached: VillageReadsCache,
  ) {}

  onModuleInit(): void {
    if (this.config.NODE_ENV === 'production' && this.secret === DEV_INVITATION_TOKEN_SECRET) {
      throw new Error('INVITATION_TOKEN_SECRET must be set in production (at least 32 random characters)');
    }
  }

  async create(actor: Actor, request: ParsedRequestOf<typeof invitationCreate>): Promise<Invitation> {
    const granted = await this.access.require(request.villageId, actor.userId, MANAGE_INVITATIONS);
    const role = request.role ?? 'member';
    assertMayPresetRole(managerRole(granted), role, granted.appRoles);
    const row = await this.repository.create(
      {
        villageId: request.villageId,
        email: request.email,
        role,
        message: request.message ?? null,
        maxUses: request.maxUses ?? 1,
        ttlSeconds: this.ttlSeconds(request.expiresInHours),
        invitedBy: actor.userId,
      },
      this.newToken(),
    );
    this.logger.info({ invitationId: row.id, villageId: row.villageId }, 'invitation created');
    return toInvitation(row);
  }

  /**
   * member.add without a direct add: a single-use invitation to the account, which its owner
   * accepts or declines in the app. `granted`: the caller's `members.manage` on the village, with
   * the role checks made.
   */
  async inviteMember(actor: Actor, granted: Granted, userId: string, role: string): Promise<Invitation> {
    const row = await this.repository.createForMember(
      {
        villageId: granted.village.id,
        userId,
        role,
        ttlSeconds: this.ttlSeconds(undefined),
        invitedBy: actor.userId,
      },
      this.newToken(),
    );
    this.logger.info({ invitationId: row.id, villageId: row.villageId }, 'member invited');
    return toInvitation(row);
  }

  async resend(actor: Actor, villageId: string, invitationId: string): Promise<Invitation> {
    await this.assertManager(actor, villageId);
    const row = await this.repository.resend(
      villageId,
      invitationId,
      actor.userId,
      this.ttlSeconds(undefined),
      this.newToken(),
    );
    this.logger.info({ invitationId, villageId, tokenVersion: row.tokenVersion }, 'invitation resent');
    return toInvitation(row);
  }

  async revoke(actor: Actor, villageId: string, invitationId: string): Promise<Invitation> {
    await this.assertManager(actor, villageId);
    const row = await this.repository.revoke(villageId, invitationId, actor.userId);
    this.logger.info({ invitationId, villageId }, 'invitation revoked');
    return toInvitation(row);
  }

  async list(
    actor: Actor,
    villageId: string,
    status: InvitationStatus | undefined,
    page: PageRequest,
  ): Promise<InvitationPage> {
    await this.assertManager(actor, villageId);
    const before = decodeCursor(page.cursor, timeIdKey);
    return invitationPage(await this.repository.list(villageId, status, before, page.limit + 1), page.limit);
  }

  async listMine(actor: Actor, page: PageRequest): Promise<InvitationPage> {
    const before = decodeCursor(page.cursor, timeIdKey);
    return invitationPage(await this.repository.listMine(actor.userId, before, page.limit + 1), page.limit);
  }

  /** Accepts the invitation of a link (`{tokenHash}`) or, in the app, of an id (`{invitationId}`). */
  async accept(actor: Actor, ref: InvitationRef): Promise<Membership> {
    const inviterRole = await this.senderRole(ref, actor.userId);
    const row = await this.repository.accept(ref, actor.userId, inviterRole);
    if (row.outcome !== 'accepted') throw tokenRefusal(row.outcome);
    const { villageId, userId, role, createdAt, updatedAt } = row;
    await this.cached.written(villageId);
    this.logger.info({ invitationId: row.invitationId, villageId }, 'invitation accepted');
    return { villageId, userId, role, createdAt, updatedAt };
  }

  async decline(actor: Actor, ref: InvitationRef): Promise<Invitation> {
    const row = await this.repository.decline(ref, actor.userId);
    if (row.outcome !== 'declined') throw tokenRefusal(row.outcome);
    if (row.invitationId === null) throw new ServiceError('internal', 'declined without an invitation');
    this.logger.info({ invitationId: row.invitationId }, 'invitation declined');
    return toInvitation(await this.repository.get(row.invitationId));
  }

  /**
   * The role the invitation's sender holds now, which its use is then conditioned on; `gone` when
   * they may no longer make it (assertSenderMayStill). Null when no invitation matches: the use
   * then says why (not_found).
   */
  async senderRole(ref: InvitationRef, userId: string | null): Promise<string | null> {
    const row = await this.repository.authority(ref, userId);
    if (!row) return null;
    assertSenderMayStill({ ...row, appRoles: appRolesOf(row.appRoles) });
    return row.inviterRole;
  }

  /** Internal, for the mail sender: `gone` unless that token version is the live one of a pending invitation. */
  async mail(
    request: ParsedRequestOf<typeof invitationMailGet>,
  ): Promise<ResponseOf<typeof invitationMailGet>> {
    const row = await this.repository.mail(request.invitationId, request.tokenVersion);
    if (!row) throw new ServiceError('not_found', 'No such invitation or token version');
    if (row.status !== 'pending' || row.tokenStatus !== 'active') {
      throw new ServiceError('gone', `The invitation is ${row.status}; this link is no longer live`);
    }
    const templates = await this.metadata.get('app', 'email-templates');
    return {
      invitationId: row.invitationId,
      villageId: row.villageId,
      villageName: row.villageName,
      email: row.email,
      role: row.role,
      message: row.message,
      inviterName: row.inviterName,
      expiresAt: row.expiresAt,
      token: deriveInvitationToken(this.secret, row.tokenSalt),
      templates: templates?.value ?? null,
    };
  }

  private get secret(): string {
    return this.config.INVITATION_TOKEN_SECRET;
  }

  private newToken(): TokenMaterial {
    const token = newInvitationToken(this.secret);
    return { tokenHash: token.hash, tokenSalt: token.salt };
  }

  private ttlSeconds(expiresInHours: number | undefined): number {
    return (expiresInHours ?? this.config.INVITATION_TTL_HOURS) * 3600;
  }

  /** The caller manages the village's invitations (one facts query), or `not_found` / `forbidden`. */
  private async assertManager(actor: Actor, villageId: string): Promise<void> {
    managerRole(await this.access.require(villageId, actor.userId, MANAGE_INVITATIONS));
  }
}

const invitationPage = (rows: InvitationListRow[], limit: number): InvitationPage =>
  pageOf(rows, limit, (row) => [row.pageAt, row.id], toInvitation);
