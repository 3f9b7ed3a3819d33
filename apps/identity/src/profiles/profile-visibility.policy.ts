import { SHAREABLE_FIELDS, type ShareableField, type SharingLevel, type VisibleProfile } from '@vv/contracts';
import { effectiveSharing, type UserRow } from './profile-row';

/**
 * How the viewer stands to the profile's owner: the owner themself, a member of a village the
 * owner belongs to, or anyone else signed in.
 */
export type ViewerRelation = 'self' | 'villager' | 'other';

/** The sharing levels each relation may see. */
const VISIBLE_LEVELS: Record<ViewerRelation, ReadonlySet<SharingLevel>> = {
  self: new Set(['private', 'villagers', 'public']),
  villager: new Set(['villagers', 'public']),
  other: new Set(['public']),
};

export const canSee = (level: SharingLevel, relation: ViewerRelation): boolean =>
  VISIBLE_LEVELS[relation].has(level);

/** Each shareable field's value in the visible profile; a new field in contracts must be added here. */
const FIELD_VALUES: { [F in ShareableField]: (row: UserRow) => Pick<VisibleProfile, F> } = {
  email: (row) => (row.email === null ? {} : { email: row.email }),
  avatarFileId: (row) => ({ avatarFileId: row.avatarFileId }),
  contact: (row) => ({ contact: row.contact }),
  emergency: (row) => ({ emergency: row.emergency }),
  data: (row) => ({ data: row.data }),
};

/**
 * The profile as the viewer may see it: id, display name and timestamps always; each shareable
 * field when its sharing level admits the viewer's relation. `preferences` are never shown.
 */
export function visibleProfile(row: UserRow, relation: ViewerRelation): VisibleProfile {
  const sharing = effectiveSharing(row);
  const profile: VisibleProfile = {
    id: row.id,
    displayName: row.displayName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  for (const field of SHAREABLE_FIELDS) {
    if (canSee(sharing[field], relation)) Object.assign(profile, FIELD_VALUES[field](row));
  }
  return profile;
}
