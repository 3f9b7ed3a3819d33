import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRoutes } from '../api.routes';
import { buildOpenApiDocument } from './openapi';

/**
 * `nx run gateway:lint-openapi`: lints the OpenAPI document the gateway serves with Redocly's
 * recommended rules (apps/gateway/redocly.yaml), written to a temporary file; any error fails.
 */
const dir = mkdtempSync(join(tmpdir(), 'vv-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(buildOpenApiDocument(apiRoutes())));
  const config = join(__dirname, '..', '..', 'redocly.yaml');
  const cli = require.resolve('@redocly/cli/bin/cli.js');
  const lint = spawnSync(process.execPath, [cli, 'lint', '--config', config, file], { stdio: 'inherit' });
  process.exitCode = lint.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
