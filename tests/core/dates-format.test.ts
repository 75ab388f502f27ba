import { format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDayWithWeekday, parseDay, parseInstant, toDay, toInstant } from '../../src/core/dates.ts';

// The fixed formats are built by hand (date-fns' pattern-string `format` was the run time of `next`
// over thousands of items); they must still say exactly what date-fns says.
const instants = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true });

describe('calendar days and instants, formatted by hand, agree with date-fns', () => {
  it('toDay is format(date, "yyyy-MM-dd")', () => {
    fc.assert(fc.property(instants, (date) => toDay(date) === format(date, 'yyyy-MM-dd')));
  });

  it("toInstant is format(date, \"yyyy-MM-dd'T'HH:mm:ssxxx\")", () => {
    fc.assert(fc.property(instants, (date) => toInstant(date) === format(date, "yyyy-MM-dd'T'HH:mm:ssxxx")));
  });

  it('formatDayWithWeekday names the weekday as format(date, "EEE") does', () => {
    fc.assert(fc.property(instants, (date) => formatDayWithWeekday(toDay(date)) === `${format(date, 'EEE')} ${toDay(date)}`));
  });

  it('parseInstant reads instants as parseISO does (its fast path for the form toInstant writes)', () => {
    const offsets = fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)).map(([sign, hours, minutes]) => `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`));
    const written = fc.tuple(instants, offsets, fc.boolean()).map(([date, offset, millis]) => `${date.toISOString().slice(0, millis ? 23 : 19)}${offset}`);
    fc.assert(fc.property(written, (text) => parseInstant(text)?.getTime() === parseISO(text).getTime()));
    fc.assert(fc.property(instants, (date) => parseInstant(toInstant(date))?.getTime() === Math.floor(date.getTime() / 1000) * 1000));
    expect(parseInstant('2026-12-01T10:00')?.getHours()).toBe(10);
    expect(parseInstant('2026-02-30T10:00:00+00:00')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
  });

  it('parseDay gives back the day toDay wrote, at noon, and refuses days that do not exist', () => {
    fc.assert(
      fc.property(instants, (date) => {
        const parsed = parseDay(toDay(date));
        return parsed !== null && toDay(parsed) === toDay(date) && parsed.getHours() === 12;
      }),
    );
    expect(parseDay('0099-03-01')?.getFullYear()).toBe(99);
    for (const day of ['2026-02-29', '2026-04-31', '2026-00-10', '2026-13-01', '2026-1-01', ' 2026-01-01']) expect(parseDay(day)).toBeNull();
  });
});
