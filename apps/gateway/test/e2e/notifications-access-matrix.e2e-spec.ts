import { eventually } from '@vv/testing';
import { addMember } from './members';
import { bootSuite, type Suite } from './boot-suite';
import {
  adminWrite,
  documentedOperations,
  MatrixPeople,
  NOTIFICATIONS_PATH,
  VISIBILITIES,
  type Expected,
  type MatrixRow,
  type Visibility,
} from './access-matrix';
import { Api, signUp, type Account } from './http';

/**
 * The access matrix of notifications' village routes, each operation × caller (outsider, member,
 * admin, owner) × village visibility:
 * - notification preferences are each member's own: members read and replace theirs; a private
 *   village is 404 to outsiders, a public one 403 (they read the village, they get no notifications);
 * - webhooks are `webhooks.manage` (admin, owner): 403 to members, 404 / 403 to outsiders.
 * Fixtures are made by the owner. The table is checked against the OpenAPI document.
 */

interface Village {
  id: string;
  visibility: Visibility;
  webhookId: string;
}

/** Members only, answering `status`. */
const members = (status: number): Expected => ({
  private: [404, status, status, status],
  public: [403, status, status, status],
});

/** Nothing listens on port 9 (discard): deliveries fail and stay in the log, which is all the matrix needs. */
const WEBHOOK = { url: 'http://127.0.0.1:9/hook', events: ['identity.contact.created'] };

