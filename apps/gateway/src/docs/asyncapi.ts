import {
  EVENTS,
  eventEnvelope,
  eventSubject,
  eventType,
  serviceEventWildcard,
  serviceStreamName,
  type EventDefinition,
} from '@vv/contracts';
import { z } from 'zod';
import { toSchema, type AsyncApiDocument } from './asyncapi-document';
import { streamSection } from './asyncapi-stream';
import { pointer, SchemaComponents, type JsonSchema } from './schema-components';

/** The prefix the document's subjects and streams are shown with; a deployment's SUBJECT_PREFIX replaces it. */
export const ASYNCAPI_SUBJECT_PREFIX = 'vv';
/** The stream settings of libs/platform/src/outbox/event-stream.ts, as a subscriber sees them. */
const EVENT_RETENTION_DAYS = 7;
const DUPLICATE_WINDOW_MINUTES = 2;
const SERVER = 'nats';
const ENVELOPE_SCHEMA = 'EventEnvelope';

const ENVELOPE_FIELDS: Record<string, string> = {
  id: 'The event id, a UUIDv7 (time-ordered); also the `Nats-Msg-Id` header. De-duplicate by it.',
  type: '`<service>.<entity>.<past-tense-verb>`, the subject without prefix and version.',
  version: 'The version of `data`, the `v<N>` of the subject.',
  occurredAt: 'When the change was committed (ISO 8601).',
  villageId: 'The village the event belongs to, null for events outside villages; route and authorise by it.',
  actorId: 'The user who caused the change, null for the system.',
  requestId:
    'The request id (`x-request-id`) of the command that caused the change, when it had one: ties the event to its request in logs.',
  traceparent:
    'The W3C Trace Context `traceparent` the command that caused the change was sent with, if any.',
  data: "The event's own fields.",
};

/** Adds the envelope fields' descriptions to an envelope schema. */
function describeEnvelope(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  for (const [field, description] of Object.entries(ENVELOPE_FIELDS))
    if (field in properties) properties[field] = { description, ...properties[field] };
  return schema;
}

/** `identity.user.registered.v1`: the id of an event's channel and message, as in EVENTS. */
const idOf = (def: EventDefinition): string => `${def.service}.${def.name}.v${def.version}`;

/** `user.profile_updated`, 1 → `User profile updated (v1)`. */
const titleOf = (def: EventDefinition): string => {
  const words = def.name.replace(/[._]/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (v${def.version})`;
};

/** `identity.user.registered.v1` → `receiveIdentityUserRegisteredV1`. */
const operationIdOf = (id: string): string =>
  'receive' +
  id
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

const headersSchema: JsonSchema = {
  type: 'object',
  required: ['Nats-Msg-Id'],
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      format: 'uuid',
      description: `The envelope's \`id\`. JetStream drops a re-publish with the same id within ${DUPLICATE_WINDOW_MINUTES} minutes.`,
    },
  },
};

const description = (prefix: string): string =>
  [
    'The domain events of Virtual Village, generated from the zod contracts in `libs/contracts` (`EVENTS`). Each service writes its events to an outbox in the same transaction as the change and publishes them to NATS JetStream; delivery is at least once.',
    '',
    `- **Envelope**: every message is a JSON object \`{ id, type, version, occurredAt, villageId, actorId, requestId?, traceparent?, data }\` (\`components.schemas.${ENVELOPE_SCHEMA}\`); \`data\` is the event's own schema.`,
    `- **De-duplication**: the header \`Nats-Msg-Id\` is the event \`id\`; JetStream drops a re-publish within ${DUPLICATE_WINDOW_MINUTES} minutes, and a consumer de-duplicates by \`id\` in its own store.`,
    `- **Streams**: one per service, \`<PREFIX>_<SERVICE>\` (e.g. \`${serviceStreamName(prefix, 'identity')}\`) capturing \`${prefix}.evt.<service>.>\`; events are kept ${EVENT_RETENTION_DAYS} days.`,
    '- **Versions**: a version only gains optional fields, so ignore fields you do not know; a breaking change is a new version (a new subject) published beside the old one.',
    `- **Subjects** are shown with the default prefix \`${prefix}\`; a deployment's \`SUBJECT_PREFIX\` replaces it in every subject and stream name.`,
    '- **Subscribing**: create your own durable pull consumer with explicit acks on the stream (docs/events.md, "Subscribing from your own service").',
    "- **Users** receive the events they may see on the gateway's WebSocket `GET /v1/stream` (channel `stream`, server `gateway`).",
  ].join('\n');

