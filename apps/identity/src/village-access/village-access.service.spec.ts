import type { VillageAccessRow, VillageAccessRepository } from './village-access.repository';
import { VillageAccess } from './village-access.service';

const VILLAGE = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';
const ACTOR = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const MEMBER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d';

const row = (overrides: Partial<VillageAccessRow> = {}): VillageAccessRow => ({
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

/** The gate over a repository answering `answer`, and the calls it received. */
function gate(answer: VillageAccessRow): { access: VillageAccess; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const repository = {
    facts: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(answer);
    },
  } as unknown as VillageAccessRepository;
  return { access: new VillageAccess(repository), calls };
}

describe('VillageAccess', () => {
  it('reads every fact in one query and returns what it decided with', async () => {
    const { access, calls } = gate(
      row({
        actorRole: 'EDITOR',
        userRole: 'member',
        fixedKey: 'town',
        appRoles: { EDITOR: ['members.manage'] },
      }),
    );
    await expect(access.require(VILLAGE, ACTOR, 'members.manage', MEMBER)).resolves.toEqual({
      village: { id: VILLAGE, visibility: 'private', fixedKey: 'town' },
      actorRole: 'EDITOR',
      userRole: 'member',
      actorEmail: 'ann@example.com',
      appRoles: { EDITOR: ['members.manage'] },
      appMembers: {},
    });
    expect(calls).toEqual([[ACTOR, VILLAGE, MEMBER]]);
  });

  it('hides a private village from outsiders and a missing one from everyone (not_found)', async () => {
    await expect(gate(row()).access.require(VILLAGE, ACTOR, 'village.read')).rejects.toMatchObject({
      code: 'not_found',
    });
    const missing = row({ villageId: null, visibility: null, actorRole: null });
    await expect(gate(missing).access.require(VILLAGE, ACTOR, 'village.read')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lets outsiders read a public village and forbids them anything else', async () => {
    const { access } = gate(row({ visibility: 'public' }));
    await expect(access.require(VILLAGE, ACTOR, 'members.read')).resolves.toMatchObject({ actorRole: null });
    await expect(access.require(VILLAGE, ACTOR, 'contacts.manage')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('forbids a member what their role does not grant; an invalid app/roles grants nothing', async () => {
    const { access } = gate(row({ actorRole: 'EDITOR', appRoles: { EDITOR: ['nonsense'] } }));
    await expect(access.require(VILLAGE, ACTOR, 'metadata.write')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(access.facts(ACTOR, VILLAGE)).resolves.toMatchObject({ appRoles: {} });
  });

  it('reads app/members, an invalid one as the defaults', async () => {
    await expect(
      gate(row({ appMembers: { directAdd: true } })).access.facts(ACTOR, VILLAGE),
    ).resolves.toMatchObject({ appMembers: { directAdd: true } });
    await expect(
      gate(row({ appMembers: { directAdd: 'yes' } })).access.facts(ACTOR, VILLAGE),
    ).resolves.toMatchObject({ appMembers: {} });
  });

  it('reads the facts without a village (app metadata: the caller’s email)', async () => {
    const { access, calls } = gate(row({ villageId: null, visibility: null }));
    await expect(access.facts(ACTOR, null)).resolves.toMatchObject({
      village: null,
      actorEmail: 'ann@example.com',
    });
    expect(calls).toEqual([[ACTOR, null, undefined]]);
  });
});
