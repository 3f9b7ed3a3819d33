import type { RunResult } from './results';
import { renderTable, tableRows } from './table';

const result: RunResult = {
  plan: 'quick',
  command: 'npm run chaos -- --quick',
  date: '2026-12-07T17:00:00.000Z',
  runId: 'r1',
  durationSec: 200,
  rate: 20,
  writes: {
    sent: 100,
    acked: 100,
    refused: 0,
    abandoned: 0,
    attempts: 130,
    statuses: { '201': 100, '503': 20, '504': 4 },
    timeouts: 0,
    networkFailures: 6,
    hung: 0,
    fiveHundreds: 0,
  },
  stores: [
    { store: 'PostgreSQL (posts)', lost: 0, duplicated: 0, unacknowledged: 0, lostByFault: {} },
    {
      store: 'WebSocket: post events',
      lost: 3,
      duplicated: 0,
      unacknowledged: 0,
      lostByFault: { 'kill -9 gateway': 3 },
    },
  ],
  caughtUpSec: 2.5,
  catchUp: { unpublished: 0, missingEffects: 0, missingOnSockets: 0 },
  drainSec: 60,
  scenarios: [
    {
      label: 'kill -9 messaging (active relay)',
      detail: 'messaging-1',
      recoverySec: 0.4,
      recoveredLast: 'JetStream',
      longestDelayMs: 30_100,
      longestFeedDelayMs: 20,
      fiveHundreds: 0,
      hung: 0,
      hungEndings: {},
      refusals: {},
    },
    {
      label: 'NATS stopped 5 s',
      detail: 'down 5.1 s',
      recoverySec: null,
      recoveredLast: null,
      longestDelayMs: 5200,
      longestFeedDelayMs: 40,
      fiveHundreds: 0,
      hung: 0,
      hungEndings: {},
      refusals: {},
    },
  ],
  steady: { count: 500, p50: 6, p99: 27, max: 60 },
  sockets: [{ name: 'observer', reconnects: 2, resyncs: 0, outOfOrder: 0 }],
  deadLetters: { poison: { garbage: ['a', 'b', 'a'], 'non-envelope': ['a'], 'invalid data': [] }, real: [] },
  crashes: [],
};

describe('the table', () => {
  const rows = tableRows(result);
  const row = (section: string, figure: string) =>
    rows.find((r) => r.section === section && r.figure === figure);

  it('holds kills to 5 s of commit → JetStream delay, and outages to no target', () => {
    expect(row('kill -9 messaging (active relay)', 'longest commit → JetStream')).toMatchObject({
      value: '30.1 s',
      verdict: 'missed',
    });
    expect(row('NATS stopped 5 s', 'longest commit → JetStream')).toMatchObject({
      value: '5.2 s',
      verdict: '',
    });
    expect(row('NATS stopped 5 s', 'recovery')).toMatchObject({ value: 'never' });
    expect(row('all kills', 'longest commit → JetStream')).toMatchObject({ verdict: 'missed' });
    expect(row('steady state', 'commit → JetStream p99')).toMatchObject({ value: '27 ms', verdict: 'met' });
  });

  it('counts losses per store against zero, and names who dead-lettered each poison', () => {
    expect(row('lost', 'PostgreSQL (posts)')).toMatchObject({ value: '0', verdict: 'met' });
    expect(row('lost', 'WebSocket: post events')).toMatchObject({ value: '3', verdict: 'missed' });
    expect(row('dead letters', 'poison: garbage')).toMatchObject({ value: 'a, b', verdict: 'met' });
    expect(row('dead letters', 'poison: invalid data')).toMatchObject({ value: 'none', verdict: 'missed' });
  });

  it('renders one Markdown table, misses in bold', () => {
    const lines = renderTable(rows).split('\n');
    expect(lines[0]).toMatch(/^\| +\| figure +\| value +\| target +\| +\|$/);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+ \| -+ \| -+ \|$/);
    expect(lines.filter((line) => line.includes('**missed**'))).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});
