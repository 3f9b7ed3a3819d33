import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (CLK_TCK, almost always 100). */
export const TICKS_PER_SECOND = ((): number => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process, in microseconds; null when it is gone or unreadable. */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1e6) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident set size of a process in bytes (VmRSS); null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Pids whose /proc/<pid>/comm is `name` (e.g. nats-server). */
export function pidsByName(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** True when /proc exposes per-process CPU and memory (Linux). */
export const procAvailable = (): boolean => cpuMicros(process.pid) !== null;

/** A named set of processes whose CPU is summed: one app, nats-server, the database's backends. */
export interface ProcessGroup {
  readonly name: string;
  pids(): Promise<readonly number[]> | readonly number[];
}

export interface CpuWindow {
  /** CPU microseconds each group used in the window. */
  stop(): Promise<Record<string, number>>;
}

/**
 * Starts measuring the CPU of `groups`. A process present at both ends counts its difference; one
 * that appeared during the window counts all its CPU (it started inside it); one that ended inside
 * the window is lost (the pools the apps keep make that rare).
 */
export async function cpuWindow(groups: readonly ProcessGroup[]): Promise<CpuWindow> {
  const before = new Map<string, Map<number, number>>();
  for (const group of groups) {
    const snapshot = new Map<number, number>();
    for (const pid of await group.pids()) {
      const cpu = cpuMicros(pid);
      if (cpu !== null) snapshot.set(pid, cpu);
    }
    before.set(group.name, snapshot);
  }
  return {
    async stop() {
      const used: Record<string, number> = {};
      for (const group of groups) {
        const start = before.get(group.name) ?? new Map<number, number>();
        let total = 0;
        for (const pid of await group.pids()) {
          const cpu = cpuMicros(pid);
          if (cpu !== null) total += cpu - (start.get(pid) ?? 0);
        }
        used[group.name] = total;
      }
      return used;
    },
  };
}

/** Samples the RSS of single-process groups every `intervalMs`; stop() gives each one's peak in bytes. */
export function rssPeaks(
  processes: readonly { name: string; pid: number }[],
  intervalMs = 250,
): { stop(): Record<string, number> } {
  const peaks: Record<string, number> = {};
  const sample = (): void => {
    for (const { name, pid } of processes) {
      const rss = rssBytes(pid);
      if (rss !== null) peaks[name] = Math.max(peaks[name] ?? 0, rss);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
