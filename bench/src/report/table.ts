import type { Figure, ScenarioReport, Unit } from '../scenarios/scenario';
import { targetText, verdict } from './stats';

/** One number as the table shows it: precision by unit, thousands grouped. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const fixed = (digits: number): string =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (unit) {
    case 'ratio':
      return fixed(2);
    case 'share':
      return `${(value * 100).toFixed(1)} %`;
    case 'ms':
      return Math.abs(value) < 10 ? fixed(2) : Math.abs(value) < 100 ? fixed(1) : fixed(0);
    case 's':
      return fixed(value < 10 ? 2 : 1);
    case 'MB':
      return fixed(0);
    default:
      return Math.abs(value) < 10 && !Number.isInteger(value) ? fixed(1) : fixed(0);
  }
}

const unitSuffix = (unit: Unit): string =>
  unit === 'ratio' || unit === 'share' || unit === 'count' ? '' : ` ${unit}`;

export function figureRow(figure: Figure): { value: string; target: string; verdict: string } {
  const value = figure.values.map((v) => formatValue(v, figure.unit)).join(' / ') + unitSuffix(figure.unit);
  const single = figure.values.length === 1 ? figure.values[0] : undefined;
  const result = figure.target ? verdict(single, figure.target) : 'n/a';
  return {
    value,
    target: figure.target
      ? `${targetText(figure.target)}${figure.unit === 'ratio' ? '' : unitSuffix(figure.unit)}`
      : '',
    verdict: result === 'n/a' ? (figure.target ? '?' : '') : result === 'met' ? 'met' : '**missed**',
  };
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** Every scenario's figures as one Markdown table (what the terminal shows and docs/performance.md keeps). */
export function renderTable(reports: readonly ScenarioReport[]): string {
  const rows: string[][] = [['scenario', 'figure', 'value', 'target', '']];
  for (const report of reports) {
    const name = report.title.replace(/:.*$/, '');
    if (report.status !== 'ok') {
      rows.push([name, `${report.status}: ${report.reason ?? ''}`, '', '', '']);
      continue;
    }
    for (const figure of report.figures) {
      const row = figureRow(figure);
      rows.push([name, figure.label, row.value, row.target, row.verdict]);
    }
    if (report.reason) rows.push([name, `note: ${report.reason}`, '', '', '']);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => escape(row[column]).length)));
  const line = (row: string[]): string =>
    `| ${row.map((cell, i) => escape(cell).padEnd(widths[i])).join(' | ')} |`;
  return [
    line(rows[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
