import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { eventSubject, serviceStreamName } from '@vv/contracts';
import type { PoisonSent, Scenario } from './scenario';

/**
 * Three messages no consumer can apply, published onto messaging's stream under `post.created`: bytes
 * that are not JSON, JSON that is not an envelope, and a well-formed envelope whose data breaks the
 * event's contract. Each consumer of the stream should park them in the dead-letter stream and go on.
 */
export function poison(): Scenario {
  const label = 'poison messages on messaging';
  return {
    label,
    kind: 'poison',
    inject: async ({ nc, prefix, fixture, poison: sent }) => {
      const js = jetstream(nc);
      const subject = eventSubject(prefix, { service: 'messaging', name: 'post.created', version: 1 });
      const envelope = {
        id: randomUUID(),
        type: 'messaging.post.created',
        version: 1,
        occurredAt: new Date().toISOString(),
        villageId: fixture.villageId,
        actorId: fixture.writer.userId,
        data: { postId: 'not-a-uuid', topicId: fixture.topicId },
      };
      const messages: [PoisonSent['kind'], Uint8Array | string][] = [
        ['garbage', Uint8Array.from([0x00, 0xff, 0x7b, 0x7b, 0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65])],
        ['non-envelope', JSON.stringify({ hello: 'chaos', n: 1 })],
        ['invalid data', JSON.stringify(envelope)],
      ];
      const startedAt = Date.now();
      for (const [kind, data] of messages) {
        const ack = await js.publish(subject, data);
        sent.push({ kind, stream: serviceStreamName(prefix, 'messaging'), seq: ack.seq });
      }
      return {
        label,
        kind: 'poison',
        startedAt,
        clearedAt: startedAt,
        detail: `${messages.length} messages on ${subject}`,
      };
    },
  };
}
