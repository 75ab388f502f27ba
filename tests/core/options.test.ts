import { describe, expect, it } from 'vitest';
import { OptionValueError, parseDateInput, parseLimit, parseMinutes, parseRating, parseUpcomingDays, resolveDate, wholeNumber } from '../../src/options.ts';

// Option values as typed on the command line (src/options.ts): each parser returns the value or
// throws OptionValueError, a usage error (exit 2) whose message names what was typed.

const TODAY = '2026-12-01';

/** The day a typed date names, today being 2026-12-01. */
const dateOf = (typed: string): string => resolveDate(parseDateInput(typed), TODAY, typed);

/** What a parser says about a value: its result, or the error's message. */
function outcome<T>(parse: (value: string) => T, value: string): T | { error: string } {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof OptionValueError) return { error: error.message };
    throw error;
  }
}

describe('dates (--at, lab, --start)', () => {
  it.each([
    ['2026-12-24', '2026-12-24'],
    ['today', TODAY],
    ['TODAY', TODAY],
    ['tomorrow', '2026-12-02'],
    ['yesterday', '2026-11-30'],
    ['+3d', '2026-12-04'],
    ['-2d', '2026-11-29'],
    ['+31d', '2027-01-01'],
    [' 2028-02-29 ', '2028-02-29'],
    ['1970-01-01', '1970-01-01'],
    ['2999-12-31', '2999-12-31'],
  ])('%j → %s', (typed, day) => {
    expect(dateOf(typed)).toBe(day);
  });

  it('keeps an offset until it is resolved against the clock', () => {
    expect(parseDateInput('+3d')).toEqual({ offset: 3 });
    expect(parseDateInput('yesterday')).toEqual({ offset: -1 });
    expect(resolveDate(parseDateInput('+3d'), '2027-02-27', '+3d')).toBe('2027-03-02');
  });

  it.each([
    ['next week', '"next week" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday or +3d'],
    ['2027-02-29', '"2027-02-29" is not a date'],
    ['12/24/2026', '"12/24/2026" is not a date'],
    ['+3', '"+3" is not a date'],
    ['', '"" is not a date'],
    ['1969-12-31', '"1969-12-31" is outside the years 1970 to 2999'],
    ['3000-01-01', '"3000-01-01" is outside the years 1970 to 2999'],
    ['9999-12-31', '"9999-12-31" is outside the years 1970 to 2999'],
    ['+999999d', '"+999999d" is outside the years 1970 to 2999'],
    ['-30000d', '"-30000d" is outside the years 1970 to 2999'],
    ['+400000d', '"+400000d" is outside the years 1970 to 2999'],
  ])('refuses %j', (typed, message) => {
    const result = outcome(dateOf, typed);
    expect(result).toEqual({ error: expect.stringContaining(message) });
  });

  it('suggests only past forms for a day something was done', () => {
    expect(outcome((typed: string) => parseDateInput(typed, { past: true }), 'someday')).toEqual({ error: '"someday" is not a date: use YYYY-MM-DD, today, yesterday or -2d' });
  });

  it('names a typed value with escape sequences without them', () => {
    expect(outcome(dateOf, '\u001b[2Jsoon')).toEqual({ error: expect.stringMatching(/^"soon" is not a date/) });
  });

  it('is a usage error (exit code 2)', () => {
    expect(() => dateOf('someday')).toThrow(OptionValueError);
    expect(new OptionValueError('x').exitCode).toBe(2);
  });
});

describe('minutes (--minutes, the minutes prompt)', () => {
  it.each([
    ['90', 90],
    ['90m', 90],
    ['1h30m', 90],
    ['1.5h', 90],
    ['1h', 60],
    ['45min', 45],
    [' 25 ', 25],
    ['1', 1],
    ['1440', 1440],
    ['24h', 1440],
  ])('%j → %d', (typed, minutes) => {
    expect(parseMinutes(typed)).toBe(minutes);
  });

  it.each(['0', '0m', '25h', '1441', 'abc', '', '-5', '1.5', '99999999', '1h30'])('refuses %j', (typed) => {
    expect(outcome(parseMinutes, typed)).toEqual({ error: `"${typed}" is not a time from 1 minute to 24 hours: write 90, 90m, 1h30m or 1.5h` });
  });
});

describe('ratings (review --rating)', () => {
  it.each([
    ['again', 'again'],
    ['hard', 'hard'],
    ['good', 'good'],
    ['easy', 'easy'],
    [' Good ', 'good'],
    ['EASY', 'easy'],
    // The keys of the interactive review.
    ['1', 'again'],
    ['2', 'hard'],
    [' 3 ', 'good'],
    ['4', 'easy'],
  ])('%j → %s', (typed, rating) => {
    expect(parseRating(typed)).toBe(rating);
  });

  it.each(['great', '0', '5', '34', '', 'goo'])('refuses %j', (typed) => {
    expect(outcome(parseRating, typed)).toEqual({ error: `"${typed}" is not one of again, hard, good, easy (or their keys, 1 to 4)` });
  });
});

describe('whole numbers (--upcoming DAYS, review --limit N)', () => {
  it.each([
    [parseUpcomingDays, '0', 0],
    [parseUpcomingDays, '7', 7],
    [parseUpcomingDays, ' 365 ', 365],
    [parseLimit, '1', 1],
    [parseLimit, '100000', 100_000],
  ])('%#: %j → %d', (parse, typed, number) => {
    expect(parse(typed)).toBe(number);
  });

  it.each([
    [parseUpcomingDays, '366', '"366" is not a whole number of days from 0 to 365'],
    [parseUpcomingDays, '-1', '"-1" is not a whole number of days from 0 to 365'],
    [parseUpcomingDays, '1.5', '"1.5" is not a whole number of days from 0 to 365'],
    [parseUpcomingDays, '7d', '"7d" is not a whole number of days from 0 to 365'],
    [parseUpcomingDays, '', '"" is not a whole number of days from 0 to 365'],
    [parseLimit, '0', '"0" is not a whole number of items from 1 to 100000'],
    [parseLimit, '100001', '"100001" is not a whole number of items from 1 to 100000'],
    [parseLimit, '1e3', '"1e3" is not a whole number of items from 1 to 100000'],
  ])('%#: refuses %j', (parse, typed, message) => {
    expect(outcome(parse, typed)).toEqual({ error: message });
  });

  it('names what the number counts', () => {
    expect(outcome(wholeNumber(2, 4, 'plates'), '5')).toEqual({ error: '"5" is not a whole number of plates from 2 to 4' });
    expect(wholeNumber(2, 4, 'plates')('04')).toBe(4);
  });
});
