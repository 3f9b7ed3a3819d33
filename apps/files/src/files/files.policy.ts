import { Injectable } from '@nestjs/common';
import {
  Access,
  decideChange,
  hasPermission,
  isKnownRole,
  type AccessFacts,
  type AppRoles,
} from '@vv/access';
import { userGet, type FieldError, type FilePermissions, type Permission } from '@vv/contracts';
import { NatsClientProxy, ServiceError, type Actor } from '@vv/platform';
import type { FileRow, ReachableFileRow } from './file-row';
import { FilesRepository, type Lister } from './files.repository';

export const FILE_PERMISSIONS = {
  read: 'village.read',
  upload: 'files.upload',
  manage: 'files.manage',
} as const satisfies Record<string, Permission>;

/**
 * What a caller may do with one file, strongest last:
 * - `none`: nothing, and the file does not exist for them (not_found);
 * - `read`: see the record and download it;
 * - `write`: also rename, move, delete;
 * - `admin`: also change permissions, read the download audit, see it while pending
 *   (members holding files.manage, and the owner while their role lets them upload).
 */
export type FileAccess = 'none' | 'read' | 'write' | 'admin';

const RANK: Record<FileAccess, number> = { none: 0, read: 1, write: 2, admin: 3 };
export const atLeast = (access: FileAccess, needed: FileAccess): boolean => RANK[access] >= RANK[needed];

const listed = (list: readonly string[], userId: string, role: string): boolean =>
  list.includes(userId) || list.includes(role);

/**
 * Per-file access: a member reads a `visible` file whose `read` list is empty or names them (by
 * user id or role) and writes one whose `write` list does (writing implies reading); a `hidden`
 * file is the owner's and files.manage holders' only. Pending files are theirs only too. Owning a
 * file is authorship: it gives `admin` only while the owner is a member whose role grants
 * files.upload (decideChange); an owner whose role no longer does keeps reading it.
 * Outside those rules, a file attached to a message is readable by the message's people while
 * they are members of its village, and an avatar by whoever may read its user's profile (identity
 * answers, as the caller). Everyone else is told the file does not exist.
 */
@Injectable()
export class FilesPolicy {
  constructor(
    private readonly access: Access,
    private readonly rpc: NatsClientProxy,
    private readonly files: FilesRepository,
  ) {}

  /** The caller's access to a file (see FileAccess). */
  async accessTo(actor: Actor, file: ReachableFileRow | FileRow): Promise<FileAccess> {
    const facts = await this.access.facts(file.villageId, actor.userId);
    let byVillage: FileAccess = 'none';
    if (facts.village && facts.role !== null) {
      const member = { village: facts.village, role: facts.role };
      byVillage = this.memberAccess(file, actor.userId, member, await this.access.appRoles());
    }
    if (byVillage !== 'none' || file.status !== 'ready' || !('avatarOf' in file)) return byVillage;
    if (file.granted && facts.role !== null) return 'read';
    if (file.avatarOf !== null && (await this.readsAvatar(actor, file.avatarOf, file.id))) return 'read';
    return 'none';
  }

  /** A member's access by the village rules alone (`facts` of a current member). */
  memberAccess(
    file: FileRow,
    userId: string,
    facts: AccessFacts & { role: string },
    appRoles: AppRoles,
  ): FileAccess {
    const owner = file.ownerId === userId;
    const rule = { author: owner, own: FILE_PERMISSIONS.upload, others: FILE_PERMISSIONS.manage };
    if (decideChange(facts, rule, appRoles) === 'allow') return 'admin';
    if (owner) return 'read';
    if (file.status !== 'ready' || file.visibility === 'hidden') return 'none';
    const { role } = facts;
    if (listed(file.write, userId, role)) return 'write';
    if (file.read.length === 0 || listed(file.read, userId, role)) return 'read';
    return 'none';
  }

  /** The file when the caller has at least `needed`; not_found when they cannot see it, forbidden when they see it only. */
  async assert<F extends ReachableFileRow>(
    actor: Actor,
    file: F | undefined,
    needed: FileAccess,
  ): Promise<F> {
    if (!file) throw new ServiceError('not_found', 'No such file');
    const access = await this.accessTo(actor, file);
    if (access === 'none') throw new ServiceError('not_found', 'No such file');
    if (!atLeast(access, needed)) {
      throw new ServiceError(
        'forbidden',
        needed === 'admin'
          ? "Only the file's owner (while their role allows uploading) or a files.manage holder may do this"
          : "Only the file's owner (while their role allows uploading), its write list or a files.manage holder may change it",
      );
    }
    return file;
  }

  /** A member listing a village's files (not_found to a private village's outsiders, forbidden to a public one's). */
  async lister(actor: Actor, villageId: string): Promise<Lister> {
    const facts = await this.access.assert(actor, FILE_PERMISSIONS.read, villageId);
    if (facts.role === null) throw new ServiceError('forbidden', "Only members see a village's files");
    const manage = hasPermission(facts.role, FILE_PERMISSIONS.manage, await this.access.appRoles());
    return { userId: actor.userId, role: facts.role, manage };
  }

  async assertUpload(actor: Actor, villageId: string): Promise<void> {
    await this.access.assert(actor, FILE_PERMISSIONS.upload, villageId);
  }

  /**
   * Checks a permissions document for the village: every role is built in or in `app/roles`,
   * every user id is a member (`invalid`, one error per entry, otherwise).
   */
  async assertValidPermissions(villageId: string, permissions: FilePermissions): Promise<void> {
    const appRoles = await this.access.appRoles();
    const isUserId = (entry: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(entry);
    const userIds = [...new Set([...permissions.read, ...permissions.write].filter(isUserId))];
    const members = await this.files.currentMembers(villageId, userIds);
    for (const userId of userIds.filter((id) => !members.has(id))) {
      // The replica may not have the membership yet: ask once more (reads through to identity).
      if ((await this.access.facts(villageId, userId)).role !== null) members.add(userId);
    }
    const errors: FieldError[] = [];
    for (const list of ['read', 'write'] as const) {
      permissions[list].forEach((entry, index) => {
        const field = `permissions.${list}.${index}`;
        if (isUserId(entry)) {
          if (!members.has(entry)) errors.push({ field, reason: 'not a member of the village' });
        } else if (!isKnownRole(entry, appRoles)) {
          errors.push({ field, reason: 'not a role of this app' });
        }
      });
    }
    if (errors.length > 0) throw ServiceError.invalid(errors);
  }

  /** Whether identity shows the caller `ownerId`'s profile with this avatar. */
  private async readsAvatar(actor: Actor, ownerId: string, fileId: string): Promise<boolean> {
    try {
      const profile = await this.rpc.call(userGet, { userId: ownerId }, { actor });
      return 'avatarFileId' in profile && profile.avatarFileId === fileId;
    } catch (error) {
      if (error instanceof ServiceError && ['not_found', 'forbidden'].includes(error.code)) return false;
      throw error;
    }
  }
}
