import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The inode of the TCP socket whose local port is `port`, from /proc/net/tcp{,6} (Linux). */
function socketInode(port: number): string | null {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      if (parseInt(columns[1].split(':')[1], 16) === port) return columns[9];
    }
  }
  return null;
}

/**
 * Which of `pids` holds the client end of a TCP connection whose local port is `port` (e.g. the
 * `client_port` PostgreSQL shows for a session); null when none of them does, or off Linux.
 */
export function processOwningPort(port: number, pids: readonly number[]): number | null {
  const inode = socketInode(port);
  if (inode === null) return null;
  const wanted = `socket:[${inode}]`;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
