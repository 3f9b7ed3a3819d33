import { recovery } from './recovery';

describe('recovery', () => {
  const window = { startedAt: 10_000, clearedAt: 15_000 };
  const writes = [
    { n: 1, firstSentAt: 14_000, ackedAt: 16_000 }, // started during the fault: not the probe
    { n: 3, firstSentAt: 15_500, ackedAt: 15_600 },
    { n: 2, firstSentAt: 15_100, ackedAt: 15_300 },
  ];

  it('times the first write started after the fault until every store has it', () => {
    const reached = [new Map([[2, 15_400]]), new Map([[2, 17_000]])];
    expect(recovery(window, writes, reached)).toEqual({ seconds: 2, last: 1 });
  });

  it('is null when that write never reached a store', () => {
    expect(recovery(window, writes, [new Map([[3, 15_700]])])).toBeNull();
  });

  it('is null when no write started after the fault', () => {
    expect(recovery({ startedAt: 0, clearedAt: 20_000 }, writes, [])).toBeNull();
  });
});
