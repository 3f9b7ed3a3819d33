import { decideAccess } from './access-decision';

describe('decideAccess', () => {
  const privateVillage = { visibility: 'private' as const };
  const publicVillage = { visibility: 'public' as const };

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
