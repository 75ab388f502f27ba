import { describe, expect, it } from 'vitest';
import { validatePlan, type Plan } from '../../src/core/plan.ts';
import { emptyProgress, type PlanProgress } from '../../src/core/progress.ts';
import { buildSchedule, scheduleStart } from '../../src/core/agenda.ts';
import { buildStatus, findOrphans, studyStreak } from '../../src/core/status.ts';

// A small plan: three sessions over days 1, 1 and 3 (day 2 is a rest day).
const plan = ((): Plan => {
  const result = validatePlan({
    version: 1,
    id: 'tiny',
    title: 'Tiny',
    lab: { title: 'The lab' },
    sessions: [
      { id: 'alpha', title: 'Alpha', day: 1, duration: '1h', focus: ['a'], keyPoints: ['one'] },
      { id: 'beta', title: 'Beta', day: 1, duration: '30m', focus: ['b'] },
      { id: 'gamma', title: 'Gamma', day: 3, duration: '1h30m', focus: ['c'] },
    ],
    keyPoints: [{ id: 'one', title: 'One', text: 'The one point.' }],
  });
  if (!result.plan) throw new Error(JSON.stringify(result.issues));
  return result.plan;
})();

// Local times, as the store's instants are read: the tests hold in any time zone.
const at = (day: string, time = '10:00'): string => `${day}T${time}:00`;

function progressWith(change: (progress: PlanProgress) => void): PlanProgress {
  const progress = emptyProgress();
  change(progress);
  return progress;
}

describe('schedule start date', () => {
  it.each([
    ['nothing done: today', emptyProgress(), '2026-12-05'],
    ['the stored start wins', progressWith((p) => { p.startDate = '2026-11-20'; p.sessions.alpha = { completedAt: at('2026-12-01') }; }), '2026-11-20'],
    ['else the first day a session was done', progressWith((p) => { p.sessions.beta = { completedAt: at('2026-12-03') }; p.sessions.alpha = { completedAt: at('2026-12-02') }; }), '2026-12-02'],
    ['or reviewed, if earlier', progressWith((p) => { p.sessions.alpha = { completedAt: at('2026-12-02') }; p.reviewLog.push({ item: 'session:alpha', at: at('2026-12-01'), rating: 'good' }); }), '2026-12-01'],
    ['a session the plan no longer has does not count', progressWith((p) => { p.sessions.retired = { completedAt: at('2026-11-01') }; p.sessions.alpha = { completedAt: at('2026-12-02') }; }), '2026-12-02'],
    ['an instant before 04:00 belongs to the day before', progressWith((p) => { p.sessions.alpha = { completedAt: at('2026-12-02', '01:30') }; }), '2026-12-01'],
  ])('%s', (_name, progress, expected) => {
    expect(scheduleStart(plan, progress, '2026-12-05', 4)).toBe(expected);
  });
});

describe('buildSchedule', () => {
  it('maps plan day N to start + N - 1 and flags sessions past their date as behind', () => {
    const progress = progressWith((p) => {
      p.startDate = '2026-12-01';
      p.sessions.alpha = { completedAt: at('2026-12-01') };
    });
    const schedule = buildSchedule(plan, progress, '2026-12-03', 4);
    expect(schedule.days.map((day) => [day.day, day.date, day.isToday])).toEqual([
      [1, '2026-12-01', false],
      [3, '2026-12-03', true],
    ]);
    expect(schedule.days[0]?.sessions.map((session) => [session.id, session.status, session.behind, session.daysBehind])).toEqual([
      ['alpha', 'done', false, 0],
      ['beta', 'todo', true, 2],
    ]);
    expect(schedule.days[1]?.sessions[0]).toMatchObject({ id: 'gamma', behind: false });
    expect(schedule.startFrom).toBe('stored');
  });
});

describe('studyStreak', () => {
  const activity = (days: string[]): PlanProgress =>
    progressWith((p) => {
      days.forEach((day, index) => p.reviewLog.push({ item: 'keypoint:one', at: at(day), rating: index % 2 ? 'good' : 'hard' }));
    });
  it.each([
    [[], 0],
    [['2026-12-05'], 1],
    [['2026-12-03', '2026-12-04', '2026-12-05'], 3],
    [['2026-12-03', '2026-12-04'], 2], // nothing yet today: the streak still stands
    [['2026-12-02', '2026-12-03'], 0], // yesterday missed: broken
    [['2026-12-01', '2026-12-03', '2026-12-04', '2026-12-05'], 3],
  ])('%j → %i', (days, streak) => {
    expect(studyStreak(activity(days), '2026-12-05', 4)).toBe(streak);
  });

  it('counts finished sessions as well as reviews', () => {
    const progress = progressWith((p) => {
      p.sessions.alpha = { completedAt: at('2026-12-04') };
      p.reviewLog.push({ item: 'session:alpha', at: at('2026-12-05'), rating: 'good' });
    });
    expect(studyStreak(progress, '2026-12-05', 4)).toBe(2);
  });
});

describe('buildStatus', () => {
  const progress = progressWith((p) => {
    p.startDate = '2026-12-01';
    p.lab = '2026-12-06';
    p.sessions.alpha = { completedAt: at('2026-12-01'), minutesSpent: 50, summary: 'mine' };
    p.sessions.retired = { completedAt: at('2026-11-20'), minutesSpent: 30, summary: 'kept' };
    p.reviewItems['session:alpha'] = { source: 'alpha', createdAt: at('2026-12-01'), due: '2026-12-02', card: null };
    p.reviewItems['keypoint:one'] = { source: 'alpha', createdAt: at('2026-12-01'), due: '2026-12-09', card: null };
    p.reviewItems['term:gone'] = { source: 'retired', createdAt: at('2026-11-20'), due: '2026-11-21', card: null };
    p.reviewLog.push({ item: 'term:gone', at: at('2026-11-21'), rating: 'good' });
  });
  const status = buildStatus(plan, progress, '2026-12-03', 4);

  it('gives progress per day and time planned against spent', () => {
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
    // keypoint:one is due 2026-12-09 on its own, but the lab on the 6th brings it to the 5th.
    expect(status.reviews).toEqual({ due: 1, done: 1, next: '2026-12-02' });
  });

  it('weighs the sessions left against the days to the lab', () => {
    expect(status.lab).toEqual({
      date: '2026-12-06',
      daysLeft: 3,
      sessionsLeft: 2,
      minutesLeft: 120,
      studyDaysLeft: 2,
      reviewsLeft: 2,
      fits: true,
      reviewsDue: 1,
      ready: false,
    });
    const late = buildStatus(plan, { ...progress, lab: '2026-12-04' }, '2026-12-03', 4);
    expect(late.lab).toMatchObject({ studyDaysLeft: 2, daysLeft: 1, fits: false });
  });

  it('lists the records kept for ids the plan no longer has', () => {
    expect(status.orphans).toEqual(['retired', 'term:gone']);
    expect(findOrphans(plan, emptyProgress())).toEqual([]);
  });

  it('has no lab readiness without a lab date', () => {
    expect(buildStatus(plan, emptyProgress(), '2026-12-03', 4)).toMatchObject({ lab: null, streak: 0, reviews: { due: 0, done: 0, next: null } });
  });
});
