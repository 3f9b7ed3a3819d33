import { count, duration, seconds } from './format';
import type { RunResult } from './results';

export interface Row {
  section: string;
  figure: string;
  value: string;
  target: string;
  /** '' when the figure has no target. */
  verdict: '' | 'met' | 'missed';
}

/** The longest commit → JetStream delay a kill may cause (the target). */
export const KILL_DELAY_TARGET_MS = 5000;
export const STEADY_P99_TARGET_MS = 50;

const zero = (section: string, figure: string, value: number): Row => ({
  section,
  figure,
  value: count(value),
  target: '0',
  verdict: value === 0 ? 'met' : 'missed',
});

const atMost = (section: string, figure: string, ms: number | null, targetMs: number): Row => ({
  section,
  figure,
  value: duration(ms),
  target: `≤ ${duration(targetMs)}`,
  verdict: ms === null ? '' : ms <= targetMs ? 'met' : 'missed',
});

function writeRows(result: RunResult): Row[] {
  const { writes } = result;
  const statuses = ['503', '504'].map((status) => count(writes.statuses[status] ?? 0)).join(' / ');
  return [
    {
      section: 'writes',
      figure: 'acknowledged (201)',
      value: `${count(writes.acked)} of ${count(writes.sent)} (${count(writes.abandoned)} given up, ${count(writes.refused)} refused)`,
      target: 'all',
      verdict: writes.acked === writes.sent ? 'met' : 'missed',
    },
    {
      section: 'writes',
      figure: 'retried: 503 / 504 / no answer',
      value: `${statuses} / ${count(writes.timeouts + writes.networkFailures)} (${count(writes.attempts)} requests)`,
      target: '',
      verdict: '',
    },
    zero('requests', 'hung > 10 s', writes.hung),
    zero('requests', 'answered 500 (5xx but 503/504)', writes.fiveHundreds),
  ];
}

function storeRows(result: RunResult): Row[] {
  return [
    ...result.stores.map((store) => zero('lost', store.store, store.lost)),
    ...result.stores.map((store) => zero('duplicated', store.store, store.duplicated)),
    {
      section: 'stores',
      figure: 'caught up after the last write',
      value: seconds(result.caughtUpSec),
      target: `≤ ${result.drainSec} s`,
      verdict: result.caughtUpSec === null ? 'missed' : 'met',
    },
  ];
}

function faultRows(result: RunResult): Row[] {
  const rows: Row[] = [];
  for (const scenario of result.scenarios) {
    const name = scenario.label;
    rows.push({
      section: name,
      figure: 'recovery',
      value: seconds(scenario.recoverySec),
      target: '',
      verdict: '',
    });
    if (scenario.label.startsWith('kill'))
      rows.push(atMost(name, 'longest commit → JetStream', scenario.longestDelayMs, KILL_DELAY_TARGET_MS));
    else if (!scenario.label.startsWith('poison'))
      rows.push({
        section: name,
        figure: 'longest commit → JetStream',
        value: duration(scenario.longestDelayMs),
        target: '',
        verdict: '',
      });
  }
  const kills = result.scenarios.filter((scenario) => scenario.label.startsWith('kill'));
  const longest = kills.reduce<number | null>(
    (max, kill) => Math.max(max ?? 0, kill.longestDelayMs ?? 0),
    null,
  );
  rows.push(
    atMost('all kills', 'longest commit → JetStream', kills.length ? longest : null, KILL_DELAY_TARGET_MS),
  );
  rows.push(atMost('steady state', 'commit → JetStream p99', result.steady.p99, STEADY_P99_TARGET_MS));
  return rows;
}

function otherRows(result: RunResult): Row[] {
  const rows: Row[] = [];
  for (const [kind, consumers] of Object.entries(result.deadLetters.poison)) {
    rows.push({
      section: 'dead letters',
      figure: `poison: ${kind}`,
      value: consumers.length ? [...new Set(consumers)].sort().join(', ') : 'none',
      target: 'dead-lettered',
      verdict: consumers.length ? 'met' : 'missed',
    });
  }
  rows.push(zero('dead letters', 'real events', result.deadLetters.real.length));
  const sum = (pick: (socket: RunResult['sockets'][number]) => number): number =>
    result.sockets.reduce((total, socket) => total + pick(socket), 0);
  rows.push({
    section: 'WebSocket',
    figure: 'reconnects (resumed)',
    value: count(sum((s) => s.reconnects)),
    target: '',
    verdict: '',
  });
  rows.push(
    zero(
      'WebSocket',
      'resyncs',
      sum((s) => s.resyncs),
    ),
  );
  rows.push(
    zero(
      'WebSocket',
      'ids out of order or repeated',
      sum((s) => s.outOfOrder),
    ),
  );
  rows.push(zero('apps', 'exits nobody asked for', result.crashes.length));
  return rows;
}

export function tableRows(result: RunResult): Row[] {
  return [...writeRows(result), ...storeRows(result), ...faultRows(result), ...otherRows(result)];
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** The rows as one Markdown table (what the terminal shows and docs/reliability.md keeps). */
export function renderTable(rows: readonly Row[]): string {
  const cells = [
    ['', 'figure', 'value', 'target', ''],
    ...rows.map((row) => [
      row.section,
      row.figure,
      row.value,
      row.target,
      row.verdict === 'missed' ? '**missed**' : row.verdict,
    ]),
  ].map((line) => line.map(escape));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  const line = (cellsOfRow: string[]): string =>
    `| ${cellsOfRow.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [
    line(cells[0]),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
