import {
  contactInfo,
  DEFAULT_SHARING,
  emergencyInfo,
  sharingSettings,
  type OwnProfile,
  type SharingLevel,
  type ShareableField,
} from '@vv/contracts';

/** A user's row as identity's functions return it (camelCase, ISO timestamps). */
export interface UserRow {
  id: string;
  email: string | null;
  displayName: string;
  avatarFileId: string | null;
  contact: Record<string, unknown>;
  emergency: Record<string, unknown>;
  preferences: Record<string, unknown>;
  sharing: Partial<Record<ShareableField, SharingLevel>>;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Stored settings over the contract's defaults, so a field added later has a level. */
export const effectiveSharing = (row: Pick<UserRow, 'sharing'>): Record<ShareableField, SharingLevel> =>
  sharingSettings.parse({ ...DEFAULT_SHARING, ...row.sharing });

/** The profile as its owner sees it. Only active accounts (which have an email) reach here. */
export function toOwnProfile(row: UserRow): OwnProfile {
  return {
    id: row.id,
    email: row.email ?? '',
    displayName: row.displayName,
    avatarFileId: row.avatarFileId,
    contact: contactInfo.parse(row.contact),
    emergency: emergencyInfo.parse(row.emergency),
    preferences: row.preferences,
    sharing: effectiveSharing(row),
    data: row.data,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
