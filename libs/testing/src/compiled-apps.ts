import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Repository root (libs/testing/src/ is three levels below it). */
const ROOT = resolve(__dirname, '..', '..', '..');

const run = promisify(execFile);

/**
 * Builds the apps whose build is stale: `nx run-many -t build`, which compiles each app to
 * dist/apps/<app>/ (tools/build) and restores unchanged ones from Nx's cache. How `npm start`, the
 * bench and the chaos run get the compiled apps they run with `compiledEntry`.
 */
export async function buildApps(apps: readonly string[]): Promise<void> {
  const nx = require.resolve('nx/bin/nx.js', { paths: [ROOT] });
  const args = [nx, 'run-many', '-t', 'build', '-p', apps.join(','), '--outputStyle=static'];
  try {
    await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`building ${apps.join(', ')} failed:\n${stdout}${stderr}`);
  }
}

/**
 * V8 options every app runs with, in `npm start`, the bench, the chaos run and the Dockerfiles' CMD: the
 * young generation capped at 2 × 8 MB (default 2 × 16 MB), which an app fills while it starts and then
 * keeps: about 15 MB less resident per app (docs/performance.md, footprint).
 */
export const APP_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=8'];

/** The compiled entry of an app (`main`, or another entry such as `migrate`), absolute. */
export function compiledEntry(app: string, entry = 'main'): string {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', `${entry}.js`);
}
