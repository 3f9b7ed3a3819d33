import { randomUUID } from 'node:crypto';
import {
  defineEvent,
  EVENTS,
  eventEnvelope,
  eventSubject,
  eventType,
  serviceStreamName,
  type EventDefinition,
} from '@vv/contracts';
// ajv 6 (draft-07, the dialect the document's schemas use) comes with eslint; an independent validator.
import Ajv from 'ajv';
import { Parser } from '@asyncapi/parser';
import { z } from 'zod';
import { clientMessages, serverMessages } from '../stream/stream-protocol';
import { buildAsyncApiDocument } from './asyncapi';
import type { AsyncApiDocument } from './asyncapi-document';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walks loose JSON

/** What a `#/…` JSON pointer names inside the document, or undefined. */
function resolve(doc: object, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every `$ref` anywhere in the document. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (!value || typeof value !== 'object') return [];
  const own = typeof (value as Json).$ref === 'string' ? [(value as Json).$ref as string] : [];
  return [...own, ...Object.values(value).flatMap(refsOf)];
}

/** A value of a draft-07 schema with every property present (the first branch of a union), for the shapes zod emits. */
function exampleOf(schema: Json, doc: object, depth = 0): unknown {
  if (schema.$ref)
    return depth > 3 ? undefined : exampleOf(resolve(doc, schema.$ref) as Json, doc, depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return exampleOf(schema.anyOf[0], doc, depth);
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries((schema.properties ?? {}) as Record<string, Json>)
          .map(([key, property]) => [key, exampleOf(property, doc, depth)])
          .filter(([, value]) => value !== undefined),
      );
    case 'array':
      return schema.maxItems === 0 || depth > 3
        ? []
        : Array.isArray(schema.items)
          ? schema.items.map((item: Json) => exampleOf(item, doc, depth))
          : [exampleOf(schema.items ?? {}, doc, depth + 1)];
    case 'string':
      return (
        {
          uuid: randomUUID(),
          'date-time': '2026-11-22T10:00:00.000Z',
          email: 'ada@example.com',
          uri: 'https://example.com/a',
        }[schema.format as string] ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1))
      );
    case 'integer':
    case 'number':
      return schema.minimum ?? Number(schema.exclusiveMinimum ?? 0) + 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

const events = Object.entries(EVENTS) as Array<[string, EventDefinition]>;

/** A validator of message `id`'s payload, with the document's refs resolved from its root. */
function payloadValidator(doc: AsyncApiDocument, id: string) {
  const ajv = new Ajv({ allErrors: true });
  ajv.addSchema(doc, 'asyncapi.json');
  const validate = ajv.getSchema(`asyncapi.json#/components/messages/${id}/payload`);
  if (!validate) throw new Error(`no payload for ${id}`);
  return (value: unknown): boolean => validate(value) as boolean;
}

