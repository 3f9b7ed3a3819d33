import { duration } from './format';
import type { RunResult } from './results';

/** What the table cannot say in a cell: what each fault did, where losses came from, what crashed. */
export function renderNotes(result: RunResult): string {
  const lines = result.scenarios.map((scenario) => {
    let line = `- ${scenario.label}: ${scenario.detail}`;
    if (scenario.recoveredLast) line += `; recovery ended on: ${scenario.recoveredLast}`;
    line += `; longest stream → feed: ${duration(scenario.longestFeedDelayMs)}`;
    const refused = Object.entries(scenario.refusals).map(([ending, count]) => `${count} × ${ending}`);
    if (refused.length) line += `; retried: ${refused.join(', ')}`;
    if (scenario.fiveHundreds) line += `; ${scenario.fiveHundreds} × 500`;
    if (scenario.hung) {
      const how = Object.entries(scenario.hungEndings).map(([ending, count]) => `${count} × ${ending}`);
      line += `; ${scenario.hung} requests over 10 s (${how.join(', ')})`;
    }
    return line;
  });
  for (const store of result.stores) {
    const where = Object.entries(store.lostByFault).map(([fault, lost]) => `${lost} in ${fault}`);
    if (where.length) lines.push(`- lost on ${store.store}: ${where.join(', ')}`);
  }
  if (result.caughtUpSec === null) {
    const { unpublished, missingEffects, missingOnSockets } = result.catchUp;
    lines.push(
      `- still missing ${result.drainSec} s after the last write: ${unpublished} outbox rows unpublished, ` +
        `${missingEffects} notification rows, ${missingOnSockets} events on the sockets`,
    );
  }
  for (const crash of result.crashes)
    lines.push(`- ${crash.app} exited on its own (${crash.how}) and was started again`);
  for (const letter of result.deadLetters.real.slice(0, 10))
    lines.push(`- dead letter of a real event: ${letter}`);
  const { steady } = result;
  lines.push(
    `- steady state commit → JetStream: p50 ${duration(steady.p50)}, p99 ${duration(steady.p99)}, ` +
      `max ${duration(steady.max)} over ${steady.count.toLocaleString('en-US')} events`,
  );
  return lines.join('\n');
}
