import type { ScenarioReport } from '../scenarios/scenario';
import { median, percentileOfSorted, ratio, summarize, verdict } from './stats';
import { formatValue, renderTable } from './table';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores missing values and has none for none', () => {
    expect(median([null, 5, undefined, Number.NaN, 7, 6])).toBe(6);
    expect(median([])).toBeNull();
    expect(median([null])).toBeNull();
  });
});

describe('percentiles', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
    expect(percentileOfSorted([7], 99)).toBe(7);
    expect(percentileOfSorted([], 50)).toBeNull();
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentileOfSorted(hundred, 0)).toThrow(RangeError);
    expect(() => percentileOfSorted(hundred, 101)).toThrow(RangeError);
  });

  it('summarizes unsorted samples without changing them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });
});

describe('ratio and verdict', () => {
  it('divides, or says nothing when a side is missing or the denominator is not positive', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(null, 4)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });

  it('checks a figure against its target', () => {
    expect(verdict(0.75, { op: '>=', value: 0.73 })).toBe('met');
    expect(verdict(0.5, { op: '>=', value: 0.6 })).toBe('missed');
    expect(verdict(60, { op: '<=', value: 50 })).toBe('missed');
    expect(verdict(0, { op: '==', value: 0 })).toBe('met');
    expect(verdict(null, { op: '>=', value: 1 })).toBe('n/a');
    expect(verdict(1, undefined)).toBe('n/a');
  });
});

describe('the table', () => {
  it('formats by unit', () => {
    expect(formatValue(12345.6, 'req/s')).toBe('12,346');
    expect(formatValue(0.6049, 'ratio')).toBe('0.60');
    expect(formatValue(3.456, 'ms')).toBe('3.46');
    expect(formatValue(0.25, 'share')).toBe('25.0 %');
    expect(formatValue(null, 'ms')).toBe('–');
  });

  it('shows figures with their targets and verdicts, and skipped scenarios with their reason', () => {
    const reports: ScenarioReport[] = [
      {
        id: 'read',
        title: '1. Read: the newest 50 posts',
        status: 'ok',
        figures: [
          { label: 'req/s (pg / direct / suite)', unit: 'req/s', values: [5000, 3000, 1200] },
          { label: 'suite/direct', unit: 'ratio', values: [0.4], target: { op: '>=', value: 0.6 } },
        ],
      },
      {
        id: 'fanout',
        title: '5. Fan-out: clients',
        status: 'skipped',
        reason: 'the stream has not landed',
        figures: [],
      },
    ];
    const lines = renderTable(reports).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(
      /^\| 1\. Read +\| req\/s \(pg \/ direct \/ suite\) +\| 5,000 \/ 3,000 \/ 1,200 req\/s/,
    );
    expect(lines[3]).toMatch(/\| 0\.40 +\| ≥ 0\.6 +\| \*\*missed\*\* \|$/);
    expect(lines[4]).toContain('skipped: the stream has not landed');
  });
});