describe('buildAsyncApiDocument', () => {
  const doc = buildAsyncApiDocument();

  it('is an AsyncAPI 3.0 document with a NATS server and the envelope described', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: '1' });
    expect(doc.info.description).toEqual(expect.stringContaining('Nats-Msg-Id'));
    expect(doc.info.description).toEqual(expect.stringContaining('VV_IDENTITY'));
    expect(doc.servers.nats).toMatchObject({ host: 'nats.example.com:4222', protocol: 'nats' });
    expect(doc.servers.nats.description).toEqual(expect.stringContaining('SUBJECT_PREFIX'));
    const envelope = doc.components.schemas.EventEnvelope;
    const fields = Object.keys(eventEnvelope(z.unknown()).shape);
    expect(Object.keys(envelope.properties as object).sort()).toEqual([...fields].sort());
    for (const field of fields)
      expect((envelope.properties as Json)[field].description).toEqual(expect.any(String));
  });

  it('has one channel, message and receive operation per event of EVENTS, and the stream’s', () => {
    const streamMessages = Object.keys(doc.components.messages).filter((id) => id.startsWith('stream.'));
    expect(Object.keys(doc.channels)).toEqual([...events.map(([key]) => key), 'stream']);
    expect(Object.keys(doc.components.messages)).toEqual([...events.map(([key]) => key), ...streamMessages]);
    expect(Object.keys(doc.operations)).toHaveLength(events.length + 2);
    for (const [key, def] of events) {
      expect(key).toBe(`${def.service}.${def.name}.v${def.version}`);
      const channel = doc.channels[key];
      expect(channel.servers).toEqual([{ $ref: '#/servers/nats' }]);
      expect(channel.address).toBe(eventSubject('vv', def));
      expect(channel.address).toBe(`vv.evt.${key}`);
      expect(channel['x-stream']).toBe(serviceStreamName('vv', def.service));
      expect(channel.messages[key]).toEqual({ $ref: `#/components/messages/${key}` });
      expect(doc.components.messages[key]).toMatchObject({
        name: key,
        summary: def.summary,
        contentType: 'application/json',
        'x-stream': serviceStreamName('vv', def.service),
        'x-event-type': eventType(def),
        'x-event-version': def.version,
        headers: { required: ['Nats-Msg-Id'] },
      });
    }
    expect(doc.channels['identity.user.registered.v1'].address).toBe('vv.evt.identity.user.registered.v1');
    expect(doc.components.messages['identity.user.registered.v1']['x-stream']).toBe('VV_IDENTITY');
  });

  it('resolves every $ref within the document; operations use their channel’s messages', () => {
    for (const ref of refsOf(doc))
      expect({ ref, found: resolve(doc, ref) !== undefined }).toEqual({ ref, found: true });
    const { receiveStreamMessages, sendStreamMessages, ...eventOperations } = doc.operations;
    expect([receiveStreamMessages.action, sendStreamMessages.action]).toEqual(['receive', 'send']);
    const channelsReceived = Object.values(doc.operations).map((operation) => {
      const channel = resolve(doc, operation.channel.$ref);
      expect(Object.values(doc.channels)).toContain(channel);
      for (const { $ref } of operation.messages) {
        expect($ref.startsWith(`${operation.channel.$ref}/messages/`)).toBe(true);
        const message = resolve(doc, (resolve(doc, $ref) as Json).$ref);
        expect(Object.values(doc.components.messages)).toContain(message);
      }
      return operation.channel.$ref;
    });
    expect(channelsReceived.sort()).toEqual(
      [...events.map(([key]) => `#/channels/${key}`), '#/channels/stream', '#/channels/stream'].sort(),
    );
    for (const operation of Object.values(eventOperations)) expect(operation.action).toBe('receive');
  });

  it('describes the WebSocket stream: its server, path, binding and every message of the protocol', () => {
    expect(doc.servers.gateway).toMatchObject({ protocol: 'ws' });
    const channel = doc.channels.stream;
    expect(channel).toMatchObject({ address: '/v1/stream', servers: [{ $ref: '#/servers/gateway' }] });
    expect(channel.description).toEqual(expect.stringContaining('4401'));
    expect(channel.bindings?.ws).toMatchObject({
      method: 'GET',
      query: { properties: { access_token: expect.any(Object), resume: expect.any(Object) } },
    });
    const idsOf = (refs: Array<{ $ref: string }>) => refs.map(({ $ref }) => $ref.split('/').pop());
    expect(idsOf(doc.operations.receiveStreamMessages.messages)).toEqual(
      Object.keys(serverMessages).map((kind) => `stream.${kind}`),
    );
    expect(idsOf(doc.operations.sendStreamMessages.messages)).toEqual(
      Object.keys(clientMessages).map((kind) => `stream.${kind}`),
    );
    for (const [kind, schema] of Object.entries({ ...serverMessages, ...clientMessages }))
      expect(doc.components.messages[`stream.${kind}`].summary).toBe(schema.description);
  });

  it('validates what the stream sends and accepts against its message payloads', () => {
    const event = exampleOf(doc.components.messages['identity.user.registered.v1'].payload, doc);
    const frames: Array<[string, unknown, boolean]> = [
      ['stream.ready', { type: 'ready', lastId: '7', expiresAt: '2026-11-22T10:00:00.000Z' }, true],
      ['stream.event', { type: 'event', id: '8', event }, true],
      ['stream.event', { type: 'event', id: '8', event: { ...(event as Json), id: 'x' } }, false],
      ['stream.resync', { type: 'resync', reason: 'window' }, true],
      ['stream.resync', { type: 'resync', reason: 'later' }, false],
      ['stream.resume', { resume: '8' }, true],
      ['stream.resume', { type: 'resume', after: '8' }, true],
      ['stream.resume', { resume: '08' }, false],
      ['stream.auth', { type: 'auth', token: 't', extra: 1 }, false],
    ];
    for (const [id, frame, valid] of frames)
      expect({ id, frame, valid: payloadValidator(doc, id)(frame) }).toEqual({ id, frame, valid });
  });

  it('parses with the AsyncAPI parser without errors', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    // Severity 0 is DiagnosticSeverity.Error (of the @stoplight/types copy the parser reports with).
    expect(diagnostics.filter((diagnostic) => (diagnostic.severity as number) === 0)).toEqual([]);
    expect(document).toBeDefined();
  });

  it.each(events)('%s: the payload is the envelope with the event’s data', (key, def) => {
    const payload: Json = doc.components.messages[key].payload;
    expect(payload.required).toEqual(
      expect.arrayContaining(['id', 'type', 'version', 'occurredAt', 'villageId', 'actorId', 'data']),
    );
    expect(payload.properties.type).toMatchObject({ const: eventType(def) });
    expect(payload.properties.version).toMatchObject({ const: def.version });
    if (def.data instanceof z.ZodObject)
      expect(Object.keys(payload.properties.data.properties as object).sort()).toEqual(
        Object.keys(def.data.shape).sort(),
      );

    // An envelope the contract accepts validates against the payload; a wrong one does not.
    const example = exampleOf(payload, doc) as Json;
    const contract = eventEnvelope(def.data).safeParse(example);
    expect(contract.error?.issues ?? []).toEqual([]);
    const validate = payloadValidator(doc, key);
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, type: 'somebody.else' })).toBe(false);
    expect(validate({ ...example, id: 'not-a-uuid' })).toBe(false);
    const { data: _data, ...withoutData } = example;
    expect(validate(withoutData)).toBe(false);
    for (const field of (payload.properties.data.required ?? []) as string[]) {
      const { [field]: _dropped, ...data } = example.data as Json;
      expect({ field, valid: validate({ ...example, data }) }).toEqual({ field, valid: false });
    }
    // A later field of the same version (an optional addition) does not break older subscribers.
    expect(validate({ ...example, data: { ...example.data, addedLater: 1 }, addedLater: 1 })).toBe(true);
  });

  it('moves shared and recursive schemas to components.schemas so their refs resolve', () => {
    const label = z.object({ text: z.string() }).meta({ id: 'Label' });
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(node) }));
    const first = defineEvent({
      service: 'messaging',
      name: 'thing.happened',
      version: 1,
      summary: 'A thing happened',
      data: z.object({ label, other: label, tree: node }),
    });
    const second = defineEvent({ ...first, name: 'thing.undone', data: z.object({ label, tree: node }) });
    const custom = buildAsyncApiDocument([first, second]);
    expect(Object.keys(custom.components.schemas)).toEqual(
      expect.arrayContaining(['Label', 'messaging.thing.happened.v1.__schema0']),
    );
    for (const ref of refsOf(custom)) expect(resolve(custom, ref)).toBeDefined();
    const validate = payloadValidator(custom, 'messaging.thing.undone.v1');
    const envelope = {
      id: randomUUID(),
      type: 'messaging.thing.undone',
      version: 1,
      occurredAt: '2026-11-22T10:00:00.000Z',
      villageId: null,
      actorId: null,
      data: { label: { text: 'a' }, tree: { name: 'root', children: [{ name: 'leaf', children: [] }] } },
    };
    expect(validate(envelope)).toBe(true);
    expect(
      validate({ ...envelope, data: { ...envelope.data, tree: { name: 'root', children: [{}] } } }),
    ).toBe(false);
  });

  it('refuses an event declared twice', () => {
    const def = EVENTS['identity.user.registered.v1'];
    expect(() => buildAsyncApiDocument([def, def])).toThrow(/declared twice/);
  });
});
