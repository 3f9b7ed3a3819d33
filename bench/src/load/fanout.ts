import WebSocket from 'ws';
import { summarize } from '../report/stats';
import type { FanoutConnected, FanoutJob, FanoutResult } from './protocol';

interface ClientState {
  lastSeq: number;
  seen: Set<number>;
  outOfOrder: number;
  duplicates: number;
}

export const textOf = (raw: WebSocket.RawData): string => {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString();
  return Buffer.isBuffer(raw) ? raw.toString() : Buffer.from(new Uint8Array(raw)).toString();
};

/** What both arms send: `{type: 'event', event: {occurredAt, data: {body: 'fanout-<seq>'}}}`. */
function parse(raw: WebSocket.RawData): { type?: string; seq?: number; occurredAt?: string } {
  const message = JSON.parse(textOf(raw)) as {
    type?: string;
    event?: { occurredAt?: string; data?: { body?: string } };
  };
  const match = /^fanout-(\d+)/.exec(message.event?.data?.body ?? '');
  return {
    type: message.type,
    seq: match ? Number(match[1]) : undefined,
    occurredAt: message.event?.occurredAt,
  };
}

/**
 * Connects every client, reports them connected (the parent then starts sending), and counts per
 * client what arrives: latency from the event's occurredAt, losses, duplicates and order.
 */
export async function runFanout(
  job: FanoutJob,
  connected: (progress: FanoutConnected) => void,
): Promise<FanoutResult> {
  const states: ClientState[] = [];
  const sockets: WebSocket[] = [];
  const latencies: number[] = [];
  let failed = 0;
  const connectOne = (url: string): Promise<void> =>
    new Promise((done) => {
      const state: ClientState = { lastSeq: -1, seen: new Set(), outOfOrder: 0, duplicates: 0 };
      const socket = new WebSocket(url);
      let ready = job.readyType === undefined;
      let settled = false;
      // A client counts once it is ready; one that never gets there counts as failed (all its messages lost).
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) {
          sockets.push(socket);
          states.push(state);
        } else {
          failed++;
          socket.terminate();
        }
        done();
      };
      const timer = setTimeout(() => settle(false), 15_000);
      socket.on('open', () => {
        if (ready) settle(true);
      });
      socket.on('close', () => settle(false));
      socket.on('message', (raw) => {
        let message: ReturnType<typeof parse>;
        try {
          message = parse(raw);
        } catch {
          return;
        }
        if (!ready) {
          if (message.type === job.readyType) {
            ready = true;
            settle(true);
          }
          return;
        }
        if (message.seq === undefined) return;
        if (message.occurredAt) latencies.push(Date.now() - Date.parse(message.occurredAt));
        if (state.seen.has(message.seq)) state.duplicates++;
        else if (message.seq < state.lastSeq) state.outOfOrder++;
        state.seen.add(message.seq);
        state.lastSeq = Math.max(state.lastSeq, message.seq);
      });
      socket.on('error', () => settle(false));
    });
  // Connect in batches, so a 5k-client run does not open every handshake at once.
  for (let i = 0; i < job.urls.length; i += 200) {
    await Promise.all(job.urls.slice(i, i + 200).map(connectOne));
  }
  connected({ kind: 'fanout-connected', clients: sockets.length, failed });
  if (sockets.length === 0) throw new Error(`no client of ${job.urls.length} got connected`);
  const started = performance.now();
  await new Promise((done) => setTimeout(done, (job.durationSec + job.settleSec) * 1000));
  for (const socket of sockets) socket.terminate();
  let deliveries = 0;
  let lost = 0;
  let outOfOrder = 0;
  let duplicates = 0;
  for (const state of states) {
    deliveries += state.seen.size + state.duplicates;
    lost += Math.max(0, job.expected - state.seen.size);
    outOfOrder += state.outOfOrder;
    duplicates += state.duplicates;
  }
  lost += failed * job.expected;
  return {
    clients: sockets.length,
    deliveries,
    lost,
    outOfOrder,
    duplicates,
    latency: summarize(latencies),
    durationSec: Math.min((performance.now() - started) / 1000, job.durationSec),
  };
}
