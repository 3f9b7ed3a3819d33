import {
  memberAdd,
  memberRemove,
  memberUpdate,
  type Village,
  villageCreateCommand,
  type VillageVisibility,
} from '@vv/contracts';
import { allowDirectAdds, type IdentityHarness, type SignedUp, startIdentity } from './identity-harness';

export interface OutboxRow {
  type: string;
  version: number;
  data: Record<string, unknown>;
}

export type VillagesMembersSuite = ReturnType<typeof villagesMembersSuite>;

/**
 * Identity alone on real PostgreSQL and NATS, with a village and its owner. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function villagesMembersSuite() {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentity();
    // Membership mechanics, with member.add adding at once (as the app may allow); consent is
    // member-consent.int-spec.ts.
    await allowDirectAdds(h);
  });

  afterAll(async () => {
    await h.t.cleanup();
  });

  const create = (who: SignedUp, name: string, visibility: VillageVisibility = 'private'): Promise<Village> =>
    h.rpc.call(villageCreateCommand, { name, visibility }, { actor: who.actor });
  const add = (who: SignedUp, villageId: string, userId: string, role = 'member') =>
    h.rpc.call(memberAdd, { villageId, userId, role }, { actor: who.actor });
  const setRole = (who: SignedUp, villageId: string, userId: string, role: string) =>
    h.rpc.call(memberUpdate, { villageId, userId, role }, { actor: who.actor });
  const remove = (who: SignedUp, villageId: string, userId: string) =>
    h.rpc.call(memberRemove, { villageId, userId }, { actor: who.actor });
  const putMetadata = async (key: string, value: unknown): Promise<void> => {
    await h.sql.query(
      `insert into identity.metadata_documents (scope, key, value) values ('app', $1, $2)
       on conflict (scope, key) do update set value = excluded.value, version = identity.metadata_documents.version + 1`,
      [key, JSON.stringify(value)],
    );
  };
  const outbox = async (type: string): Promise<OutboxRow[]> =>
    (
      await h.sql.query<OutboxRow>(
        'select type, version, data from identity.outbox where type = $1 order by seq',
        [type],
      )
    ).rows;

  return {
    get h() {
      return h;
    },
    create,
    add,
    setRole,
    remove,
    putMetadata,
    outbox,
  };
}
