import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The files of swagger-ui-dist the docs page loads; nothing else of the package is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const ASSETS_PATH = '/docs/assets';

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Virtual Village API</title>
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PATH}/swagger-initializer.js"></script>
  </body>
</html>
`;

/** Our own initializer (not the package's, which points at the Petstore); a file, so no inline script. */
const INITIALIZER = `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export interface Asset {
  contentType: string;
  body: Buffer | string;
}

const distDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));

/** One of the docs page's files, or undefined for any other name. */
export async function swaggerAsset(name: string): Promise<Asset | undefined> {
  if (name === 'swagger-initializer.js')
    return { contentType: 'text/javascript; charset=utf-8', body: INITIALIZER };
  const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!contentType) return undefined;
  return { contentType, body: await readFile(join(distDir(), name)) };
}
