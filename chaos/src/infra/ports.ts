import { createConnection } from 'node:net';

const base = Number(process.env.CHAOS_PORT_BASE ?? 4700);

/** Every port the run listens on (CHAOS_PORT_BASE moves them all, default 4700). */
export const PORTS = {
  gateway: base,
  identity: base + 1,
  messaging: [base + 2, base + 12],
  calendar: base + 3,
  files: base + 4,
  notifications: base + 5,
  postgres: base + 40,
  nats: base + 41,
  natsMonitor: base + 42,
  /** Nothing listens here: the run sends no mail (notifications only connects when it has some). */
  smtp: base + 44,
} as const;

export function allPorts(): number[] {
  return Object.values(PORTS).flat();
}

/** True when nothing accepts a TCP connection on 127.0.0.1:port. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (free: boolean): void => {
      socket.destroy();
      done(free);
    };
    socket.setTimeout(500, () => finish(true));
    socket.on('connect', () => finish(false));
    socket.on('error', () => finish(true));
  });
}
