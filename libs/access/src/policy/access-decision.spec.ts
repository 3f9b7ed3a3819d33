import { decideAccess, decideChange, type ChangeRule } from './access-decision';

const privateVillage = { visibility: 'private' as const };
const publicVillage = { visibility: 'public' as const };

describe('decideAccess', () => {
  it('hides a missing village and a private one from outsiders', () => {
    expect(decideAccess({ village: null, role: 'owner' }, 'village.read')).toBe('not_found');
    expect(decideAccess({ village: privateVillage, role: null }, 'village.read')).toBe('not_found');
    expect(decideAccess({ village: privateVillage, role: null }, 'village.update')).toBe('not_found');
  });

  it('lets outsiders read a public village but not change it', () => {
    expect(decideAccess({ village: publicVillage, role: null }, 'village.read')).toBe('allow');
    expect(decideAccess({ village: publicVillage, role: null }, 'members.read')).toBe('allow');
    expect(decideAccess({ village: publicVillage, role: null }, 'topics.post')).toBe('forbidden');
  });

  it('decides members by their role', () => {
    expect(decideAccess({ village: privateVillage, role: 'member' }, 'village.read')).toBe('allow');
    expect(decideAccess({ village: privateVillage, role: 'member' }, 'village.update')).toBe('forbidden');
    expect(decideAccess({ village: privateVillage, role: 'admin' }, 'village.update')).toBe('allow');
    expect(
      decideAccess({ village: privateVillage, role: 'COACH' }, 'events.manage', { COACH: ['events.manage'] }),
    ).toBe('allow');
  });
});

describe('decideChange', () => {
  const post = (author: boolean): ChangeRule => ({ author, own: 'topics.post', others: 'topics.moderate' });

  it('gives an author who is no longer a member what an outsider gets', () => {
    expect(decideChange({ village: privateVillage, role: null }, post(true))).toBe('not_found');
    expect(decideChange({ village: publicVillage, role: null }, post(true))).toBe('forbidden');
    expect(decideChange({ village: null, role: 'member' }, post(true))).toBe('not_found');
    // Even where `own` is a permission public outsiders hold for reading.
    expect(decideChange({ village: publicVillage, role: null }, { author: true, own: 'village.read' })).toBe(
      'forbidden',
    );
  });

  it('lets an author change their content only while their role grants `own`', () => {
    expect(decideChange({ village: privateVillage, role: 'member' }, post(true))).toBe('allow');
    expect(decideChange({ village: privateVillage, role: 'READER' }, post(true), { READER: [] })).toBe(
      'forbidden',
    );
    expect(decideChange({ village: privateVillage, role: 'member' }, post(false))).toBe('forbidden');
  });

  it('lets holders of `others` change anyone’s content, and nobody else’s when it is absent', () => {
    expect(decideChange({ village: privateVillage, role: 'admin' }, post(false))).toBe('allow');
    expect(
      decideChange({ village: privateVillage, role: 'READER' }, post(true), { READER: ['topics.moderate'] }),
    ).toBe('allow');
    expect(
      decideChange({ village: privateVillage, role: 'owner' }, { author: false, own: 'village.read' }),
    ).toBe('forbidden');
  });
});
