import { join } from 'node:path';
import { nats, natsDefaults, probeNats, NATS_MISSING } from './nats';
import { connectError, postgres, postgresDefaults } from './postgres';
import { DATA_DIR, findExecutable } from './util';

async function main(): Promise<void> {
  console.log('probe 4222', await probeNats('127.0.0.1', 4222));
  console.log('probe 5432', await probeNats('127.0.0.1', 5432));
  console.log('probe 14999', await probeNats('127.0.0.1', 14999));
  console.log('find default', findExecutable('nats-server', natsDefaults.extraDirs));
  console.log('find PATH w/o sbin', findExecutable('nats-server', [], '/usr/local/bin:/usr/bin:/bin'));
  console.log('local pg', await connectError('postgres://postgres@127.0.0.1:5432'));
  console.log('closed pg', await connectError('postgres://postgres@127.0.0.1:1'));
  console.log('nats localhost', await nats().resolve());
  console.log('nats env', await nats({ ...natsDefaults, fromEnv: 'nats://x:1' }).resolve());
  try {
    await nats({ ...natsDefaults, port: 14222, extraDirs: [] }).resolve();
  } catch (e) { console.log('missing ->', (e as Error).message, (e as Error).message === NATS_MISSING); }
  const old = process.env.PATH; process.env.PATH = '/usr/bin:/bin';
  try { await nats({ ...natsDefaults, port: 14222, extraDirs: [] }).resolve(); } catch (e) { console.log('missing2 ->', (e as Error).name); }
  process.env.PATH = old;
  try { await nats({ ...natsDefaults, port: 5432 }).resolve(); } catch (e) { console.log('not nats ->', (e as Error).message); }
  let t = Date.now();
  const spawned = await nats({ ...natsDefaults, port: 14222, monitorPort: 18222, dataDir: join(DATA_DIR, 'nats-try') }).resolve();
  console.log('spawned nats', Date.now() - t, 'ms', spawned.summary, await probeNats('127.0.0.1', 14222));
  spawned.onUnexpectedExit?.((r) => console.log('UNEXPECTED', r));
  t = Date.now(); await spawned.stop?.(); console.log('stopped nats', Date.now() - t, 'ms', await probeNats('127.0.0.1', 14222));
  console.log('pg localhost', await postgres().resolve());
  console.log('pg env', await postgres({ ...postgresDefaults, fromEnv: 'postgres://u:secret@h/db' }).resolve());
  const emb = { ...postgresDefaults, localUrl: 'postgres://postgres@127.0.0.1:1', embedded: { dir: join(DATA_DIR, 'pg-try'), port: 54339, password: 'postgres' } };
  for (const round of [1, 2]) {
    t = Date.now();
    const pg = await postgres(emb).resolve();
    console.log(`embedded round ${round}`, Date.now() - t, 'ms', pg.env, pg.summary);
    if (round === 1) { const again = await postgres(emb).resolve(); console.log('while running ->', again.summary, typeof again.stop); }
    t = Date.now(); await pg.stop?.(); console.log('stopped', Date.now() - t, 'ms', await connectError('postgres://postgres:postgres@127.0.0.1:54339'));
  }
  console.log('SIGINT listeners', process.listenerCount('SIGINT'), 'SIGTERM', process.listenerCount('SIGTERM'));
}
void main();
