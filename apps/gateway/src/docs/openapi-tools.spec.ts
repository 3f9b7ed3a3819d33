import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { apiRoutes } from '../api.routes';
import { buildOpenApiDocument } from './openapi';

const run = promisify(execFile);

/** Tools read the served document as it is: here openapi-typescript, in its own process (it is ESM-only). */
describe('the OpenAPI document in client tooling', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vv-openapi-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates TypeScript types with openapi-typescript, one type per named component', async () => {
    const document = join(dir, 'openapi.json');
    const types = join(dir, 'api.d.ts');
    await writeFile(document, JSON.stringify(buildOpenApiDocument(apiRoutes())));
    // Its exports map `*.js` to `*.mjs`, so the bin is found beside its package.json.
    const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    await run(process.execPath, [cli, document, '--output', types]);
    const generated = await readFile(types, 'utf8');
    for (const name of ['User', 'Village', 'Member', 'JsonValue', 'Problem'])
      expect(generated).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
    expect(generated).toContain('"/v1/metadata/{scope}/{key}": {');
  });
});
