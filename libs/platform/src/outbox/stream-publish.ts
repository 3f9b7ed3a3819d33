import { headers as natsHeaders } from '@nats-io/transport-node';
import type { RequestMux } from '../transport/request-mux';

const decoder = new TextDecoder();

/** How long the relay waits for JetStream to acknowledge one publish (js.publish's default). */
const PUBLISH_TIMEOUT_MS = 5000;

/** JetStream's answer to a publish: where it stored the message, or why it did not. */
interface PubAck {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

/** A publish JetStream refused (its error answer) or never answered. */
export class StreamPublishFailed extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/**
 * Publishes one message to JetStream with `Nats-Msg-Id` (the stream's duplicate window drops a
 * repeat) and resolves with its acknowledgement: what `js.publish` does, through the platform's
 * RequestMux, so a publish builds no Error objects unless it fails (nats.js's request path built
 * one per publish: ~7 % of the relay's process CPU at saturation in the write bench).
 */
export async function publishToStream(
  mux: RequestMux,
  subject: string,
  payload: string,
  msgId: string,
): Promise<{ seq: number; duplicate: boolean }> {
  const headers = natsHeaders();
  headers.set('Nats-Msg-Id', msgId);
  const reply = await mux.request(subject, payload, headers, PUBLISH_TIMEOUT_MS);
  let ack: PubAck;
  try {
    ack = JSON.parse(decoder.decode(reply.data)) as PubAck;
  } catch {
    throw new StreamPublishFailed(`unreadable publish acknowledgement on ${subject}`);
  }
  if (ack.error || typeof ack.seq !== 'number') {
    throw new StreamPublishFailed(
      `JetStream refused the publish on ${subject}: ${ack.error?.description ?? 'no sequence'}`,
      ack.error?.code,
    );
  }
  return { seq: ack.seq, duplicate: ack.duplicate === true };
}
