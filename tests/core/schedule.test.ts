import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studyDay } from '../../src/core/dates.ts';
import { activityDays, buildSchedule, daysBehind, firstStudyDay, scheduleStart } from '../../src/core/schedule.ts';
import type { PlanState } from '../../src/core/records.ts';
import { doneRecord, itemRecord, localInstant, sessionRecord, stateOf, threeSessionPlan } from './plans.ts';

const plan = threeSessionPlan();

describe('firstStudyDay and the schedule start', () => {
  it.each<[string, PlanState, string | null, string]>([
    ['nothing done: today', stateOf(), null, '2026-12-05'],
    ['the stored start wins', stateOf({ meta: { startDate: '2026-11-20' }, sessions: { alpha: doneRecord('2026-12-01') } }), '2026-12-01', '2026-11-20'],
    ['else the first day a session was done', stateOf({ sessions: { beta: doneRecord('2026-12-03'), alpha: doneRecord('2026-12-02') } }), '2026-12-02', '2026-12-02'],
    ['or a review item started, if earlier', stateOf({ sessions: { alpha: doneRecord('2026-12-02') }, items: { 'keypoint:one': itemRecord('2026-12-02', { createdAt: localInstant('2026-11-29') }) } }), '2026-11-29', '2026-11-29'],
    ['a session the plan no longer has does not count', stateOf({ sessions: { retired: doneRecord('2026-11-01'), alpha: doneRecord('2026-12-02') } }), '2026-12-02', '2026-12-02'],
    ['nor an item the plan no longer has', stateOf({ items: { 'term:gone': itemRecord('2026-11-02', { createdAt: localInstant('2026-11-01') }) } }), null, '2026-12-05'],
    ['a session ticked but not done does not count', stateOf({ sessions: { alpha: sessionRecord({ ticks: ['study alpha'] }) } }), null, '2026-12-05'],
    ['an instant before 04:00 belongs to the day before', stateOf({ sessions: { alpha: doneRecord('2026-12-02', {}, '01:30') } }), '2026-12-01', '2026-12-01'],
  ])('%s', (_name, state, first, start) => {
    expect(firstStudyDay(plan, state, 4)).toBe(first);
    expect(scheduleStart(plan, state, '2026-12-05', 4)).toBe(start);
  });

  it('takes the study day of the earliest instant, not the earliest calendar date written', () => {
    // beta at 03:00 on the 3rd belongs to the 2nd; alpha, at 23:30 on the 2nd, came before it.
    const state = stateOf({ sessions: { beta: doneRecord('2026-12-03', {}, '03:00'), alpha: doneRecord('2026-12-02', {}, '23:30') } });
    expect(firstStudyDay(plan, state, 4)).toBe('2026-12-02');
    // An instant written with another offset is the same instant.
    const utc = stateOf({ sessions: { alpha: doneRecord('2026-12-02', { completedAt: new Date(2026, 11, 2, 10).toISOString() }) } });
    expect(firstStudyDay(plan, utc, 4)).toBe('2026-12-02');
  });

  it('finds the earliest instant whatever the offsets and forms it is written in (text comparison only within one offset)', () => {
    const offsets = ['+00:00', '+05:30', '-08:00', '+14:00', '-00:30'];
    const instant = fc.oneof(
      fc.record({ day: fc.integer({ min: 1, max: 4 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), offset: fc.constantFrom(...offsets) }).map(
        ({ day, hour, minute, offset }) => `2026-12-0${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00${offset}`,
      ),
      fc.integer({ min: 0, max: 4 * 86_400 }).map((seconds) => new Date(Date.UTC(2026, 11, 1) + seconds * 1000).toISOString()),
    );
    const earliest = (instants: string[]): number => Math.min(...instants.map((text) => Date.parse(text)));
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 4 }), (instants) => {
        // The instants as the items' starts, and (the first three) as the sessions' finishes.
        const itemIds = ['session:alpha', 'keypoint:one', 'session:beta', 'session:gamma'];
        const items = Object.fromEntries(instants.map((createdAt, index) => [itemIds[index]!, itemRecord('2026-12-09', { createdAt })]));
        const sessions = Object.fromEntries(instants.slice(0, 3).map((completedAt, index) => [['alpha', 'beta', 'gamma'][index]!, doneRecord('2026-12-01', { completedAt })]));
        for (const [state, used] of [
          [stateOf({ items }), instants],
          [stateOf({ sessions }), instants.slice(0, 3)],
        ] as const) {
          expect(firstStudyDay(plan, state, 4)).toBe(studyDay(new Date(earliest([...used])), 4));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildSchedule', () => {
  it('maps plan day N to start + N - 1 and flags sessions past their date as behind', () => {
    const state = stateOf({ meta: { startDate: '2026-12-01', lab: '2026-12-06' }, sessions: { alpha: doneRecord('2026-12-01') } });
    const schedule = buildSchedule(plan, state, '2026-12-03', 4);
    expect([schedule.start, schedule.startFrom, schedule.today, schedule.lab]).toEqual(['2026-12-01', 'stored', '2026-12-03', '2026-12-06']);
    expect(schedule.days.map((day) => [day.day, day.date, day.isToday])).toEqual([
      [1, '2026-12-01', false],
      [3, '2026-12-03', true],
    ]);
    expect(schedule.days[0]?.sessions.map((session) => [session.id, session.number, session.status, session.behind, session.daysBehind, session.minutes])).toEqual([
      ['alpha', 1, 'done', false, 0, 60],
      ['beta', 2, 'todo', true, 2, 30],
    ]);
    expect(schedule.days[1]?.sessions[0]).toMatchObject({ id: 'gamma', status: 'todo', behind: false, daysBehind: 0 });
  });

  it('starts on the first study day, else today', () => {
    expect(buildSchedule(plan, stateOf({ sessions: { beta: doneRecord('2026-11-30') } }), '2026-12-03', 4)).toMatchObject({ start: '2026-11-30', startFrom: 'first-study-day' });
    const fresh = buildSchedule(plan, stateOf(), '2026-12-03', 4);
    expect(fresh).toMatchObject({ start: '2026-12-03', startFrom: 'today', lab: null });
    expect(fresh.days.flatMap((day) => day.sessions).some((session) => session.behind)).toBe(false);
  });

  it('shows a session in progress as such', () => {
    const schedule = buildSchedule(plan, stateOf({ sessions: { gamma: sessionRecord({ ticks: ['study gamma'] }) } }), '2026-12-03', 4);
    expect(schedule.days[1]?.sessions[0]?.status).toBe('in-progress');
  });

  it('daysBehind is 0 for a done session and counts calendar days for one left', () => {
    const sessions = stateOf({ sessions: { alpha: doneRecord('2026-12-09') } }).sessions;
    expect(daysBehind(plan.sessions[0]!, sessions, '2026-12-01', '2026-12-10')).toBe(0);
    expect(daysBehind(plan.sessions[2]!, sessions, '2026-12-01', '2026-12-10')).toBe(7);
    expect(daysBehind(plan.sessions[2]!, sessions, '2026-12-01', '2026-12-02')).toBe(0);
  });
});

describe('activityDays', () => {
  it('collects the study days of finished sessions and of reviews, for the plan only when asked', () => {
    const state = stateOf({ sessions: { alpha: doneRecord('2026-12-01'), retired: doneRecord('2026-11-20'), beta: sessionRecord() } });
    const reviews = [
      { item: 'keypoint:one', at: localInstant('2026-12-03', '02:00') },
      { item: 'term:gone', at: localInstant('2026-11-21') },
      { item: 'keypoint:one', at: 'garbage' },
    ];
    expect([...activityDays(state.sessions, reviews, 4)].sort()).toEqual(['2026-11-20', '2026-11-21', '2026-12-01', '2026-12-02']);
    expect([...activityDays(state.sessions, reviews, 4, plan)].sort()).toEqual(['2026-12-01', '2026-12-02']);
  });
});
