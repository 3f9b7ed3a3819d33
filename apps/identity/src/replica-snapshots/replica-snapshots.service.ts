import { Injectable } from '@nestjs/common';
import type { avatarSnapshot, membershipSnapshot, ParsedRequestOf, ResponseOf } from '@vv/contracts';
import { decodeCursor, encodeCursor, pageOf } from '@vv/platform';
import { z } from 'zod';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';

type MembershipPage = ResponseOf<typeof membershipSnapshot>;

/**
 * Where a membership snapshot is: `app/roles` (no cursor), the villages (after one), then the
 * memberships (after a pair).
 */
const membershipCursor = z.union([
  z.tuple([z.literal('villages')]),
  z.tuple([z.literal('villages'), z.uuid()]),
  z.tuple([z.literal('members')]),
  z.tuple([z.literal('members'), z.uuid(), z.uuid()]),
]);
const idCursor = z.tuple([z.uuid()]);

/**
 * Paged snapshots of what identity's events tell other services' replicas: `app/roles` (the first
 * page), villages, then memberships; and avatars. Keyset pages, one query each.
 */
@Injectable()
export class ReplicaSnapshotsService {
  constructor(private readonly repository: ReplicaSnapshotsRepository) {}

  async membership({ cursor, limit }: ParsedRequestOf<typeof membershipSnapshot>): Promise<MembershipPage> {
    const key = decodeCursor(cursor ?? undefined, membershipCursor);
    if (key?.[0] === 'members') {
      const rows = await this.repository.memberships(key.length === 3 ? [key[1], key[2]] : null, limit + 1);
      return pageOf(
        rows,
        limit,
        (row) => ['members', row.villageId, row.userId],
        (row): MembershipPage['items'][number] => ({ kind: 'member', ...row }),
      );
    }
    if (key === undefined) {
      const appRoles = await this.repository.appRoles();
      return {
        items: appRoles ? [{ kind: 'app_roles', ...appRoles }] : [],
        nextCursor: encodeCursor(['villages']),
      };
    }
    const rows = await this.repository.villages(key.length === 2 ? key[1] : null, limit + 1);
    const villages = pageOf(
      rows,
      limit,
      (row) => ['villages', row.villageId],
      (row): MembershipPage['items'][number] => ({ kind: 'village', ...row }),
    );
    return { items: villages.items, nextCursor: villages.nextCursor ?? encodeCursor(['members']) };
  }

  async avatars({
    cursor,
    limit,
  }: ParsedRequestOf<typeof avatarSnapshot>): Promise<ResponseOf<typeof avatarSnapshot>> {
    const key = decodeCursor(cursor ?? undefined, idCursor);
    const rows = await this.repository.avatars(key?.[0] ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (row) => [row.userId],
      (row) => row,
    );
  }
}
