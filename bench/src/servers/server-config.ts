/** Configuration a bench server reads from BENCH_SERVER_CONFIG (JSON), and its ready message. */
export function serverConfig<T>(): T {
  const raw = process.env.BENCH_SERVER_CONFIG;
  if (!raw) throw new Error('BENCH_SERVER_CONFIG is not set');
  return JSON.parse(raw) as T;
}

export interface ReadyMessage {
  type: 'ready';
}

export const isReady = (message: unknown): message is ReadyMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';

export function announceReady(): void {
  process.send?.({ type: 'ready' } satisfies ReadyMessage);
}

/** Exits when the bench goes away or asks it to stop. */
export function exitWithParent(close: () => Promise<void>): void {
  const stop = (): void => {
    void close().finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}