describe('access matrix of the notifications routes', () => {
  let suite: Suite;
  let api: Api;
  let m: MatrixPeople;
  const villages = {} as Record<Visibility, Village>;

  const owner = (): string => m.token('owner');
  const newWebhook = async (villageId: string): Promise<string> =>
    m.idOf(await api.post(`/v1/villages/${villageId}/webhooks`, { token: owner(), body: WEBHOOK }), 201);

  /** A webhook with one failed delivery in its log (a contact created in the village): `<webhookId>/<deliveryId>`. */
  async function newDelivery(villageId: string): Promise<string> {
    const webhookId = await newWebhook(villageId);
    m.ok(
      await api.post(`/v1/villages/${villageId}/contacts`, {
        token: owner(),
        body: { name: 'Dr Matrix', kind: 'doctor' },
      }),
      201,
    );
    const deliveryId = await eventually(async () => {
      const answer = m.ok(
        await api.get(`/v1/villages/${villageId}/webhooks/${webhookId}/deliveries`, { token: owner() }),
        200,
      );
      // Redelivery waits for an attempt in flight to end (409 meanwhile): take it once it has failed.
      const delivery = (answer.body.items as Array<{ id: string; status: string }>).at(0);
      if (!delivery || (delivery.status !== 'failed' && delivery.status !== 'dead'))
        throw new Error('no failed delivery yet');
      return delivery.id;
    }, 15_000);
    return `${webhookId}/${deliveryId}`;
  }

  async function createFixtures(visibility: Visibility): Promise<Village> {
    const id = await m.createVillage(visibility, `Notifications ${visibility}`);
    return { id, visibility, webhookId: await newWebhook(id) };
  }

  const rows: MatrixRow<Village>[] = [
    {
      operation: 'get /v1/villages/{villageId}/notification-preferences',
      call: (v, token) => api.get(`/v1/villages/${v.id}/notification-preferences`, { token }),
      expected: members(200),
    },
    {
      operation: 'put /v1/villages/{villageId}/notification-preferences',
      call: (v, token) =>
        api.request('PUT', `/v1/villages/${v.id}/notification-preferences`, {
          token,
          body: { level: 'all' },
        }),
      expected: members(200),
    },
    {
      operation: 'get /v1/villages/{villageId}/webhooks',
      call: (v, token) => api.get(`/v1/villages/${v.id}/webhooks`, { token }),
      expected: adminWrite(200),
    },
    {
      operation: 'post /v1/villages/{villageId}/webhooks',
      call: (v, token) => api.post(`/v1/villages/${v.id}/webhooks`, { token, body: WEBHOOK }),
      expected: adminWrite(201),
    },
    {
      operation: 'patch /v1/villages/{villageId}/webhooks/{id}',
      call: (v, token) =>
        api.patch(`/v1/villages/${v.id}/webhooks/${v.webhookId}`, { token, body: { events: ['*'] } }),
      expected: adminWrite(200),
    },
    {
      operation: 'delete /v1/villages/{villageId}/webhooks/{id}',
      prepare: (v) => newWebhook(v.id),
      call: (v, token, id) => api.delete(`/v1/villages/${v.id}/webhooks/${id}`, { token }),
      expected: adminWrite(204),
    },
    {
      operation: 'get /v1/villages/{villageId}/webhooks/{id}/deliveries',
      call: (v, token) => api.get(`/v1/villages/${v.id}/webhooks/${v.webhookId}/deliveries`, { token }),
      expected: adminWrite(200),
    },
    {
      operation: 'post /v1/villages/{villageId}/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      prepare: (v) => newDelivery(v.id),
      call: (v, token, target) => {
        const [webhookId, deliveryId] = target.split('/');
        return api.post(`/v1/villages/${v.id}/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`, {
          token,
          body: {},
        });
      },
      expected: adminWrite(200),
    },
  ];

  beforeAll(async () => {
    suite = await bootSuite({
      mail: true,
      notifications: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_INTERVAL_MS: '100' },
    });
    api = new Api(suite.url);
    m = new MatrixPeople(api);
    await m.signUp();
    for (const visibility of VISIBILITIES) villages[visibility] = await createFixtures(visibility);
  }, 60_000);

  afterAll(() => suite.close());

  it('has a row for every notifications village route of the OpenAPI document, and no other', async () => {
    const operations = await documentedOperations(api, (path) => NOTIFICATIONS_PATH.test(path));
    expect(operations.length).toBeGreaterThanOrEqual(8);
    expect(rows.map((row) => row.operation).sort()).toEqual(operations.sort());
  });

  /**
   * Membership is checked at every call, not once: an admin removed from the village is an outsider
   * on every row (even for the webhook they created), one demoted to member is a member.
   */
  it('treats a removed admin as an outsider and a demoted one as a member, on every row', async () => {
    const removed: Account = await signUp(api, 'Matrix removed admin');
    const demoted: Account = await signUp(api, 'Matrix demoted admin');
    for (const visibility of VISIBILITIES) {
      const id = await m.createVillage(visibility, `Notifications former admins ${visibility}`);
      const members = `/v1/villages/${id}/members`;
      for (const account of [removed, demoted]) await addMember(api, id, owner(), account, 'admin');
      const webhookId = m.idOf(
        await api.post(`/v1/villages/${id}/webhooks`, { token: removed.accessToken, body: WEBHOOK }),
        201,
      );
      m.ok(await api.delete(`${members}/${removed.userId}`, { token: owner() }), 204);
      m.ok(
        await api.patch(`${members}/${demoted.userId}`, { token: owner(), body: { role: 'member' } }),
        200,
      );
      // Notifications learns both from identity's events: wait for them, then every row answers at once.
      await eventually(async () => {
        const hooks = `/v1/villages/${id}/webhooks`;
        expect((await api.get(hooks, { token: demoted.accessToken })).status).toBe(403);
        expect((await api.get(hooks, { token: removed.accessToken })).status).toBe(
          visibility === 'private' ? 404 : 403,
        );
      });
      const village: Village = { id, visibility, webhookId };
      for (const row of rows) {
        const statuses: number[] = [];
        for (const account of [removed, demoted]) {
          const target = row.prepare ? await row.prepare(village) : '';
          statuses.push((await row.call(village, account.accessToken, target)).status);
        }
        const [outsider, member] = row.expected[visibility];
        expect({ operation: row.operation, visibility, statuses }).toEqual({
          operation: row.operation,
          visibility,
          statuses: [outsider, member],
        });
      }
    }
  }, 120_000);

  it.each(rows.map((row) => [row.operation, row] as const))(
    '%s',
    async (_operation, row) => {
      for (const visibility of VISIBILITIES) {
        const statuses = await m.statuses(row, villages[visibility]);
        expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
      }
    },
    60_000,
  );
});
