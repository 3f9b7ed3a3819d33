import { addTallies, firstSeen, tally } from './accounting';

describe('tally', () => {
  const acked = new Set([1, 2, 3, 4]);

  it('counts acknowledged writes missing, writes held twice, and writes nobody acknowledged', () => {
    const seen = [1, 2, 2, 4, 4, 4, 7].map((n) => ({ n }));
    expect(tally(acked, seen)).toEqual({ lost: 1, duplicated: 2, unacknowledged: 1, lostIds: [3] });
  });

  it('is clean when every acknowledged write is held once', () => {
    expect(
      tally(
        acked,
        [4, 3, 2, 1].map((n) => ({ n })),
      ),
    ).toEqual({ lost: 0, duplicated: 0, unacknowledged: 0, lostIds: [] });
  });

  it('adds the copies of a store (one per listener)', () => {
    const one = tally(
      acked,
      [1, 2, 3].map((n) => ({ n })),
    );
    const two = tally(
      acked,
      [1, 1, 2, 3, 4].map((n) => ({ n })),
    );
    expect(addTallies([one, two])).toEqual({ lost: 1, duplicated: 1, unacknowledged: 0, lostIds: [4] });
  });
});

describe('firstSeen', () => {
  it('keeps the earliest time of each write, skipping unknown times', () => {
    const at = firstSeen([{ n: 1, at: 30 }, { n: 1, at: 10 }, { n: 2 }, { n: 3, at: 5 }]);
    expect([...at]).toEqual([
      [1, 10],
      [3, 5],
    ]);
  });
});
