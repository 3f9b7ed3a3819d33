import { z } from 'zod';
import type { JsonSchema } from './schema-components';

// The shape of the AsyncAPI 3.0 document (asyncapi.ts: the events; asyncapi-stream.ts: the WebSocket stream).

export interface Reference {
  $ref: string;
}
export interface Tag {
  name: string;
  description?: string;
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; tags: Tag[] };
  defaultContentType: 'application/json';
  servers: Record<string, { host: string; protocol: 'nats' | 'ws'; description: string }>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
}

export interface AsyncApiChannel {
  address: string;
  title: string;
  summary: string;
  description: string;
  /** The servers the channel is on (all of them when absent). */
  servers: Reference[];
  messages: Record<string, Reference>;
  tags: Tag[];
  bindings?: Record<string, JsonSchema>;
  'x-stream'?: string;
}

export interface AsyncApiOperation {
  /** From the client's side: it receives events and stream messages, and sends stream messages. */
  action: 'receive' | 'send';
  channel: Reference;
  title: string;
  summary: string;
  description: string;
  messages: Reference[];
  tags: Tag[];
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: 'application/json';
  headers?: JsonSchema;
  payload: JsonSchema;
  tags: Tag[];
  'x-stream'?: string;
  'x-event-type'?: string;
  'x-event-version'?: number;
}

/**
 * Draft-07 JSON Schema (the dialect AsyncAPI 3 schemas build on) of a zod schema, as a consumer reads
 * it: the output side, and objects open unless the contract is strict, since a version gains optional fields.
 */
export function toSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === 'object' && !def.catchall) delete jsonSchema.additionalProperties;
    },
  });
}
