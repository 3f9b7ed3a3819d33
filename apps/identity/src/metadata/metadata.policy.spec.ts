import {
  isAppAdmin,
  toVillageAccessFacts,
  type VillageAccessFacts,
} from '../village-access/village-access.policy';
import type { VillageAccessRow } from '../village-access/village-access.repository';
import { addressOf, decideMetadataAccess, needsFacts } from './metadata.policy';

const ACTOR = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const VILLAGE = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

/** The facts as the gate makes them from its row (so `app/roles` is parsed as in production). */
const facts = (overrides: Partial<VillageAccessRow> = {}): VillageAccessFacts =>
  toVillageAccessFacts({
    villageId: VILLAGE,
    visibility: 'private',
    fixedKey: null,
    actorRole: null,
    userRole: null,
    actorEmail: 'ann@example.com',
    appRoles: null,
    appMembers: null,
    ...overrides,
  });

describe('metadata policy', () => {
  it('resolves API scopes to stored ones', () => {
    expect(addressOf('app', ACTOR)).toEqual({ kind: 'app', stored: 'app' });
    expect(addressOf('user', ACTOR)).toEqual({ kind: 'user', stored: `user:${ACTOR}` });
    expect(addressOf(`village:${VILLAGE.toUpperCase()}`, ACTOR)).toEqual({
      kind: 'village',
      stored: `village:${VILLAGE}`,
      villageId: VILLAGE,
    });
  });

  it('recognises app admins case-insensitively', () => {
    expect(isAppAdmin('ann@example.com', ['ANN@example.com'])).toBe(true);
    expect(isAppAdmin('bob@example.com', ['ann@example.com'])).toBe(false);
    expect(isAppAdmin(null, ['ann@example.com'])).toBe(false);
  });

  it('app: all read, admins write', () => {
    const app = addressOf('app', ACTOR);
    expect(decideMetadataAccess(app, 'read', undefined, [])).toBe('allow');
    expect(decideMetadataAccess(app, 'write', facts(), [])).toBe('forbidden');
    expect(decideMetadataAccess(app, 'write', facts(), ['ann@example.com'])).toBe('allow');
    expect([needsFacts(app, 'read'), needsFacts(app, 'write')]).toEqual([false, true]);
  });

  it('village: members read, metadata.write writes, private is not_found to outsiders', () => {
    const village = addressOf(`village:${VILLAGE}`, ACTOR);
    const decide = (op: 'read' | 'write', f: Partial<VillageAccessRow>) =>
      decideMetadataAccess(village, op, facts(f), []);
    expect(decide('read', {})).toBe('not_found');
    expect(decide('read', { villageId: null, visibility: null })).toBe('not_found');
    expect(decide('read', { visibility: 'public' })).toBe('allow');
    expect(decide('write', { visibility: 'public' })).toBe('forbidden');
    expect(decide('read', { actorRole: 'member' })).toBe('allow');
    expect(decide('write', { actorRole: 'member' })).toBe('forbidden');
    expect(decide('write', { actorRole: 'admin' })).toBe('allow');
    expect(decide('write', { actorRole: 'EDITOR', appRoles: { EDITOR: ['metadata.write'] } })).toBe('allow');
    expect(decide('write', { actorRole: 'EDITOR', appRoles: { EDITOR: ['nonsense'] } })).toBe('forbidden');
  });

  it('user: the own documents only (the address is always the caller’s)', () => {
    expect(decideMetadataAccess(addressOf('user', ACTOR), 'write', undefined, [])).toBe('allow');
  });
});
