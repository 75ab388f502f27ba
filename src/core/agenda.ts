import { daysBetween, parseInstant, shiftDay, studyDay, type Day } from './dates.ts';
import type { Plan, PlanSession } from './plan.ts';
import { sessionStatus, type PlanProgress, type ReviewLogEntry, type SessionStatus } from './progress.ts';
import { reviewItemTitle } from './reviews.ts';

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

/** What telling the days of study needs: the sessions and the reviews (their items and times). */
export type StudyRecord = Pick<PlanProgress, 'sessions'> & { reviewLog: readonly Pick<ReviewLogEntry, 'item' | 'at'>[] };

/**
 * The study days on which something was done: a session finished or a review made. Records whose
 * session left the plan count too (it was still study), unless `plan` limits them to its own.
 */
export function activityDays(progress: StudyRecord, dayStartHour: number, plan?: Plan): Set<Day> {
  const days = new Set<Day>();
  const add = (instant: string | null | undefined): void => {
    const date = instant ? parseInstant(instant) : null;
    if (date) days.add(studyDay(date, dayStartHour));
  };
  const sessionIds = plan ? new Set(plan.sessions.map((session) => session.id)) : null;
  for (const [id, record] of Object.entries(progress.sessions)) if (!sessionIds || sessionIds.has(id)) add(record.completedAt);
  for (const entry of progress.reviewLog) if (!plan || reviewItemTitle(plan, entry.item)) add(entry.at);
  return days;
}

/** The first study day on which something of this plan was done; null when nothing was. */
function firstStudyDay(plan: Plan, progress: StudyRecord, dayStartHour: number): Day | null {
  // The study day of the earliest instant: days only grow with time, so one day is computed, not
  // one per record of a long review log.
  let first: Date | null = null;
  const consider = (instant: string | null | undefined): void => {
    const date = instant ? parseInstant(instant) : null;
    if (date && (first === null || date < first)) first = date;
  };
  const sessionIds = new Set(plan.sessions.map((session) => session.id));
  for (const [id, record] of Object.entries(progress.sessions)) if (sessionIds.has(id)) consider(record.completedAt);
  for (const entry of progress.reviewLog) if (reviewItemTitle(plan, entry.item)) consider(entry.at);
  return first === null ? null : studyDay(first, dayStartHour);
}

/** The schedule's start: the stored one, else the first day something was done, else today. */
export function scheduleStart(plan: Plan, progress: StudyRecord & Pick<PlanProgress, 'startDate'>, today: Day, dayStartHour: number): Day {
  return progress.startDate ?? firstStudyDay(plan, progress, dayStartHour) ?? today;
}

/** The calendar date of a plan day: day 1 is the start date, day N is N - 1 days later. */
export function dateOfPlanDay(start: Day, day: number): Day {
  return shiftDay(start, day - 1);
}

/** How many days a session is behind its scheduled date (0 when done, due today or later). */
export function daysBehind(session: PlanSession, progress: Pick<PlanProgress, 'sessions'>, start: Day, today: Day): number {
  if (progress.sessions[session.id]?.completedAt) return 0;
  return Math.max(0, daysBetween(dateOfPlanDay(start, session.day), today));
}

/** Maps the plan's days to calendar dates from the start date and marks what is done, today and behind. */
export function buildSchedule(plan: Plan, progress: PlanProgress, today: Day, dayStartHour: number): Schedule {
  const first = progress.startDate ? null : firstStudyDay(plan, progress, dayStartHour);
  const start = progress.startDate ?? first ?? today;
  const startFrom = progress.startDate ? 'stored' : first ? 'first-study-day' : 'today';
  const days: ScheduledDay[] = [];
  for (const session of plan.sessions) {
    let entry = days.at(-1);
    if (!entry || entry.day !== session.day) {
      const date = dateOfPlanDay(start, session.day);
      entry = { day: session.day, date, isToday: date === today, sessions: [] };
      days.push(entry);
    }
    const behind = daysBehind(session, progress, start, today);
    entry.sessions.push({
      id: session.id,
      number: session.number,
      title: session.title,
      minutes: session.minutes,
      status: sessionStatus(session, progress.sessions[session.id]),
      behind: behind > 0,
      daysBehind: behind,
    });
  }
  return { start, startFrom, today, days, lab: progress.lab };
}
