import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationSource } from '../src/migrations/migration-runner';

/** A migration source of files written by a test; `remove()` deletes them. */
export async function sqlSource(
  name: string,
  files: Record<string, string>,
): Promise<MigrationSource & { remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `vv-${name}-`));
  for (const [file, sql] of Object.entries(files)) await writeFile(join(dir, file), sql);
  return { name, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
