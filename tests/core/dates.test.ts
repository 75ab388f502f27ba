import { describe, expect, it } from 'vitest';
import { daysBetween, parseClock, parseDateArgument, parseDay, shiftDay, studyDay } from '../../src/core/dates.ts';

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
    ['+3d', '2026-12-04'],
    ['-2d', '2026-11-29'],
    ['+31d', '2027-01-01'],
    ['2026-12-24', '2026-12-24'],
    ['2028-02-29', '2028-02-29'],
    ['2027-02-29', null],
    ['2026-13-01', null],
    ['12/24/2026', null],
    ['next week', null],
    ['', null],
  ])('%j → %j', (value, expected) => {
    expect(parseDateArgument(value, '2026-12-01')).toBe(expected);
  });
});

describe('parseClock (K8S_STUDY_NOW)', () => {
  it('reads a local date-time', () => {
    expect(parseClock('2026-12-01T09:30')?.getHours()).toBe(9);
  });
  it('reads a bare day as its noon, so it is that study day', () => {
    const clock = parseClock('2026-12-01');
    expect(clock && studyDay(clock)).toBe('2026-12-01');
  });
  it.each(['tomorrow', '2026-12-32', '2026-12-01 09:30 pm', 'x'])('refuses %j', (value) => {
    expect(parseClock(value)).toBeNull();
  });
});

describe('day arithmetic', () => {
  it('crosses months, years and leap days', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2027-01-01')).toBe(31);
    expect(parseDay('2026-02-30')).toBeNull();
  });
});
