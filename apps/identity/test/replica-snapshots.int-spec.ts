import {
  avatarSnapshot,
  memberUpdate,
  membershipSnapshot,
  villageCreateCommand,
  villageDelete,
  type CommandDefinition,
  type ResponseOf,
  type snapshotRequest,
} from '@vv/contracts';
import type { z } from 'zod';
import { addMember, allowDirectAdds, startIdentity, type IdentityHarness } from './identity-harness';

type SnapshotCommand = CommandDefinition<
  typeof snapshotRequest,
  z.ZodType<{ items: unknown[]; nextCursor: string | null }>
>;

/**
 * The internal snapshots other services' replicas rebuild from (libs/access, files' avatars):
 * every page in keyset order, and versions no later than any event of a change they do not reflect.
 */
describe('identity: replica snapshots', () => {
  let h: IdentityHarness;

  /** Every item of a snapshot, reading it `limit` at a time. */
  const readAll = async <C extends SnapshotCommand>(
    def: C,
    limit: number,
  ): Promise<ResponseOf<C>['items']> => {
    const command: SnapshotCommand = def;
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: ResponseOf<SnapshotCommand> = await h.rpc.call(command, { cursor, limit });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  /** occurredAt of the last event of `type` about the user in the village, from the outbox. */
  const lastEventAt = async (type: string, villageId: string, userId: string): Promise<string> => {
    const { rows } = await h.sql.query<{ at: Date }>(
      `select occurred_at as at from identity.outbox
        where type = $1 and data ->> 'villageId' = $2 and data ->> 'userId' = $3 order by seq desc limit 1`,
      [type, villageId, userId],
    );
    return rows[0].at.toISOString();
  };

  beforeAll(async () => {
    h = await startIdentity();
    await allowDirectAdds(h);
  });

  afterAll(() => h.t.cleanup());

  it('pages every live village and membership, app/roles first, and leaves out what was deleted', async () => {
    const owner = await h.signup();
    const member = await h.signup();
    const villages: string[] = [];
    for (const visibility of ['public', 'private', 'private'] as const) {
      villages.push(
        (await h.rpc.call(villageCreateCommand, { name: 'Elm', visibility }, { actor: owner.actor })).id,
      );
    }
    await addMember(h, villages[0], owner, member);
    await h.rpc.call(villageDelete, { villageId: villages[2] }, { actor: owner.actor });
    await h.sql.query(
      `insert into identity.metadata_documents (scope, key, value) values ('app', 'roles', '{"treasurer": ["files.manage"]}')`,
    );

    const items = await readAll(membershipSnapshot, 2);
    expect(items[0]).toMatchObject({
      kind: 'app_roles',
      roles: { treasurer: ['files.manage'] },
      documentVersion: 1,
    });
    const villageItems = items.filter((item) => item.kind === 'village');
    expect(villageItems.map((item) => item.villageId)).toEqual(villages.slice(0, 2).sort());
    expect(villageItems.find((item) => item.villageId === villages[0])).toMatchObject({
      visibility: 'public',
    });
    const members = items.flatMap((item) =>
      item.kind === 'member' ? [`${item.villageId}:${item.userId}:${item.role}`] : [],
    );
    expect(members.sort()).toEqual(
      [
        `${villages[0]}:${owner.actor.userId}:owner`,
        `${villages[0]}:${member.actor.userId}:member`,
        `${villages[1]}:${owner.actor.userId}:owner`,
      ].sort(),
    );
    // Villages come before memberships, so a replica knows a village before its members.
    expect(items.findIndex((item) => item.kind === 'member')).toBeGreaterThan(
      items.findLastIndex((item) => item.kind === 'village'),
    );
  });

  it('gives each row a version no later than its own event, and earlier than any later change’s', async () => {
    const owner = await h.signup();
    const member = await h.signup();
    const { id: villageId } = await h.rpc.call(
      villageCreateCommand,
      { name: 'Oak', visibility: 'private' },
      { actor: owner.actor },
    );
    await addMember(h, villageId, owner, member);
    const versionOf = async () => {
      const item = (await readAll(membershipSnapshot, 100)).find(
        (found) =>
          found.kind === 'member' && found.villageId === villageId && found.userId === member.actor.userId,
      );
      return item!.versionAt;
    };

    const added = await versionOf();
    expect(Date.parse(added)).toBeLessThanOrEqual(
      Date.parse(await lastEventAt('identity.membership.added', villageId, member.actor.userId)),
    );
    await h.rpc.call(
      memberUpdate,
      { villageId, userId: member.actor.userId, role: 'admin' },
      { actor: owner.actor },
    );
    const changedAt = await lastEventAt('identity.membership.role_changed', villageId, member.actor.userId);
    expect(Date.parse(changedAt)).toBeGreaterThanOrEqual(Date.parse(added));
    expect(Date.parse(await versionOf())).toBeLessThanOrEqual(Date.parse(changedAt));
  });

  it('pages every active user’s avatar', async () => {
    const [ada, bob, cy] = [await h.signup(), await h.signup(), await h.signup()];
    const withAvatar = [ada, cy].map((user) => user.actor.userId);
    for (const userId of withAvatar) {
      await h.sql.query('update identity.users set avatar_file_id = gen_random_uuid() where id = $1', [
        userId,
      ]);
    }
    const items = await readAll(avatarSnapshot, 1);
    const ours = items.filter((item) => [...withAvatar, bob.actor.userId].includes(item.userId));
    expect(ours.map((item) => item.userId).sort()).toEqual([...withAvatar].sort());
    expect(ours.every((item) => typeof item.avatarFileId === 'string')).toBe(true);
  });
});
