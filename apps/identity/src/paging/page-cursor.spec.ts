import { decodeCursor, encodeCursor, pageOf } from './page-cursor';

const id = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('page cursor', () => {
  it('round-trips a key with microsecond precision', () => {
    const key = { at: '2024-01-01 10:00:00.123456+00', id };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('refuses a cursor it did not make, naming the field', () => {
    for (const bad of ['nope', Buffer.from('[1,2]').toString('base64url'), encodeCursor({ at: 'x', id })]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({
          code: 'invalid',
          details: { errors: [{ field: 'cursor', reason: expect.any(String) }] },
        }),
      );
    }
  });

  it('gives a next cursor only when there are more rows than the limit', () => {
    const rows = [1, 2, 3].map((n) => ({ at: `2024-01-0${n} 00:00:00+00`, id, n }));
    const full = pageOf(
      rows,
      2,
      (row) => row,
      (row) => row.n,
    );
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? undefined)).toEqual({ at: rows[1].at, id });
    expect(
      pageOf(
        rows,
        3,
        (row) => row,
        (row) => row.n,
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
