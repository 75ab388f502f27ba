import { describe, expect, it } from 'vitest';
import { formatMinutes, parseDayCount, parseDuration } from '../../src/core/duration.ts';

describe('parseDuration (a session duration in the plan)', () => {
  it.each([
    ['1h', 60],
    ['90m', 90],
    ['1.5h', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    [' 2H ', 120],
    ['45min', 45],
    ['0.25h', 15],
    ['2h', 120],
    ['0h', null],
    ['0m', null],
    ['', null],
    ['h', null],
    ['1d', null],
    ['-1h', null],
    ['1h30', null],
    ['90', null],
    ['1,5h', null],
  ])('%j → %j', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });
});

describe('parseDayCount', () => {
  it.each([
    ['1d', 1],
    ['2d', 2],
    [' 14 D ', 14],
    ['0d', 0],
    ['2', null],
    ['1w', null],
    ['12345d', null],
  ])('%j → %j', (text, days) => {
    expect(parseDayCount(text)).toBe(days);
  });
});

describe('formatMinutes', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [59.6, '1 h'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [330, '5 h 30 min'],
    [6000, '100 h'],
  ])('%d minutes → %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
