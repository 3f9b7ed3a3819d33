import { addressOf, decideMetadataAccess, isAppAdmin, needsFacts } from './metadata.policy';
import type { ActorFactsRow } from './metadata.repository';

const ACTOR = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const VILLAGE = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

const facts = (overrides: Partial<ActorFactsRow> = {}): ActorFactsRow => ({
  email: 'ann@example.com',
  villageVisibility: 'private',
  role: null,
  appRoles: null,
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
    const decide = (op: 'read' | 'write', f: Partial<ActorFactsRow>) =>
      decideMetadataAccess(village, op, facts(f), []);
    expect(decide('read', {})).toBe('not_found');
    expect(decide('read', { villageVisibility: null })).toBe('not_found');
    expect(decide('read', { villageVisibility: 'public' })).toBe('allow');
    expect(decide('write', { villageVisibility: 'public' })).toBe('forbidden');
    expect(decide('read', { role: 'member' })).toBe('allow');
    expect(decide('write', { role: 'member' })).toBe('forbidden');
    expect(decide('write', { role: 'admin' })).toBe('allow');
    expect(decide('write', { role: 'EDITOR', appRoles: { EDITOR: ['metadata.write'] } })).toBe('allow');
    expect(decide('write', { role: 'EDITOR', appRoles: { EDITOR: ['nonsense'] } })).toBe('forbidden');
  });

  it('user: the own documents only (the address is always the caller’s)', () => {
    expect(decideMetadataAccess(addressOf('user', ACTOR), 'write', undefined, [])).toBe('allow');
  });
});
