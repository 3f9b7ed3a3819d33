import { SHAREABLE_FIELDS, visibleProfile as visibleProfileSchema } from '@vv/contracts';
import type { UserRow } from './profile-row';
import { canSee, visibleProfile } from './profile-visibility.policy';

const row = (sharing: UserRow['sharing'] = {}): UserRow => ({
  id: '01890a5d-ac96-774b-bcce-b302099a8057',
  email: 'owner@example.com',
  displayName: 'Owner',
  avatarFileId: '01890a5d-ac96-774b-bcce-b302099a8058',
  contact: { phone: '123' },
  emergency: { name: 'Kin' },
  preferences: { theme: 'dark' },
  sharing,
  data: { app: true },
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
});

const always = { id: row().id, displayName: 'Owner', createdAt: row().createdAt, updatedAt: row().updatedAt };

describe('profile visibility policy', () => {
  it('lets each relation see exactly its levels', () => {
    expect([canSee('private', 'self'), canSee('villagers', 'self'), canSee('public', 'self')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([
      canSee('private', 'villager'),
      canSee('villagers', 'villager'),
      canSee('public', 'villager'),
    ]).toEqual([false, true, true]);
    expect([canSee('private', 'other'), canSee('villagers', 'other'), canSee('public', 'other')]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('shows a stranger only the public fields, under the default sharing', () => {
    // Defaults: email villagers, avatarFileId public, contact villagers, emergency private, data private.
    expect(visibleProfile(row(), 'other')).toEqual({ ...always, avatarFileId: row().avatarFileId });
  });

  it('shows a villager the villagers and public fields', () => {
    expect(visibleProfile(row(), 'villager')).toEqual({
      ...always,
      email: 'owner@example.com',
      avatarFileId: row().avatarFileId,
      contact: { phone: '123' },
    });
  });

  it('shows the owner every shareable field, and nobody the preferences', () => {
    const own = visibleProfile(row({ emergency: 'private', data: 'private' }), 'self');
    expect(Object.keys(own).sort()).toEqual([...Object.keys(always), ...SHAREABLE_FIELDS].sort());
    expect(own).not.toHaveProperty('preferences');
  });

  it('follows the stored settings over the defaults', () => {
    const sharing: UserRow['sharing'] = {
      email: 'public',
      avatarFileId: 'private',
      contact: 'public',
      emergency: 'villagers',
      data: 'public',
    };
    expect(visibleProfile(row(sharing), 'other')).toEqual({
      ...always,
      email: 'owner@example.com',
      contact: { phone: '123' },
      data: { app: true },
    });
    expect(visibleProfile(row(sharing), 'villager')).toEqual({
      ...always,
      email: 'owner@example.com',
      contact: { phone: '123' },
      emergency: { name: 'Kin' },
      data: { app: true },
    });
  });

  it('produces profiles that match the contract', () => {
    for (const relation of ['self', 'villager', 'other'] as const) {
      expect(visibleProfileSchema.parse(visibleProfile(row(), relation))).toEqual(
        visibleProfile(row(), relation),
      );
    }
  });
});
