import { daysBetween, isWrittenInstant, parseInstant, shiftDay, studyDay, timeOfInstant, type Day } from './dates.ts';
import type { Plan, PlanSession } from './plan.ts';
import { sessionStatus, type SessionStatus } from './progress.ts';
import type { Dict, ItemRecord, PlanMeta, SessionRecord } from './records.ts';
import { reviewItemTitle } from './reviews.ts';

// The plan on the calendar: plan day N falls on the start date plus N - 1 days.

/** One session placed on the calendar. */
export interface ScheduledSession {
  id: string;
  number: number;
  title: string;
  minutes: number;
  status: SessionStatus;
  /** Not done and its date has passed. */
  behind: boolean;
  /** How many days past its date (0 when not behind). */
  daysBehind: number;
}

/** One plan day on the calendar, with its sessions in study order. */
export interface ScheduledDay {
  day: number;
  date: Day;
  isToday: boolean;
  sessions: ScheduledSession[];
}

export interface Schedule {
  /** The calendar date of plan day 1. */
  start: Day;
  /** Where the start date comes from: `schedule --start`, the first day something was done, or today. */
  startFrom: 'stored' | 'first-study-day' | 'today';
  today: Day;
  days: ScheduledDay[];
  lab: Day | null;
}

/** What placing a plan on the calendar needs: its sessions, its items (when study began) and its dates. */
export interface ScheduleState {
  sessions: Dict<SessionRecord>;
  items: Dict<Pick<ItemRecord, 'createdAt'>>;
  meta: Pick<PlanMeta, 'startDate' | 'lab'>;
}

const own = <T>(records: Dict<T>, id: string): T | undefined => (Object.hasOwn(records, id) ? records[id] : undefined);

/**
 * The study days on which something was done: a session finished or a review answered. Records
 * whose session left the plan count too (it was still study), unless `plan` limits them to its own.
 */
export function activityDays(sessions: Dict<SessionRecord>, reviews: readonly { item: string; at: string }[], dayStartHour: number, plan?: Plan): Set<Day> {
  const days = new Set<Day>();
  const add = (instant: string | null | undefined): void => {
    const date = instant ? parseInstant(instant) : null;
    if (date) days.add(studyDay(date, dayStartHour));
  };
  const sessionIds = plan ? new Set(plan.sessions.map((session) => session.id)) : null;
  for (const [id, record] of Object.entries(sessions)) if (!sessionIds || sessionIds.has(id)) add(record.completedAt);
  for (const entry of reviews) if (!plan || reviewItemTitle(plan, entry.item)) add(entry.at);
  return days;
}

/**
 * The first study day of this plan: the day its earliest finished session was finished, or its
 * earliest review item started (an item outlives the session that started it when that is undone
 * and another session lists it). Null when nothing was done.
 */
export function firstStudyDay(plan: Plan, state: Pick<ScheduleState, 'sessions' | 'items'>, dayStartHour: number): Day | null {
  // The study day of the earliest instant: days only grow with time, so one day is computed.
  let first = Number.POSITIVE_INFINITY;
  // Written in the tool's form with the earliest's offset, an instant compares with it as text: one
  // that is not earlier is passed over unread (a store holds ten thousand of them).
  let firstText = '';
  let firstOffset: string | null = null;
  const notEarlier = (instant: string): boolean => firstOffset !== null && instant.length === 25 && instant >= firstText && instant.endsWith(firstOffset);
  const consider = (instant: string): void => {
    const time = timeOfInstant(instant);
    if (time < first) {
      first = time;
      firstText = instant;
      firstOffset = isWrittenInstant(instant) ? instant.slice(19) : null;
    }
  };
  for (const session of plan.sessions) {
    const done = own(state.sessions, session.id)?.completedAt;
    if (done && !notEarlier(done)) consider(done);
  }
  // An item counts only while the plan has it: looked up only when its start could be the earliest.
  const items = state.items;
  for (const id in items) {
    const createdAt = items[id]!.createdAt;
    if (!notEarlier(createdAt) && reviewItemTitle(plan, id)) consider(createdAt);
  }
  return first === Number.POSITIVE_INFINITY ? null : studyDay(new Date(first), dayStartHour);
}

/** The schedule's start: the stored one, else the first day something was done, else today. */
export function scheduleStart(plan: Plan, state: ScheduleState, today: Day, dayStartHour: number): Day {
  return state.meta.startDate ?? firstStudyDay(plan, state, dayStartHour) ?? today;
}

/** The calendar date of a plan day: day 1 is the start date, day N is N - 1 days later. */
export function dateOfPlanDay(start: Day, day: number): Day {
  return shiftDay(start, day - 1);
}

/** How many days a session is behind its scheduled date (0 when done, due today or later). */
export function daysBehind(session: PlanSession, sessions: Dict<SessionRecord>, start: Day, today: Day): number {
  if (own(sessions, session.id)?.completedAt) return 0;
  return Math.max(0, daysBetween(dateOfPlanDay(start, session.day), today));
}

/** Maps the plan's days to calendar dates from the start date and marks what is done, today and behind. */
export function buildSchedule(plan: Plan, state: ScheduleState, today: Day, dayStartHour: number): Schedule {
  const first = state.meta.startDate ? null : firstStudyDay(plan, state, dayStartHour);
  const start = state.meta.startDate ?? first ?? today;
  const startFrom = state.meta.startDate ? 'stored' : first ? 'first-study-day' : 'today';
  const days: ScheduledDay[] = [];
  // How far behind a session not done is depends on its day only: worked out once a day.
  let behindOnDay = 0;
  for (const session of plan.sessions) {
    let entry = days.at(-1);
    if (!entry || entry.day !== session.day) {
      const date = dateOfPlanDay(start, session.day);
      entry = { day: session.day, date, isToday: date === today, sessions: [] };
      days.push(entry);
      behindOnDay = Math.max(0, daysBetween(date, today));
    }
    const behind = own(state.sessions, session.id)?.completedAt ? 0 : behindOnDay;
    entry.sessions.push({
      id: session.id,
      number: session.number,
      title: session.title,
      minutes: session.minutes,
      status: sessionStatus(session, own(state.sessions, session.id)),
      behind: behind > 0,
      daysBehind: behind,
    });
  }
  return { start, startFrom, today, days, lab: state.meta.lab };
}
