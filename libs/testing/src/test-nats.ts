import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { infrastructure } from './infrastructure';

/** A subject prefix of its own per test file: its subjects and streams touch no other file's. */
export const testSubjectPrefix = (): string => `t${randomBytes(5).toString('hex')}`;

/** Deletes every JetStream stream a test file created under its prefix. */
export async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: (await infrastructure()).natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const mine = `${prefix.toUpperCase()}_`;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(mine)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}
