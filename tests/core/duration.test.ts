import { describe, expect, it } from 'vitest';
import { formatMinutes, parseDayCount, parseDuration } from '../../src/core/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['1h', 60],
    ['90m', 90],
    ['1.5h', 90],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['45min', 45],
    ['2h', 120],
    ['0h', null],
    ['0m', null],
    ['', null],
    ['h', null],
    ['1d', null],
    ['-1h', null],
    ['1h30', null],
  ])('%j → %j', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });
});

describe('parseDayCount and formatMinutes', () => {
  it('reads day counts', () => {
    expect(parseDayCount('1d')).toBe(1);
    expect(parseDayCount('2d')).toBe(2);
    expect(parseDayCount('2')).toBeNull();
  });
  it.each([
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [330, '5 h 30 min'],
  ])('%d minutes → %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
