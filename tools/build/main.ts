// `nx run <app>:build` (`node -r @swc-node/register tools/build/main.ts <app>…`): compiles each app
// to dist/apps/<app>/ (see build-app.ts). Nx caches the result by the sources it reads.
import { relative } from 'node:path';
import { ROOT, build, distDir } from './build-app';

async function main(apps: readonly string[]): Promise<void> {
  if (apps.length === 0) throw new Error('usage: tools/build/main.ts <app>…');
  for (const app of apps) {
    const { files, packages } = await build(app);
    process.stdout.write(
      `${app}: ${files} files to ${relative(ROOT, distDir(app))}/, requires ${packages.join(', ')}\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
