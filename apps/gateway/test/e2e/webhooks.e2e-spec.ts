import { eventually } from '@vv/testing';
import type { Client } from 'pg';
import { expectProblem, type Api, type Account } from './http';
import { ok, startWebhooksSuite, type Receiver, type WebhooksSuite } from './webhooks-harness';

/**
 * Webhook management end to end: access by role, validation, and the URLs refused at registration
 * and at every attempt.
 */
describe('webhooks: who may manage them, and which URLs they may call', () => {
  let w: WebhooksSuite;
  let api: Api;
  let receiver: Receiver;
  let sql: Client;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let outsider: Account;
  let villageId: string;
  let startNotifications: WebhooksSuite['startNotifications'];
  let stopNotifications: WebhooksSuite['stopNotifications'];
  let hooks: WebhooksSuite['hooks'];
  let register: WebhooksSuite['register'];
  let deliveries: WebhooksSuite['deliveries'];
  let addContact: WebhooksSuite['addContact'];

  beforeAll(async () => {
    w = await startWebhooksSuite();
    ({
      api,
      receiver,
      sql,
      owner,
      admin,
      member,
      outsider,
      villageId,
      startNotifications,
      stopNotifications,
      hooks,
      register,
      deliveries,
      addContact,
    } = w);
  }, 60_000);

  afterAll(() => w.close());

  it('lets admins and owners manage webhooks: members get 403, outsiders of a private village 404', async () => {
    const body = { url: receiver.url('/access'), events: ['identity.contact.*'] };
    expectProblem(await api.post(hooks(), { token: member.accessToken, body }), 403, 'forbidden');
    expectProblem(await api.post(hooks(), { token: outsider.accessToken, body }), 404, 'not_found');
    expectProblem(await api.get(hooks(), { token: member.accessToken }), 403, 'forbidden');
    expectProblem(await api.get(hooks(), { token: outsider.accessToken }), 404, 'not_found');

    const created = await register(body);
    expect(created.body).toMatchObject({
      villageId,
      url: receiver.url('/access'),
      events: ['identity.contact.*'],
      enabled: true,
      disabledAt: null,
      failingSince: null,
      createdBy: admin.userId,
      secret: expect.stringMatching(/^whsec_/),
    });
    const id = String(created.body.id);
    const byOwner = await register({ ...body, url: receiver.url('/access-owner') }, owner);
    expect(byOwner.body.createdBy).toBe(owner.userId);

    // The secret is write-only: never listed again.
    const listed = ok(await api.get(hooks(), { token: owner.accessToken }), 200).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([byOwner.body.id, id]);
    expect(JSON.stringify(listed)).not.toContain(created.body.secret);
    expect(listed.items[0]).not.toHaveProperty('secret');

    for (const account of [member, outsider]) {
      const status = account === member ? 403 : 404;
      expect((await api.get(hooks(`/${id}/deliveries`), { token: account.accessToken })).status).toBe(status);
      expect((await api.delete(hooks(`/${id}`), { token: account.accessToken })).status).toBe(status);
      expect(
        (await api.patch(hooks(`/${id}`), { token: account.accessToken, body: { enabled: false } })).status,
      ).toBe(status);
    }
    ok(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 204);
    ok(await api.delete(hooks(`/${byOwner.body.id}`), { token: owner.accessToken }), 204);
    expectProblem(await api.delete(hooks(`/${id}`), { token: admin.accessToken }), 404, 'not_found');
  });

  it('validates the URL, the events and the secret', async () => {
    const refused = async (body: Record<string, unknown>, field: string): Promise<void> => {
      const answer = await api.post(hooks(), { token: admin.accessToken, body });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    };
    const url = receiver.url('/valid');
    await refused({ url: 'ftp://example.com/hook', events: ['*'] }, 'url');
    await refused({ url: 'https://user:pw@example.com/hook', events: ['*'] }, 'url');
    await refused({ url, events: [] }, 'events');
    await refused({ url, events: ['messaging.nothing.happened'] }, 'events.0');
    await refused({ url, events: ['identity.contact.created', 'bogus.*'] }, 'events.1');
    await refused({ url, events: ['Messaging.*'] }, 'events.0');
    await refused({ url, events: ['*'], secret: 'too-short' }, 'secret');
    await refused({ url: 'http://no-such-host.invalid/hook', events: ['*'] }, 'url');
  });

  it('refuses URLs that parsers read differently, even when private addresses are allowed, and never calls one stored before', async () => {
    const port = new URL(receiver.url('/')).port;
    // Parsed once: stored (and called) as WHATWG reads it.
    const normalised = await register({ url: `HTTP://0x7f000001:${port}/normalised`, events: ['*'] });
    expect(normalised.body.url).toBe(receiver.url('/normalised'));
    ok(await api.delete(hooks(`/${normalised.body.id}`), { token: admin.accessToken }), 204);
    for (const url of [
      // WHATWG reads the host before the backslash; other parsers read it as credentials, and the host after.
      `http://127.0.0.1:${port}\\@93.184.216.34/ambiguous`,
      `http://93.184.216.34\\@127.0.0.1:${port}/ambiguous`,
      `http://@127.0.0.1:${port}/ambiguous`,
      `http:127.0.0.1:${port}/ambiguous`,
      `http://127.0.0.1:${port}/ambig\tuous`,
    ]) {
      const answer = await api.post(hooks(), { token: admin.accessToken, body: { url, events: ['*'] } });
      expectProblem(answer, 400, 'invalid');
      expect(answer.body.errors).toEqual([{ field: 'url', reason: expect.any(String) }]);
    }

    // One stored before this check existed: WHATWG would call 127.0.0.1. Every attempt is refused instead.
    const {
      rows: [stored],
    } = await sql.query<{ id: string }>(
      `select id from notifications.create_webhook(p_village_id => $1, p_url => $2, p_events => $3,
         p_secret => 'plain:a-secret-of-sixteen', p_created_by => $4, p_max_per_village => 20)`,
      [
        villageId,
        `http://127.0.0.1:${port}\\@93.184.216.34/ambiguous`,
        ['identity.contact.created'],
        admin.userId,
      ],
    );
    await addContact('Dr Ambiguous');
    const [failed] = await eventually(async () => {
      const items = await deliveries(stored.id);
      expect(items[0]?.lastError).toMatch(/backslashes/);
      return items;
    });
    expect(failed).toMatchObject({ lastStatusCode: null, deliveredAt: null });
    expect(receiver.requests.filter((request) => request.path.includes('ambiguous'))).toEqual([]);
    ok(await api.delete(hooks(`/${stored.id}`), { token: admin.accessToken }), 204);
  });

  it('refuses private and loopback URLs unless WEBHOOK_ALLOW_PRIVATE is true, at registration and at every attempt', async () => {
    const registered = await register({
      url: receiver.url('/rechecked'),
      events: ['identity.contact.created'],
    });
    await stopNotifications();
    await startNotifications({ WEBHOOK_ALLOW_PRIVATE: 'false' });
    try {
      for (const url of [
        receiver.url('/private'),
        'http://localhost:8080/x',
        'http://localhost.:8080/x',
        'http://169.254.169.254/latest',
        'http://[::1]/x',
        'http://10.0.0.8/x',
        'http://0.1.2.3/x',
        'http://2130706433/x',
        'http://0x7f000001/x',
        'http://0177.0.0.1/x',
        'http://127.0.0.1./x',
        'http://[::7f00:1]/x',
        'http://[::127.0.0.1]/x',
        'http://[::ffff:127.0.0.1]/x',
        'http://[::ffff:0:7f00:1]/x',
        'http://[64:ff9b::a00:8]/x',
        'http://[fe80::1]/x',
        'http://[fd00:ec2::254]/x',
        'http://[ff02::1]/x',
        'http://239.255.255.250/x',
      ]) {
        const answer = await api.post(hooks(), { token: admin.accessToken, body: { url, events: ['*'] } });
        expectProblem(answer, 400, 'invalid');
        expect({ url, errors: answer.body.errors }).toEqual({
          url,
          errors: [{ field: 'url', reason: expect.stringMatching(/address/) }],
        });
      }

      // A webhook registered while private addresses were allowed is checked again at each attempt.
      await addContact('Dr Rechecked');
      await eventually(async () =>
        expect((await deliveries(registered.body.id))[0]?.lastError).toMatch(/loopback address/),
      );
      expect(receiver.at('/rechecked')).toEqual([]);
    } finally {
      await stopNotifications();
      await startNotifications();
    }
    ok(await api.delete(hooks(`/${registered.body.id}`), { token: admin.accessToken }), 204);
  });
});
