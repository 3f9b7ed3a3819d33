import { z } from 'zod';
import { ServiceError } from '../errors/service-error';
import { decodeCursor, encodeCursor, pageOf, timeIdKey } from './page-cursor';

const ID = '01a20124-3ffe-7b19-8c29-38dff25c89a2';

describe('page cursors', () => {
  it('round-trips a key and refuses a cursor of another shape', () => {
    const key = ['2026-11-22 03:14:52.718231+00', ID] as const;
    expect(decodeCursor(encodeCursor(key), timeIdKey)).toEqual(key);
    expect(decodeCursor(undefined, timeIdKey)).toBeUndefined();
    const rank = encodeCursor([0.0759, ID]);
    expect(decodeCursor(rank, z.tuple([z.number(), z.uuid()]))).toEqual([0.0759, ID]);
    for (const bad of [rank, 'not-base64-json', encodeCursor(['yesterday', ID])]) {
      expect(() => decodeCursor(bad, timeIdKey)).toThrow(ServiceError);
    }
  });

  it('pages limit + 1 rows', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: `2026-11-22 00:00:0${n}+00`, id: ID }));
    const full = pageOf(
      rows,
      2,
      (row) => [row.at, row.id],
      (row) => row.n,
    );
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? undefined, timeIdKey)).toEqual(['2026-11-22 00:00:02+00', ID]);
    expect(
      pageOf(
        rows,
        3,
        (row) => [row.at, row.id],
        (row) => row.n,
      ).nextCursor,
    ).toBeNull();
  });
});
