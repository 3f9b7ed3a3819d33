import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, RESULTS_DIR } from '../infra/util';

/** Prettier's JSON formatting, so the committed reference passes `prettier --check .` as written. */
async function formatJson(value: unknown): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(join(RESULTS_DIR, 'x.json'))) ?? {};
    return await prettier.format(text, { ...options, parser: 'json' });
  } catch {
    return text;
  }
}

/**
 * Writes `<mode>-<timestamp>.json` (git-ignored), and for a full run also `latest-full.json`, the
 * committed reference the docs' table comes from. Returns the paths written, relative to the root.
 */
export async function writeResults(
  mode: 'quick' | 'full',
  result: { date: string } & Record<string, unknown>,
): Promise<string[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = await formatJson(result);
  const stamp = result.date.replace(/[:.]/g, '-');
  const files = [join(RESULTS_DIR, `${mode}-${stamp}.json`)];
  if (mode === 'full') files.push(join(RESULTS_DIR, 'latest-full.json'));
  for (const file of files) writeFileSync(file, text);
  return files.map((file) => relative(ROOT, file));
}
