import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to its end (at most `timeoutMs`); resolves with its exit code and output, never rejects. */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** PostgreSQL refuses to run as root: as root, a server command runs as the OS user `postgres`. */
export function asPostgresUser(command: string, args: readonly string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, [...args]];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}
