import { z } from 'zod';
import { dataField, isoTimestamp, uuid } from '../../common/schemas';

export const SHARING_LEVELS = ['private', 'villagers', 'public'] as const;
export const sharingLevel = z.enum(SHARING_LEVELS);
export type SharingLevel = z.output<typeof sharingLevel>;

/** Profile fields a user can share; `displayName` is always visible, `preferences` never. */
export const SHAREABLE_FIELDS = ['email', 'avatarFileId', 'contact', 'emergency', 'data'] as const;
export type ShareableField = (typeof SHAREABLE_FIELDS)[number];

export const DEFAULT_SHARING: Record<ShareableField, SharingLevel> = {
  email: 'villagers',
  avatarFileId: 'public',
  contact: 'villagers',
  emergency: 'private',
  data: 'private',
};

const text = (max: number) => z.string().trim().max(max);

export const contactInfo = z.strictObject({
  phone: text(50).optional(),
  address: text(500).optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
});

export const emergencyInfo = z.strictObject({
  name: text(200).optional(),
  phone: text(50).optional(),
  relation: text(100).optional(),
  notes: text(2000).optional(),
});

export const sharingSettings = z.strictObject({
  email: sharingLevel,
  avatarFileId: sharingLevel,
  contact: sharingLevel,
  emergency: sharingLevel,
  data: sharingLevel,
});

export const displayName = z.string().trim().min(1).max(100);

/** The profile as its owner sees it. */
export const ownProfile = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  avatarFileId: uuid.nullable(),
  contact: contactInfo,
  emergency: emergencyInfo,
  preferences: z.record(z.string(), z.unknown()),
  sharing: sharingSettings,
  data: z.record(z.string(), z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type OwnProfile = z.output<typeof ownProfile>;

/** The profile as another user sees it: shareable fields appear only when shared with them. */
export const visibleProfile = z.object({
  id: uuid,
  displayName: z.string(),
  email: z.string().optional(),
  avatarFileId: uuid.nullable().optional(),
  contact: contactInfo.optional(),
  emergency: emergencyInfo.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type VisibleProfile = z.output<typeof visibleProfile>;

export const profileUpdate = z
  .strictObject({
    displayName: displayName.optional(),
    /**
     * A new id must be a ready file the caller uploaded (identity asks files, `file.check_use`);
     * the stored id or null needs no check.
     */
    avatarFileId: uuid.nullable().optional(),
    contact: contactInfo.optional(),
    emergency: emergencyInfo.optional(),
    preferences: dataField.optional(),
    sharing: sharingSettings.partial().optional(),
    data: dataField.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type ProfileUpdate = z.output<typeof profileUpdate>;

/** What signup, login and refresh return. */
export const sessionTokens = z.object({
  user: ownProfile,
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type SessionTokens = z.output<typeof sessionTokens>;

/** Passwords are checked for strength by identity (`weak_password`), not by shape here. */
export const password = z.string().min(1).max(1024);
export const PASSWORD_MIN_LENGTH = 10;

/** Refresh tokens are opaque random strings. */
export const refreshToken = z.string().min(16).max(512);
