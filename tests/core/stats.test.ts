import { describe, expect, it } from 'vitest';
import { buildStats, mondayOf, studyLevel } from '../../src/core/stats.ts';
import { doneRecord, localInstant, sessionRecord } from './plans.ts';

// The numbers `stats` draws, from records, answers and due days.

describe('mondayOf', () => {
  it.each([
    ['2026-12-07', '2026-12-07'],
    ['2026-12-09', '2026-12-07'],
    ['2026-12-13', '2026-12-07'],
    ['2027-01-01', '2026-12-28'],
  ])('%s is in the week of Monday %s', (day, monday) => expect(mondayOf(day)).toBe(monday));
});

describe('studyLevel', () => {
  it.each([
    [{ minutes: 0, sessions: 0, reviews: 0 }, 0],
    [{ minutes: 0, sessions: 0, reviews: 2 }, 1],
    [{ minutes: 29, sessions: 1, reviews: 0 }, 1],
    [{ minutes: 30, sessions: 1, reviews: 0 }, 2],
    [{ minutes: 60, sessions: 1, reviews: 0 }, 3],
    [{ minutes: 119, sessions: 2, reviews: 0 }, 3],
    [{ minutes: 120, sessions: 2, reviews: 0 }, 4],
  ])('%o is level %i', (day, level) => expect(studyLevel(day)).toBe(level));
});

describe('buildStats', () => {
  const today = '2026-12-09';
  const base = { today, dayStartHour: 4, weeks: 2, dueDays: [] as string[], reviews: [], sessions: [] };

  it('counts the minutes of sessions finished each study day, and clocked minutes not yet counted on the day last clocked', () => {
    const stats = buildStats({
      ...base,
      sessions: [
        doneRecord('2026-12-01', { minutesSpent: 40 }),
        doneRecord('2026-12-01', { minutesSpent: 25 }, '22:00'),
        // Finished at 02:00 on the 8th: the study day of the 7th.
        doneRecord('2026-12-08', { minutesSpent: 30 }, '02:00'),
        sessionRecord({ clockedMinutes: 15, changedAt: localInstant('2026-12-09', '09:00') }),
        // Before the weeks shown.
        doneRecord('2026-11-20', { minutesSpent: 90 }),
      ],
    });
    expect(stats.days[0]!.date).toBe('2026-11-30');
    expect(stats.days).toHaveLength(10);
    const byDay = Object.fromEntries(stats.days.filter((day) => day.minutes > 0).map((day) => [day.date, [day.minutes, day.sessions]]));
    expect(byDay).toEqual({ '2026-12-01': [65, 2], '2026-12-07': [30, 1], '2026-12-09': [15, 0] });
    expect(stats.totals).toMatchObject({ studyDays: 3, minutes: 110 });
  });

  it('recall per week is the share of answers not "again", practice aside; practice still marks a study day', () => {
    const stats = buildStats({
      ...base,
      reviews: [
        { at: localInstant('2026-12-01'), rating: 'again' },
        { at: localInstant('2026-12-02'), rating: 'good' },
        { at: localInstant('2026-12-03'), rating: 'hard' },
        { at: localInstant('2026-12-03', '11:00'), rating: 'easy' },
        { at: localInstant('2026-12-08'), rating: 'again', practice: true },
      ],
    });
    expect(stats.recall).toEqual([
      { week: '2026-11-30', reviews: 4, recalled: 3, share: 0.75 },
      { week: '2026-12-07', reviews: 0, recalled: 0, share: null },
    ]);
    expect(stats.days.find((day) => day.date === '2026-12-08')).toEqual({ date: '2026-12-08', minutes: 0, sessions: 0, reviews: 1 });
  });

  it('the forecast counts items by effective due day for 30 days from today; overdue ones count today', () => {
    const stats = buildStats({ ...base, dueDays: ['2026-12-01', '2026-12-09', '2026-12-10', '2026-12-10', '2027-01-07', '2027-01-08'] });
    expect(stats.forecast).toHaveLength(30);
    expect(stats.forecast[0]).toEqual({ date: '2026-12-09', due: 2 });
    expect(stats.forecast[1]).toEqual({ date: '2026-12-10', due: 2 });
    expect(stats.forecast[29]).toEqual({ date: '2027-01-07', due: 1 });
  });
});
