import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';
import { BUILT_IN_ROLES } from '../../common/permissions';

export const VILLAGE_VISIBILITIES = ['public', 'private'] as const;
export const villageVisibility = z.enum(VILLAGE_VISIBILITIES);
export type VillageVisibility = z.output<typeof villageVisibility>;

/** A role: built-in (`owner`, `admin`, `member`) or one the app defines in metadata `app/roles`. */
export const roleName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, from a letter');
export type RoleName = z.output<typeof roleName>;
export const builtInRole = z.enum(BUILT_IN_ROLES);

export const villageName = z.string().trim().min(1).max(120);
export const villageDescription = z.string().trim().max(2000);

export const village = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  visibility: villageVisibility,
  /** Declared by the app in metadata `app/villages` (its key there); villagers cannot delete it. */
  fixedKey: z.string().nullable(),
  memberCount: z.number().int().nonnegative(),
  /** The caller's role, or null when the caller is not a member (a public village). */
  myRole: roleName.nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Village = z.output<typeof village>;

export const villageCreate = z.strictObject({
  name: villageName,
  description: villageDescription.optional(),
  visibility: villageVisibility,
  data: dataField.optional(),
});

export const villageUpdate = z
  .strictObject({
    name: villageName.optional(),
    description: villageDescription.optional(),
    visibility: villageVisibility.optional(),
    data: dataField.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export const membership = z.object({
  villageId: uuid,
  userId: uuid,
  role: roleName,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Membership = z.output<typeof membership>;

/** Why a membership ended. */
export const MEMBERSHIP_END_REASONS = ['left', 'removed', 'village_deleted', 'account_deleted'] as const;
export const membershipEndReason = z.enum(MEMBERSHIP_END_REASONS);
