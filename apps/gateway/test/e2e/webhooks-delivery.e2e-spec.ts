import { eventually } from '@vv/testing';
import { type Api, type Account } from './http';
import { ok, startWebhooksSuite, verify, type Receiver, type WebhooksSuite } from './webhooks-harness';

/**
 * Signed webhook deliveries end to end: the signature a receiver checks, a retried 500 delivered
 * once, and the events a webhook subscribes to.
 */
describe('webhook delivery: signed, retried, filtered', () => {
  let w: WebhooksSuite;
  let api: Api;
  let receiver: Receiver;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let villageId: string;
  let hooks: WebhooksSuite['hooks'];
  let register: WebhooksSuite['register'];
  let deliveries: WebhooksSuite['deliveries'];
  let listed: WebhooksSuite['listed'];
  let addContact: WebhooksSuite['addContact'];
  let contactDeliveries: WebhooksSuite['contactDeliveries'];

  beforeAll(async () => {
    w = await startWebhooksSuite();
    ({
      api,
      receiver,
      owner,
      admin,
      member,
      villageId,
      hooks,
      register,
      deliveries,
      listed,
      addContact,
      contactDeliveries,
    } = w);
  }, 60_000);

  afterAll(() => w.close());

  it('signs each delivery: the receiver recomputes the HMAC, and a tampered body or another secret fails', async () => {
    const secret = 'a-receiver-chosen-secret';
    const path = '/signed';
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.created'], secret });
    expect(webhook.body.secret).toBe(secret);
    const contactId = await addContact('Dr Signed');

    const [request] = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^VirtualVillage-Webhooks\//);
    expect(request.headers['x-village-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const t = Number(/t=(\d+)/.exec(String(request.headers['x-village-signature']))![1]);
    expect(Math.abs(Date.now() / 1000 - t)).toBeLessThan(60);
    expect(verify(secret, request.headers['x-village-signature'] as string, request.body)).toBe(true);
    expect(verify(secret, request.headers['x-village-signature'] as string, `${request.body} `)).toBe(false);
    expect(
      verify('another-secret-value', request.headers['x-village-signature'] as string, request.body),
    ).toBe(false);

    // The body is the event envelope; the delivery id is the log's.
    const envelope = JSON.parse(request.body);
    expect(envelope).toMatchObject({
      id: expect.any(String),
      type: 'identity.contact.created',
      version: 1,
      villageId,
      actorId: owner.userId,
      data: { contactId, villageId, name: 'Dr Signed' },
    });
    const log = await eventually(async () => {
      const items = await deliveries(webhook.body.id);
      expect(items[0]?.status).toBe('succeeded');
      return items;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: request.headers['x-village-delivery'],
      webhookId: webhook.body.id,
      eventId: envelope.id,
      eventType: 'identity.contact.created',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      recentAttempts: [expect.objectContaining({ number: 1, statusCode: 200, succeeded: true })],
    });

    // A generated secret signs too.
    const generatedPath = '/signed-generated';
    const generated = await register({
      url: receiver.url(generatedPath),
      events: ['identity.contact.created'],
    });
    const second = await addContact('Dr Generated');
    const [signed] = await eventually(() => {
      const found = contactDeliveries(generatedPath, second);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(verify(generated.body.secret, signed.headers['x-village-signature'] as string, signed.body)).toBe(
      true,
    );
  });

  it('retries a 500 and delivers once: same delivery id, one success', async () => {
    const path = '/flaky';
    receiver.plan(path, [500, 200]);
    const webhook = await register({ url: receiver.url(path), events: ['identity.contact.*'] });
    const contactId = await addContact('Dr Flaky');

    const requests = await eventually(() => {
      const found = contactDeliveries(path, contactId);
      expect(found.map((request) => request.answeredWith)).toEqual([500, 200]);
      return found;
    });
    expect(requests[1].headers['x-village-delivery']).toBe(requests[0].headers['x-village-delivery']);
    expect(requests[1].body).toBe(requests[0].body);
    // Succeeded (marked after the receiver answered): a delivery is never sent again after that.
    const [delivery] = await eventually(async () => {
      const items = await deliveries(webhook.body.id);
      expect(items[0]?.status).toBe('succeeded');
      return items;
    });
    expect(contactDeliveries(path, contactId)).toHaveLength(2);
    expect(delivery).toMatchObject({
      id: requests[0].headers['x-village-delivery'],
      status: 'succeeded',
      attempts: 2,
      lastStatusCode: 200,
      recentAttempts: [
        expect.objectContaining({ number: 2, statusCode: 200, succeeded: true }),
        expect.objectContaining({ number: 1, statusCode: 500, error: 'HTTP 500', succeeded: false }),
      ],
    });
    expect((await listed(webhook.body.id)).failingSince).toBeNull();
  });

  it('delivers only the events a webhook subscribes to, and never direct-conversation events', async () => {
    const narrow = await register({
      url: receiver.url('/narrow'),
      events: ['identity.contact.created', 'messaging.topic.*'],
    });
    const everything = await register({ url: receiver.url('/everything'), events: ['*'] });
    ok(
      await api.patch(`/v1/villages/${villageId}`, { token: owner.accessToken, body: { description: 'x' } }),
      200,
    );
    ok(
      await api.post(`/v1/villages/${villageId}/conversations`, {
        token: owner.accessToken,
        body: { memberIds: [member.userId] },
      }),
      201,
    );
    const topic = ok(
      await api.post(`/v1/villages/${villageId}/topics`, {
        token: owner.accessToken,
        body: { title: 'Board' },
      }),
      201,
    );
    const contactId = await addContact('Dr Filter');

    // Each producer's events are fanned in in stream order: once the later ones are queued, the
    // earlier ones have been seen too.
    const types = async (webhookId: string): Promise<string[]> =>
      (await deliveries(webhookId, '?limit=200')).map((delivery) => delivery.eventType);
    await eventually(async () => {
      expect(await types(narrow.body.id)).toEqual(
        expect.arrayContaining(['identity.contact.created', 'messaging.topic.created']),
      );
      expect(await types(everything.body.id)).toEqual(
        expect.arrayContaining([
          'identity.village.updated',
          'identity.contact.created',
          'messaging.topic.created',
        ]),
      );
    });
    expect(new Set(await types(narrow.body.id))).toEqual(
      new Set(['identity.contact.created', 'messaging.topic.created']),
    );
    expect(await types(everything.body.id)).not.toContain('messaging.conversation.created');
    await eventually(() => expect(receiver.events('/narrow', 'messaging.topic.created')).toHaveLength(1));
    expect(JSON.parse(receiver.events('/narrow', 'messaging.topic.created')[0].body).data.topicId).toBe(
      topic.body.id,
    );
    expect(contactDeliveries('/narrow', contactId)).toHaveLength(1);
    expect(receiver.events('/narrow', 'identity.village.updated')).toHaveLength(0);
    expect(receiver.events('/everything', 'messaging.conversation.created')).toHaveLength(0);
    for (const webhook of [narrow, everything]) {
      ok(await api.delete(hooks(`/${webhook.body.id}`), { token: admin.accessToken }), 204);
    }
  });
});
