import { contactCreate, villageCreateCommand } from '@vv/contracts';
import {
  addMember,
  type IdentityHarness,
  type SignedUp,
  startIdentity,
  uniqueEmail,
} from './identity-harness';

export interface OutboxRow {
  type: string;
  version: number;
  village_id: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
}

export const MISSING = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

export type ContactsSuite = ReturnType<typeof contactsSuite>;

/**
 * Identity alone on real PostgreSQL and NATS, with villages, their admins and members. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function contactsSuite() {
  let h: IdentityHarness;
  let owner: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let outsider: SignedUp;
  let village: string;
  let publicVillage: string;
  const appAdminEmail = uniqueEmail('app-admin');

  beforeAll(async () => {
    h = await startIdentity({ APP_ADMIN_EMAILS: appAdminEmail });
    [owner, admin, member, outsider] = await Promise.all([h.signup(), h.signup(), h.signup(), h.signup()]);
    village = (
      await h.rpc.call(
        villageCreateCommand,
        { name: 'Family', visibility: 'private' },
        { actor: owner.actor },
      )
    ).id;
    publicVillage = (
      await h.rpc.call(villageCreateCommand, { name: 'Street', visibility: 'public' }, { actor: owner.actor })
    ).id;
    for (const villageId of [village, publicVillage]) {
      await addMember(h, villageId, owner, admin, 'admin');
      await addMember(h, villageId, owner, member, 'member');
    }
  });

  afterAll(() => h.t.cleanup());

  const create = (actor: SignedUp, fields: Record<string, unknown>, villageId = village) =>
    h.rpc.call(
      contactCreate,
      { villageId, name: 'Dr Who', kind: 'doctor', ...fields },
      {
        actor: actor.actor,
      },
    );

  return {
    get h() {
      return h;
    },
    get owner() {
      return owner;
    },
    get admin() {
      return admin;
    },
    get member() {
      return member;
    },
    get outsider() {
      return outsider;
    },
    get village() {
      return village;
    },
    get publicVillage() {
      return publicVillage;
    },
    appAdminEmail,
    create,
  };
}
