import { transformFile, type Options } from '@swc/core';
import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** Repository root (tools/build/ is two levels below it). */
export const ROOT = resolve(__dirname, '..', '..');

/** Where `build(app)` writes: dist/apps/<app>/, a copy of the repository's layout holding only what the app runs. */
export const distDir = (app: string): string => join(ROOT, 'dist', 'apps', app);

/** The entry points of an app that run in production: the server and its migration command. */
const ENTRIES = ['main.ts', 'migrate.ts'];

interface RootManifest {
  readonly dependencies: Record<string, string>;
  readonly engines?: Record<string, string>;
}

/**
 * What @swc-node/register does with tsconfig.base.json (legacy decorators with their metadata, which
 * Nest's injection reads; class fields defined; class names kept, Nest logs them), plus the `@vv/*`
 * workspace packages rewritten to relative paths, so the output needs no workspace symlinks.
 */
function swcOptions(aliases: Record<string, string[]>): Options {
  return {
    swcrc: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2023',
      keepClassNames: true,
      baseUrl: ROOT,
      paths: aliases,
    },
    module: { type: 'commonjs' },
  };
}

/** `@vv/<name>` → its package's `main`, for every workspace package (node_modules/@vv holds their links). */
async function workspaceAliases(): Promise<Record<string, string[]>> {
  const scope = join(ROOT, 'node_modules', '@vv');
  const aliases: Record<string, string[]> = {};
  for (const name of await readdir(scope)) {
    const dir = realpathSync(join(scope, name));
    const { main } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { main: string };
    aliases[`@vv/${name}`] = [relative(ROOT, join(dir, main))];
  }
  return aliases;
}

/** The TypeScript file a relative require of the compiled code names (the workspace requires no JSON or JS). */
function sourceOf(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  throw new Error(`${relative(ROOT, fromFile)}: cannot resolve ${specifier}`);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const BUILTINS = new Set(builtinModules);
const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));

/** The project directory (the nearest package.json) of a source file. */
function projectOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * Compiles an app and the workspace code it requires, following its requires from its entries, to
 * dist/apps/<app>/ in the repository's layout: `__dirname`-relative paths (SQL migrations under
 * db/<app> and libs/<lib>/sql, copied beside the code) resolve the same from the sources and from
 * the output. Writes a package.json naming only the npm packages the compiled code requires (at the
 * root manifest's ranges), which the app's image installs.
 */
export async function build(app: string): Promise<{ files: number; packages: string[] }> {
  const appDir = join(ROOT, 'apps', app);
  if (!existsSync(join(appDir, 'src', 'main.ts'))) throw new Error(`no app called ${app}`);
  const out = distDir(app);
  await rm(out, { recursive: true, force: true });
  const options = swcOptions(await workspaceAliases());
  const pending = ENTRIES.map((entry) => join(appDir, 'src', entry)).filter((file) => existsSync(file));
  const seen = new Set(pending);
  const packages = new Set<string>();
  const projects = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    projects.add(projectOf(file));
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    // Sources named beside their output, so with --enable-source-maps stacks show apps/<app>/src/….ts.
    const { code, map } = await transformFile(file, { ...options, sourceFileName: basename(file) });
    await writeFile(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
    for (const [, , specifier] of code.matchAll(/\brequire(?:\.resolve)?\((["'])([^"']+)\1\)/g)) {
      if (specifier.startsWith('.')) {
        const next = sourceOf(file, specifier);
        if (!seen.has(next)) {
          seen.add(next);
          pending.push(next);
        }
      } else if (!isBuiltin(specifier)) packages.add(packageName(specifier));
    }
  }
  const assets = [...projects].map((dir) => join(dir, 'sql')).concat(join(ROOT, 'db', app));
  for (const dir of assets.filter((candidate) => existsSync(candidate)))
    await cp(dir, join(out, relative(ROOT, dir)), { recursive: true });
  await writeFile(join(out, 'package.json'), await manifest(app, [...packages].sort()));
  return { files: seen.size, packages: [...packages].sort() };
}

async function manifest(app: string, packages: readonly string[]): Promise<string> {
  const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as RootManifest;
  const dependencies: Record<string, string> = {};
  for (const name of packages) {
    if (!Object.hasOwn(root.dependencies, name))
      throw new Error(`${app} requires ${name}, which is not a dependency in package.json`);
    dependencies[name] = root.dependencies[name];
  }
  const main = `apps/${app}/src/main.js`;
  return `${JSON.stringify({ name: `@vv/${app}`, private: true, main, engines: root.engines, dependencies }, null, 2)}\n`;
}
