import { forkTs, nextMessage, type Child } from '../infra/children';
import { isReady } from './server-config';

/** Forks one of bench's servers with its configuration and waits until it says it is ready. */
export async function startServer(name: string, entry: string, config: object): Promise<Child> {
  const child = forkTs(name, entry, { ...process.env, BENCH_SERVER_CONFIG: JSON.stringify(config) });
  await nextMessage(child, isReady, 30_000);
  return child;
}
