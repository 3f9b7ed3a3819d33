import { transitionsOf, vtimezone } from './vtimezone';
import { offsetMinutes, toFloating } from '../events/recurrence';

describe('VTIMEZONE from the platform time-zone data', () => {
  it('finds the DST changes to the minute', () => {
    const changes = transitionsOf(
      'Europe/Berlin',
      new Date('2026-01-01T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(changes).toEqual([
      { at: new Date('2026-03-29T01:00:00Z'), from: 60, to: 120 },
      { at: new Date('2026-10-25T01:00:00Z'), from: 120, to: 60 },
    ]);
  });

  it('writes DAYLIGHT and STANDARD observances in local time of the offset they leave', () => {
    const block = vtimezone('America/New_York', 2026, 2026);
    expect(block).toContain('TZID:America/New_York');
    expect(block).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT',
    );
    expect(block).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD',
    );
  });

  it('handles a zone without DST and half-hour offsets', () => {
    expect(vtimezone('Asia/Kolkata', 2026, 2026)).toContain('TZOFFSETTO:+0530');
    expect(offsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(toFloating(new Date('2026-06-01T00:00:00Z'), 'Asia/Kolkata').toISOString()).toBe(
      '2026-06-01T05:30:00.000Z',
    );
  });
});
