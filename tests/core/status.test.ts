import { describe, expect, it } from 'vitest';
import { buildStatus, studyStreak } from '../../src/core/status.ts';
import { dict } from '../../src/core/records.ts';
import { doneRecord, itemRecord, localInstant, stateOf, threeSessionPlan } from './plans.ts';

const plan = threeSessionPlan();

describe('studyStreak', () => {
  const reviewsOn = (days: string[]) => days.map((day) => ({ item: 'keypoint:one', at: localInstant(day) }));
  it.each([
    [[], 0],
    [['2026-12-05'], 1],
    [['2026-12-03', '2026-12-04', '2026-12-05'], 3],
    [['2026-12-03', '2026-12-04'], 2], // nothing yet today: the streak still stands
    [['2026-12-02', '2026-12-03'], 0], // yesterday missed: broken
    [['2026-12-01', '2026-12-03', '2026-12-04', '2026-12-05'], 3],
    [['2026-12-05', '2026-12-05', '2026-12-05'], 1], // several reviews on one day count once
    [['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'], 6], // across a month end
  ])('%j → %i', (days, streak) => {
    expect(studyStreak(dict(), reviewsOn(days), '2026-12-05', 4)).toBe(streak);
  });

  it('counts finished sessions as well as reviews, and 02:00 for the day before', () => {
    const sessions = dict([['alpha', doneRecord('2026-12-04')]]);
    expect(studyStreak(sessions, [{ item: 'session:alpha', at: localInstant('2026-12-06', '02:00') }], '2026-12-05', 4)).toBe(2);
  });
});

describe('buildStatus', () => {
  const state = stateOf({
    meta: { startDate: '2026-12-01', lab: '2026-12-06' },
    sessions: { alpha: doneRecord('2026-12-01', { minutesSpent: 50, summary: 'mine' }), retired: doneRecord('2026-11-20', { minutesSpent: 30 }) },
    items: {
      'session:alpha': itemRecord('2026-12-02'),
      'keypoint:one': itemRecord('2026-12-09'),
      'term:gone': itemRecord('2026-11-21', { source: 'retired' }),
    },
  });
  const reviews = [{ item: 'term:gone', at: localInstant('2026-11-21') }];
  const status = buildStatus(plan, state, reviews, '2026-12-03', 4);

  it('gives progress per day and time planned against spent', () => {
    expect(status.plan).toEqual({ id: 'tiny', title: 'Tiny' });
    expect(status.progress).toMatchObject({ done: 1, total: 3, minutesPlanned: 180, minutesSpent: 50, minutesLeft: 120 });
    expect(status.progress.days.map((day) => [day.day, day.date, day.done, day.total, day.minutesPlanned, day.minutesSpent])).toEqual([
      [1, '2026-12-01', 1, 2, 90, 50],
      [3, '2026-12-03', 0, 1, 90, 0],
    ]);
    expect(status.progress.days[0]?.sessions.map((session) => [session.id, session.minutesSpent, session.behind])).toEqual([
      ['alpha', 50, false],
      ['beta', null, true],
    ]);
  });

  it('counts reviews done and due, and gives the earliest review day (capped by the lab)', () => {
    expect(status.reviews).toEqual({ due: 1, done: 1, next: '2026-12-02' });
    const later = buildStatus(plan, { ...state, items: dict([['keypoint:one', itemRecord('2026-12-09')]]) }, [], '2026-12-03', 4);
    // keypoint:one is due 2026-12-09 on its own, but the lab on the 6th brings it to the 5th.
    expect(later.reviews).toEqual({ due: 0, done: 0, next: '2026-12-05' });
  });

  it('weighs the sessions left against the days to the lab', () => {
    expect(status.lab).toEqual({ date: '2026-12-06', daysLeft: 3, passed: false, sessionsLeft: 2, minutesLeft: 120, studyDaysLeft: 2, reviewsLeft: 2, fits: true, reviewsDue: 1, ready: false, forecast: null });
    const late = buildStatus(plan, { ...state, meta: { ...state.meta, lab: '2026-12-04' } }, reviews, '2026-12-03', 4);
    expect(late.lab).toMatchObject({ studyDaysLeft: 2, daysLeft: 1, fits: false });
  });

  it('is ready when every session is done and nothing is due', () => {
    const done = stateOf({
      meta: { lab: '2026-12-10' },
      sessions: { alpha: doneRecord('2026-12-01'), beta: doneRecord('2026-12-01'), gamma: doneRecord('2026-12-02') },
      items: { 'session:alpha': itemRecord('2026-12-05') },
    });
    expect(buildStatus(plan, done, [], '2026-12-03', 4).lab).toMatchObject({ sessionsLeft: 0, reviewsDue: 0, reviewsLeft: 1, ready: true });
  });

  it('lists the records kept for ids the plan no longer has', () => {
    expect(status.orphans).toEqual(['retired', 'term:gone']);
  });

  it('has no lab readiness without a lab date, and no streak without study', () => {
    expect(buildStatus(plan, stateOf(), [], '2026-12-03', 4)).toMatchObject({ lab: null, streak: 0, orphans: [], reviews: { due: 0, done: 0, next: null } });
  });

  it('counts the streak from finished sessions and reviews', () => {
    const studied = stateOf({ sessions: { alpha: doneRecord('2026-12-02') } });
    expect(buildStatus(plan, studied, [{ item: 'session:alpha', at: localInstant('2026-12-03') }], '2026-12-03', 4).streak).toBe(2);
  });
});
