import { forkTs, nextMessage, type Child } from '../infra/children';
import type { FanoutConnected, Job, JobResult, LoaderMessage } from './protocol';

const isLoaderMessage = (message: unknown): message is LoaderMessage =>
  typeof message === 'object' && message !== null && 'id' in message;

/** The parent's handle on the load generator process (see loader.ts). */
export class Loader {
  private nextId = 1;

  private constructor(readonly child: Child) {}

  static async start(): Promise<Loader> {
    const child = forkTs('loader', 'bench/src/load/loader.ts');
    await nextMessage(child, (m): m is LoaderMessage => isLoaderMessage(m) && m.id === 0, 30_000);
    return new Loader(child);
  }

  /** Runs one job; `onProgress` hears the fan-out's "connected" report. */
  async run<J extends Job>(job: J, onProgress?: (progress: FanoutConnected) => void): Promise<JobResult<J>> {
    const id = this.nextId++;
    const listener = (message: unknown): void => {
      if (isLoaderMessage(message) && message.id === id && 'progress' in message)
        onProgress?.(message.progress);
    };
    this.child.process.on('message', listener);
    try {
      const limitMs = job.durationSec * 1000 + 180_000;
      const answering = nextMessage(
        this.child,
        (m): m is LoaderMessage => isLoaderMessage(m) && m.id === id && 'ok' in m,
        limitMs,
      );
      this.child.process.send({ id, job });
      const answer = await answering;
      if ('progress' in answer) throw new Error('unexpected progress message');
      if (!answer.ok) throw new Error(`load generator: ${answer.error}`);
      return answer.result as JobResult<J>;
    } finally {
      this.child.process.off('message', listener);
    }
  }

  async stop(): Promise<void> {
    this.child.process.disconnect();
    await this.child.stop(5000);
  }
}
