import { createServer } from 'node:net';
import { eventually } from '@vv/testing';
import type { AppSpec } from './apps';
import { Supervisor } from './supervisor';

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function pidOn(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return ((await response.json()) as { pid: number }).pid;
}

async function crash(port: number): Promise<void> {
  await (await fetch(`http://127.0.0.1:${port}/crash`)).text();
}

describe('Supervisor', () => {
  let port: number;
  let app: AppSpec;
  const lines: string[] = [];
  const supervisorFor = (env: NodeJS.ProcessEnv = {}): Supervisor =>
    new Supervisor(
      [app],
      { ...process.env, CRASHING_APP_PORT: String(port), ...env },
      {
        log: (line) => lines.push(line),
        backoff: { firstMs: 100, maxMs: 1000, stableMs: 60_000 },
        readyTimeoutMs: 20_000,
      },
    );

  beforeEach(async () => {
    port = await freePort();
    app = {
      name: 'crashy',
      entry: 'tools/start/test/crashing-app.ts',
      nodeOptions: ['-r', '@swc-node/register'],
      portEnv: 'CRASHING_APP_PORT',
      defaultPort: port,
      wave: 0,
    };
    lines.length = 0;
  });

  it('restarts an app that crashed, waiting longer after each crash in a row, one line each time', async () => {
    const supervisor = supervisorFor();
    try {
      await supervisor.startWave([app]);
      const first = await pidOn(port);

      await crash(port);
      const second = await eventually(
        async () => {
          const pid = await pidOn(port);
          expect(pid).not.toBe(first);
          return pid;
        },
        20_000,
        100,
      );
      expect(lines).toContain('crashy exited (code 3); restarting it in 0.1 s (restart 1)');
      await eventually(() => expect(lines).toContain('crashy is ready again'));

      await crash(port);
      await eventually(async () => expect(await pidOn(port)).not.toBe(second), 20_000, 100);
      expect(lines).toContain('crashy exited (code 3); restarting it in 0.2 s (restart 2)');
      expect(supervisor.restarts()).toEqual({ crashy: 2 });
    } finally {
      await supervisor.stopAll();
    }
    // Stopped for good: nothing restarts it.
    await expect(pidOn(port)).rejects.toThrow();
    expect(lines.filter((line) => line.includes('restarting it'))).toHaveLength(2);
  }, 60_000);

  it('fails the start, without restarting, when an app exits before it was ever ready', async () => {
    const supervisor = supervisorFor({ CRASH_AT_START: '1' });
    try {
      await expect(supervisor.startWave([app])).rejects.toThrow('crashy exited before it was ready');
    } finally {
      await supervisor.stopAll();
    }
    expect(lines).toEqual([]);
  }, 30_000);
});
