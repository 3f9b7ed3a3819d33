import { longestPerWindow, steadyDelays, summarize } from './delays';

describe('commit → JetStream delays', () => {
  const windows = [
    { startedAt: 100_000, clearedAt: 100_000 }, // a kill
    { startedAt: 200_000, clearedAt: 230_000 }, // a 30 s outage
  ];
  const event = (occurredMs: number, delayMs: number) => ({ occurredMs, storedMs: occurredMs + delayMs });

  it('charges a fault with the events committed from just before it until the next one', () => {
    const events = [
      event(50_000, 10), // before any fault
      event(98_500, 30_000), // in the killed relay's hands
      event(150_000, 40),
      event(199_000, 5), // just before the outage: its share
      event(210_000, 20_000),
    ];
    expect(longestPerWindow(events, windows)).toEqual([30_000, 20_000]);
  });

  it('takes steady state away from every fault and its settling time', () => {
    const events = [
      event(50_000, 10),
      event(98_500, 30_000),
      event(110_000, 99),
      event(150_000, 40),
      event(250_000, 7),
    ];
    expect(steadyDelays(events, windows)).toEqual({ count: 3, p50: 10, p99: 40, max: 40 });
  });

  it('summarizes nothing as nulls', () => {
    expect(summarize([])).toEqual({ count: 0, p50: null, p99: null, max: null });
  });
});
