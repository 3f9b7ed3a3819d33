import type { Membership, Village, VillageVisibility } from '@vv/contracts';

/** A village as identity's functions return it (camelCase, ISO timestamps). */
export interface VillageRow {
  id: string;
  name: string;
  description: string;
  visibility: VillageVisibility;
  fixedKey: string | null;
  memberCount: number;
  myRole: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A list row: the village and its full-precision sort key for the next page's cursor. */
export interface VillageListRow extends VillageRow {
  cursorAt: string;
}

export type MembershipRow = Membership;

export const toVillage = (row: VillageRow): Village => ({
  id: row.id,
  name: row.name,
  description: row.description,
  visibility: row.visibility,
  fixedKey: row.fixedKey,
  memberCount: row.memberCount,
  myRole: row.myRole,
  data: row.data,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toMembership = (row: MembershipRow): Membership => ({
  villageId: row.villageId,
  userId: row.userId,
  role: row.role,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
