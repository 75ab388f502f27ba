import { afterEach, describe, expect, it } from 'vitest';
import { toInstant } from '../../src/core/dates.ts';
import { emptySession } from '../../src/core/records.ts';
import { addClockedMinutes, countedMinutes, describeRunningClock, endOfStudyDay, isForgotten, readClock } from '../../src/core/study-clock.ts';

// The study clock's arithmetic: minutes between two instants, the end of the study day it started
// in, and what is counted for a clock forgotten past it, in local time across DST changes.

const originalZone = process.env.TZ;
afterEach(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

type Local = readonly [number, number, number, number, number];
const local = ([y, m, d, h, min]: Local): Date => new Date(y, m - 1, d, h, min);
const clockFrom = (start: Local) => ({ plan: 'p', session: 's', startedAt: toInstant(local(start)), plannedMinutes: 60 });

describe('readClock', () => {
  it('counts the minutes between start and now, across midnight, within the study day', () => {
    process.env.TZ = 'UTC';
    const reading = readClock(clockFrom([2026, 12, 1, 23, 30]), local([2026, 12, 2, 0, 45]), 4);
    expect(reading).toMatchObject({ minutes: 75, pastDayEnd: false, backwards: false });
    expect(toInstant(reading.dayEnd)).toBe('2026-12-02T04:00:00+00:00');
  });

  it('ends the study day at the day-start hour: 03:30 to 04:30 ran past it, and counts whole unless longer than planned', () => {
    process.env.TZ = 'UTC';
    const reading = readClock(clockFrom([2026, 12, 2, 3, 30]), local([2026, 12, 2, 4, 30]), 4);
    expect(reading).toMatchObject({ minutes: 60, pastDayEnd: true, minutesToDayEnd: 30 });
    // A sitting across the day's end, no longer than planned: all of it.
    expect(isForgotten(reading, 60)).toBe(false);
    expect(countedMinutes(reading, 60)).toBe(60);
    // Longer than the session's planned time, past the day's end: forgotten, the planned time counts.
    expect(isForgotten(reading, 20)).toBe(true);
    expect(countedMinutes(reading, 20)).toBe(20);
    // Within one study day, however long: all of it.
    expect(countedMinutes(readClock(clockFrom([2026, 12, 2, 10, 0]), local([2026, 12, 2, 16, 30]), 4), 90)).toBe(390);
    // With days starting at midnight, the same hour is within one day.
    expect(readClock(clockFrom([2026, 12, 2, 3, 30]), local([2026, 12, 2, 4, 30]), 0).pastDayEnd).toBe(false);
  });

  it.each([
    // 03:00 summer time falls back to 02:00: 01:30 to 03:30 on the clock face is three hours.
    ['fall back', [2026, 10, 25, 1, 30], [2026, 10, 25, 3, 30], 180],
    // 02:00 jumps to 03:00: 01:30 to 03:30 on the clock face is one hour.
    ['spring forward', [2026, 3, 29, 1, 30], [2026, 3, 29, 3, 30], 60],
  ] as const)('counts the time that really passed over a DST change in Berlin (%s)', (_change, start, stop, minutes) => {
    process.env.TZ = 'Europe/Berlin';
    const reading = readClock(clockFrom(start), local(stop), 4);
    expect(reading.minutes).toBe(minutes);
    expect(reading.pastDayEnd).toBe(false);
    // The day still ends at 04:00 on the clock face.
    expect(reading.dayEnd.getHours()).toBe(4);
  });

  it('counts nothing when the computer clock reads earlier than the start', () => {
    process.env.TZ = 'UTC';
    expect(readClock(clockFrom([2026, 12, 2, 10, 0]), local([2026, 12, 2, 9, 0]), 4)).toMatchObject({ minutes: 0, backwards: true });
  });

  it('keeps hundredths of a minute, so short clock-ins add up', () => {
    process.env.TZ = 'UTC';
    const start = local([2026, 12, 2, 10, 0]);
    expect(readClock({ plan: 'p', session: 's', startedAt: toInstant(start) }, new Date(start.getTime() + 20_000), 4).minutes).toBe(0.33);
  });
});

describe('endOfStudyDay', () => {
  it('is the next day at the day-start hour, and the same day when before it', () => {
    process.env.TZ = 'UTC';
    expect(toInstant(endOfStudyDay(local([2026, 12, 1, 9, 0]), 4))).toBe('2026-12-02T04:00:00+00:00');
    expect(toInstant(endOfStudyDay(local([2026, 12, 2, 2, 0]), 4))).toBe('2026-12-02T04:00:00+00:00');
  });
});

describe('addClockedMinutes', () => {
  it('adds to the minutes clocked towards a session not done, and to the time spent of one done', () => {
    const open = addClockedMinutes({ ...emptySession('2026-12-01T10:00:00+00:00'), clockedMinutes: 40.5 }, 20.25, '2026-12-01T11:00:00+00:00');
    expect(open).toMatchObject({ clockedMinutes: 60.75, minutesSpent: null, changedAt: '2026-12-01T11:00:00+00:00' });
    const finished = addClockedMinutes({ ...emptySession('x'), completedAt: '2026-12-01T10:00:00+00:00', minutesSpent: 60 }, 30, 'y');
    expect(finished).toMatchObject({ minutesSpent: 90, clockedMinutes: 0 });
  });
});

describe('describeRunningClock', () => {
  it('adds what the session clocked before, when the clock is in the plan shown', () => {
    process.env.TZ = 'UTC';
    const clock = { ...clockFrom([2026, 12, 1, 9, 0]), label: '1. One' };
    const sessions = { s: { ...emptySession('x'), clockedMinutes: 30 } };
    expect(describeRunningClock(clock, local([2026, 12, 1, 9, 20]), 4, 'p', sessions)).toMatchObject({ label: '1. One', minutes: 20, clockedBefore: 30 });
    expect(describeRunningClock(clock, local([2026, 12, 1, 9, 20]), 4, 'other', sessions)).toMatchObject({ clockedBefore: 0 });
    expect(describeRunningClock(null, local([2026, 12, 1, 9, 20]), 4, 'p', sessions)).toBeNull();
  });
});
