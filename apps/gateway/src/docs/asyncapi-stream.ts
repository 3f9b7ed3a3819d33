import { z } from 'zod';
import { CLOSE, clientMessages, serverMessages, STREAM_PATH } from '../stream/stream-protocol';
import {
  toSchema,
  type AsyncApiChannel,
  type AsyncApiDocument,
  type AsyncApiMessage,
  type AsyncApiOperation,
  type Reference,
  type Tag,
} from './asyncapi-document';
import { pointer, type SchemaComponents } from './schema-components';

/** The part of the AsyncAPI document that describes `GET /v1/stream`. */
export interface StreamSection {
  tags: Tag[];
  servers: AsyncApiDocument['servers'];
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  messages: Record<string, AsyncApiMessage>;
}

export const STREAM_SERVER = 'gateway';
export const STREAM_CHANNEL = 'stream';
const TAGS = [{ name: 'stream', description: 'The WebSocket stream of the gateway, `GET /v1/stream`.' }];

/** `stream.ready`, `stream.auth`: the ids of the stream's messages (server and client kinds never share a name). */
const messageId = (kind: string): string => `${STREAM_CHANNEL}.${kind}`;

const closeCodes = Object.values(CLOSE)
  .map(({ code, reason }) => `\`${code}\` ${reason}`)
  .join(', ');

const DESCRIPTION = [
  'The domain events each user may see (the messages of this document’s event channels, in their envelope), live and filtered by the same rules as the REST reads, with resume by id. The full protocol is in docs/api.md, "Streams".',
  '',
  '- **Connect** with `Authorization: Bearer <accessToken>`, or `?access_token=<accessToken>` (browsers cannot set headers); `?resume=<id>` resumes at once. The server answers `ready`, then `event`s.',
  '- **Ids** are decimal strings, strictly increasing, the same on every gateway replica; after a reconnect send `{"resume": "<last id>"}`.',
  `- **Close codes**: ${closeCodes}. After a 1xxx or 4008 reconnect with backoff and resume; after 4401 refresh the token first.`,
].join('\n');

/** How the upgrade request authenticates and resumes (the `ws` channel binding). */
const wsBinding = {
  method: 'GET',
  query: toSchema(
    z.object({
      access_token: z.string().optional().describe('The access token, when the client cannot set headers'),
      resume: z.string().optional().describe('Resume after this id at once'),
    }),
  ),
  headers: toSchema(z.object({ Authorization: z.string().optional().describe('`Bearer <accessToken>`') })),
  bindingVersion: '0.1.0',
};

/**
 * The stream's server, channel, messages and the two operations of a client: receiving the server's
 * messages and sending its own. An `event` message carries the envelope the event channels describe
 * (`envelope`, a component), not a copy of it.
 */
export function streamSection(components: SchemaComponents, envelope: Reference): StreamSection {
  const messages: Record<string, AsyncApiMessage> = {};
  const add = (kinds: Record<string, z.ZodType>): Reference[] =>
    Object.entries(kinds).map(([kind, schema]) => {
      const id = messageId(kind);
      const payload = components.place(toSchema(schema), id);
      if (kind === 'event') (payload.properties as Record<string, unknown>).event = envelope;
      messages[id] = {
        name: id,
        title: `Stream ${kind}`,
        summary: schema.description ?? kind,
        contentType: 'application/json',
        payload,
        tags: TAGS,
      };
      return { $ref: pointer('channels', STREAM_CHANNEL, 'messages', id) };
    });
  const received = add(serverMessages);
  const sent = add(clientMessages);
  const channel: Reference = { $ref: pointer('channels', STREAM_CHANNEL) };
  return {
    tags: TAGS,
    servers: {
      [STREAM_SERVER]: {
        host: 'localhost:3000',
        protocol: 'ws',
        description:
          'The gateway, the host of the REST API (the host is a placeholder: use your deployment’s, with `wss` behind TLS).',
      },
    },
    channels: {
      [STREAM_CHANNEL]: {
        address: STREAM_PATH,
        title: 'WebSocket stream',
        summary: 'The events a user may see, live, with resume',
        description: DESCRIPTION,
        servers: [{ $ref: pointer('servers', STREAM_SERVER) }],
        messages: Object.fromEntries(
          Object.keys(messages).map((id) => [id, { $ref: pointer('components', 'messages', id) }]),
        ),
        tags: TAGS,
        bindings: { ws: wsBinding },
      },
    },
    operations: {
      receiveStreamMessages: {
        action: 'receive',
        channel,
        title: 'Receive stream messages',
        summary: 'What the gateway sends on the stream: ready, events, resume answers, errors',
        description: 'Handle `event`s in id order and keep the last id for a resume.',
        messages: received,
        tags: TAGS,
      },
      sendStreamMessages: {
        action: 'send',
        channel,
        title: 'Send stream messages',
        summary: 'What a client may send on the stream: an in-band token, a resume, a ping',
        description: 'JSON text messages of at most 16 KiB; anything else is answered `error`.',
        messages: sent,
        tags: TAGS,
      },
    },
    messages,
  };
}
