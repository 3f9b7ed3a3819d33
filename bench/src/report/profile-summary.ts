/**
 * `npm run bench:profile -- <file.cpuprofile> [top]`: where a process spent its CPU — self time
 * per function (with its file and line) and per package or app folder, from a V8 CPU profile
 * written by `BENCH_CPU_PROF=1 npm run bench …`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (node_modules/<name>) or the repository folder (apps/x, libs/y) a script belongs to. */
function ownerOf(url: string): string {
  if (!url) return '(native / VM)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node core';
  const own = /\/(apps|libs|dist\/apps)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byOwner.set(ownerOf(url), (byOwner.get(ownerOf(url)) ?? 0) + us);
  }
  const print = (title: string, rows: Map<string, number>, limit: number): void => {
    console.log(`\n${title}`);
    for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(
        `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
    }
  };
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s of samples`);
  print('self time by package / folder', byOwner, 25);
  print('self time by function', byFunction, top);
}

const [file, top] = process.argv.slice(2) as [string | undefined, string | undefined];
if (!file) {
  console.error('usage: npm run bench:profile -- <file.cpuprofile> [top]');
  process.exit(2);
}
summarise(file, Number(top ?? 40));
