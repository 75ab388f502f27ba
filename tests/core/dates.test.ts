import { format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  formatDayWithWeekday,
  instantOnDay,
  instantTime,
  isCalendarDay,
  parseClock,
  parseDateArgument,
  parseDay,
  parseInstant,
  shiftDay,
  studyDay,
  toDay,
  toInstant,
} from '../../src/core/dates.ts';

const at = (y: number, m: number, d: number, h: number, min = 0): Date => new Date(y, m - 1, d, h, min);

describe('studyDay: a study day starts at 04:00 local', () => {
  it.each([
    [at(2026, 12, 1, 3, 59), '2026-11-30'],
    [at(2026, 12, 1, 4, 0), '2026-12-01'],
    [at(2026, 12, 1, 0, 30), '2026-11-30'],
    [at(2026, 12, 1, 23, 59), '2026-12-01'],
    [at(2027, 1, 1, 1, 0), '2026-12-31'],
    [at(2028, 3, 1, 2, 0), '2028-02-29'],
  ])('%s belongs to %s', (now, day) => {
    expect(studyDay(now)).toBe(day);
  });

  it('takes another start hour', () => {
    expect(studyDay(at(2026, 12, 1, 5, 0), 6)).toBe('2026-11-30');
    expect(studyDay(at(2026, 12, 1, 0, 0), 0)).toBe('2026-12-01');
  });
});

describe('parseDateArgument', () => {
  it.each([
    ['today', '2026-12-01'],
    ['tomorrow', '2026-12-02'],
    ['yesterday', '2026-11-30'],
    ['  Tomorrow ', '2026-12-02'],
    ['+3d', '2026-12-04'],
    ['-2d', '2026-11-29'],
    ['+31d', '2027-01-01'],
    ['2026-12-24', '2026-12-24'],
    ['2028-02-29', '2028-02-29'],
    ['1970-01-01', '1970-01-01'],
    ['2999-12-31', '2999-12-31'],
    ['1969-12-31', null],
    ['3000-01-01', null],
    ['9999-12-31', null],
    ['2027-02-29', null],
    ['2026-13-01', null],
    ['12/24/2026', null],
    ['+3', null],
    ['3d', null],
    ['next week', null],
    ['', null],
  ])('%j → %j', (value, expected) => {
    expect(parseDateArgument(value, '2026-12-01')).toBe(expected);
  });

  it('refuses an offset that leaves the years 1970 to 2999', () => {
    expect(parseDateArgument('+9999d', '2995-01-01')).toBeNull();
    expect(parseDateArgument('-9999d', '1975-01-01')).toBeNull();
  });
});

describe('parseClock (K8S_STUDY_NOW)', () => {
  it('reads a local date-time', () => {
    const clock = parseClock('2026-12-01T09:30');
    expect([clock?.getHours(), clock?.getMinutes()]).toEqual([9, 30]);
  });
  it('reads a bare day as its noon, so it is that study day', () => {
    const clock = parseClock('2026-12-01');
    expect(clock?.getHours()).toBe(12);
    expect(clock && studyDay(clock)).toBe('2026-12-01');
  });
  it('reads an instant with an offset as that instant', () => {
    expect(parseClock('2026-12-01T09:30:00Z')?.getTime()).toBe(Date.UTC(2026, 11, 1, 9, 30));
    expect(parseClock('2026-12-01T09:30+02:00')?.getTime()).toBe(Date.UTC(2026, 11, 1, 7, 30));
  });
  it.each(['tomorrow', '2026-12-32', '2026-02-30', '2026-12-01 09:30 pm', 'x', '', '1969-12-31', '3000-01-01T10:00'])('refuses %j', (value) => {
    expect(parseClock(value)).toBeNull();
  });
});

