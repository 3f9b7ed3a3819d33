import type { JsMsg } from '@nats-io/jetstream';
import { eventEnvelope, findEvent, type EventEnvelope } from '@vv/contracts';
import { z } from 'zod';
import { parseBoundedJsonBytes } from '../json/bounded-json';

const envelopeSchema = eventEnvelope(z.unknown());

export type ParsedEnvelope = { success: true; event: EventEnvelope } | { success: false; reason: string };

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const describe = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

/** The message as an event envelope, or why it is not one (such a message can never succeed). */
export function parseEnvelope(msg: Pick<JsMsg, 'data'>): ParsedEnvelope {
  let json: unknown;
  try {
    json = parseBoundedJsonBytes(msg.data);
  } catch (error) {
    return { success: false, reason: reasonOf(error) };
  }
  const result = envelopeSchema.safeParse(json);
  if (!result.success) return { success: false, reason: describe(result.error) };
  return { success: true, event: result.data };
}

/**
 * Why the event's `data` breaks the contract of its type and version (`@vv/contracts`), so that no
 * delivery can ever succeed; undefined when it keeps it, or when the catalogue does not know the
 * type (the handler's to judge: most ignore it). The handler still gets the data as published.
 */
export function contractViolation(event: EventEnvelope): string | undefined {
  const definition = findEvent(event.type, event.version);
  if (!definition) return undefined;
  const result = definition.data.safeParse(event.data);
  if (result.success) return undefined;
  return `event data breaks the contract of ${event.type} v${event.version}: ${describe(result.error)}`;
}
