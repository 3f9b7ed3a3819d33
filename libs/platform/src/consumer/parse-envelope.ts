import type { JsMsg } from '@nats-io/jetstream';
import { eventEnvelope, type EventEnvelope } from '@vv/contracts';
import { z } from 'zod';
import { parseBoundedJsonBytes } from '../json/bounded-json';

const envelopeSchema = eventEnvelope(z.unknown());

export type ParsedEnvelope = { success: true; event: EventEnvelope } | { success: false; reason: string };

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The message as an event envelope, or why it is not one (such a message can never succeed). */
export function parseEnvelope(msg: Pick<JsMsg, 'data'>): ParsedEnvelope {
  let json: unknown;
  try {
    json = parseBoundedJsonBytes(msg.data);
  } catch (error) {
    return { success: false, reason: reasonOf(error) };
  }
  const result = envelopeSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return { success: false, reason: problems.join('; ') };
  }
  return { success: true, event: result.data };
}