describe('day arithmetic', () => {
  it('crosses months, years and leap days', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2026-12-01', 0)).toBe('2026-12-01');
    expect(daysBetween('2026-12-01', '2027-01-01')).toBe(31);
    expect(daysBetween('2027-01-01', '2026-12-01')).toBe(-31);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(parseDay('2026-02-30')).toBeNull();
  });

  it('counts whole days across a DST change in any zone (days are at noon)', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(shiftDay('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('moves days by the calendar alone: the same as counting days, the same in every time zone', () => {
    const days = fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2998-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    fc.assert(fc.property(days, fc.integer({ min: -4000, max: 4000 }), (day, count) => daysBetween(day, shiftDay(day, count)) === count && shiftDay(shiftDay(day, count), -count) === day));
    expect(shiftDay('0099-12-31', 1)).toBe('0100-01-01');
    const zone = process.env.TZ;
    try {
      // Samoa skipped 2011-12-30 on its clocks; the calendar has it.
      for (const name of ['Pacific/Apia', 'America/St_Johns', 'UTC']) {
        process.env.TZ = name;
        expect(shiftDay('2011-12-29', 1), name).toBe('2011-12-30');
        expect(shiftDay('2026-03-29', 1), name).toBe('2026-03-30');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses what is not a day', () => {
    expect(() => shiftDay('someday', 1)).toThrow(RangeError);
    expect(() => shiftDay('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-12-01', '2026-12-32')).toThrow(/2026-12-32/);
  });

  it.each([
    ['2026-12-01', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-04-31', false],
    ['2026-1-01', false],
    ['2026-12-01T10:00', false],
    [20261201, false],
    [null, false],
  ])('isCalendarDay(%j) → %j', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});

describe('instantOnDay: the instant to record for something done on a day', () => {
  const now = at(2026, 12, 1, 10, 0);
  it('is now when the day is today', () => {
    expect(instantOnDay('2026-12-01', now)).toBe(now);
  });
  it('is noon of another day, which belongs to that study day', () => {
    const instant = instantOnDay('2026-11-28', now);
    expect([toDay(instant), instant.getHours(), studyDay(instant)]).toEqual(['2026-11-28', 12, '2026-11-28']);
  });
  it('counts 02:00 as the study day before', () => {
    expect(instantOnDay('2026-11-30', at(2026, 12, 1, 2, 0)).getHours()).toBe(2);
  });
});

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
    expect(formatDayWithWeekday('2026-12-01')).toBe('Tue 2026-12-01');
    expect(formatDayWithWeekday('not a day')).toBe('not a day');
  });

  it('parseInstant reads instants as parseISO does (its fast path for the form toInstant writes)', () => {
    const offsets = fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)).map(([sign, hours, minutes]) => `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`),
    );
    const written = fc.tuple(instants, offsets, fc.boolean()).map(([date, offset, millis]) => `${date.toISOString().slice(0, millis ? 23 : 19)}${offset}`);
    fc.assert(fc.property(written, (text) => parseInstant(text)?.getTime() === parseISO(text).getTime()));
    fc.assert(fc.property(instants, (date) => parseInstant(toInstant(date))?.getTime() === Math.floor(date.getTime() / 1000) * 1000));
    expect(parseInstant('2026-12-01T10:00')?.getHours()).toBe(10);
    expect(parseInstant('2026-02-30T10:00:00+00:00')).toBeNull();
    expect(parseInstant('2026-12-01T24:00:00+00:00')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
  });

  it('instantTime reads exactly the form toInstant writes, character by character, and refuses the rest', () => {
    fc.assert(fc.property(instants, (date) => instantTime(toInstant(date)) === Math.floor(date.getTime() / 1000) * 1000));
    expect(instantTime('2026-12-01T09:30:00+01:00')).toBe(Date.parse('2026-12-01T08:30:00Z'));
    expect(instantTime('2026-12-01T09:30:00-05:30')).toBe(Date.parse('2026-12-01T15:00:00Z'));
    // Impossible fields, other forms, and characters that are not digits where digits belong.
    for (const text of ['2026-02-29T10:00:00+00:00', '2026-12-01T24:00:00+00:00', '2026-12-01T10:60:00+00:00', '2026-12-01T10:00:60+00:00', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000+00:00', '2026-12-01 10:00:00+00:00', '2026-12-0xT10:00:00+00:00', '2026-12-01T1 :00:00+00:00', '2026-12-01T10:00:00*00:00', '+02026-12-01T10:00:00+00']) {
      expect(instantTime(text), text).toBeNaN();
    }
    expect(instantTime('2028-02-29T10:00:00+00:00')).toBe(Date.parse('2028-02-29T10:00:00Z'));
  });

  it('instantTime and isCalendarDay take every field of the form that is in range, and nothing else', () => {
    // Every field any two digits (the year any four): the answer is what the calendar says.
    // Mostly small numbers, so that many texts are good ones (and days 28 to 31 are common).
    const two = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 26, max: 32 }), fc.integer({ min: 0, max: 99 })).map((value) => String(value).padStart(2, '0'));
    const year = fc.integer({ min: 0, max: 9999 }).map((value) => String(value).padStart(4, '0'));
    const realDay = (y: string, m: string, d: string): boolean => {
      const date = new Date(Date.UTC(2000, Number(m) - 1, Number(d)));
      date.setUTCFullYear(Number(y));
      return Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && date.getUTCDate() === Number(d);
    };
    fc.assert(
      fc.property(year, two, two, two, two, two, fc.constantFrom('+', '-'), two, two, (y, m, d, hh, mm, ss, sign, oh, om) => {
        const text = `${y}-${m}-${d}T${hh}:${mm}:${ss}${sign}${oh}:${om}`;
        const inRange = realDay(y, m, d) && Number(hh) <= 23 && Number(mm) <= 59 && Number(ss) <= 59 && Number(oh) <= 23 && Number(om) <= 59;
        expect(Number.isNaN(instantTime(text)), text).toBe(!inRange);
        expect(isCalendarDay(`${y}-${m}-${d}`), `${y}-${m}-${d}`).toBe(realDay(y, m, d));
      }),
      { seed: 20261130, numRuns: 5000 },
    );
    for (const day of ['2000-02-29', '2024-02-29', '2026-12-31', '2026-01-31', '2026-06-30']) expect(isCalendarDay(day), day).toBe(true);
    for (const day of ['1900-02-29', '2026-02-29', '2026-06-31', '2026-02-30', '2026-12-00', '2026-00-12']) expect(isCalendarDay(day), day).toBe(false);
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