/**
 * The AsyncAPI 3.0 document of the given events (all of EVENTS by default): one channel, message and
 * receive operation each, on NATS; and the gateway's WebSocket stream that carries them to users.
 */
export function buildAsyncApiDocument(
  events: Iterable<EventDefinition> = Object.values(EVENTS),
  prefix = ASYNCAPI_SUBJECT_PREFIX,
): AsyncApiDocument {
  const components = new SchemaComponents();
  const schemas = components.schemas;
  schemas[ENVELOPE_SCHEMA] = describeEnvelope(
    components.place(toSchema(eventEnvelope(z.record(z.string(), z.unknown()))), ENVELOPE_SCHEMA),
  );
  const channels: AsyncApiDocument['channels'] = {};
  const operations: AsyncApiDocument['operations'] = {};
  const messages: AsyncApiDocument['components']['messages'] = {};
  const services = new Map<string, string>();

  for (const def of events) {
    const id = idOf(def);
    if (id in channels) throw new Error(`Event ${id} is declared twice`);
    const stream = serviceStreamName(prefix, def.service);
    const address = eventSubject(prefix, def);
    const tags = [{ name: def.service }];
    services.set(def.service, stream);

    const envelope = eventEnvelope(def.data).extend({
      type: z.literal(eventType(def)),
      version: z.literal(def.version),
    });
    messages[id] = {
      name: id,
      title: titleOf(def),
      summary: def.summary,
      contentType: 'application/json',
      headers: headersSchema,
      payload: describeEnvelope(components.place(toSchema(envelope), id)),
      tags,
      'x-stream': stream,
      'x-event-type': eventType(def),
      'x-event-version': def.version,
    };
    channels[id] = {
      address,
      title: titleOf(def),
      summary: def.summary,
      description: `On stream \`${stream}\`; filter a consumer on \`${address}\`, or on \`${serviceEventWildcard(prefix, def.service)}\` for all of ${def.service}'s events.`,
      servers: [{ $ref: pointer('servers', SERVER) }],
      messages: { [id]: { $ref: pointer('components', 'messages', id) } },
      tags,
      'x-stream': stream,
    };
    operations[operationIdOf(id)] = {
      action: 'receive',
      channel: { $ref: pointer('channels', id) },
      title: `Receive ${titleOf(def)}`,
      summary: def.summary,
      description: `With a durable pull consumer on \`${stream}\` and explicit acks; apply each envelope \`id\` once.`,
      messages: [{ $ref: pointer('channels', id, 'messages', id) }],
      tags,
    };
  }
  const stream = streamSection(components, { $ref: pointer('components', 'schemas', ENVELOPE_SCHEMA) });

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Virtual Village events',
      version: '1',
      description: description(prefix),
      tags: [
        ...[...services].map(([name, serviceStream]) => ({
          name,
          description: `Events of the ${name} service, on stream \`${serviceStream}\`.`,
        })),
        ...stream.tags,
      ],
    },
    defaultContentType: 'application/json',
    servers: {
      [SERVER]: {
        host: 'nats.example.com:4222',
        protocol: 'nats',
        description: `The suite's NATS with JetStream (the host is a placeholder: use your deployment's). Subjects use the prefix \`${prefix}\`, configurable with SUBJECT_PREFIX so several apps can share one NATS.`,
      },
      ...stream.servers,
    },
    channels: { ...channels, ...stream.channels },
    operations: { ...operations, ...stream.operations },
    components: { schemas, messages: { ...messages, ...stream.messages } },
  };
}
