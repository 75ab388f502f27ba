import { shiftDay, type Day } from './dates.ts';
import { labForecast, summarizeForecast, type ForecastSummary } from './forecast.ts';
import { labOutlook, type LabOutlook } from './lab.ts';
import type { Plan } from './plan.ts';
import { findOrphans, sessionStatus, summarizeProgress, type ProgressTotals, type SessionStatus } from './progress.ts';
import type { Dict, PlanState, SessionRecord } from './records.ts';
import { dueRule, listReviewItems, reviewItemTitle } from './reviews.ts';
import { activityDays, buildSchedule } from './schedule.ts';
import type { RunningClock } from './study-clock.ts';

export interface StatusSession {
  id: string;
  number: number;
  title: string;
  status: SessionStatus;
  minutes: number;
  minutesSpent: number | null;
  /** Minutes clocked on a session not done yet (what `done` will record). */
  clockedMinutes: number;
  behind: boolean;
}

export interface StatusDay {
  day: number;
  date: Day;
  done: number;
  total: number;
  minutesPlanned: number;
  minutesSpent: number;
  sessions: StatusSession[];
}

/** The lab countdown (as `lab` shows it), with the reviews due now and whether all is done so far. */
export interface LabReadiness extends LabOutlook {
  reviewsDue: number;
  /** Every session done and no review due now. */
  ready: boolean;
  /** The forecast of recall on the lab day (SPEC §7), null once it has passed or before any review. */
  forecast: ForecastSummary | null;
}

/** The SPEC's `status --json` shape. */
export interface StatusReport {
  plan: { id: string; title: string };
  today: Day;
  progress: ProgressTotals & { minutesLeft: number; days: StatusDay[] };
  reviews: { due: number; done: number; next: Day | null };
  streak: number;
  lab: LabReadiness | null;
  /** Records kept under ids the plan no longer has: session ids, then review item ids. */
  orphans: string[];
  /** The study clock, when one is running (in any plan). */
  clock: RunningClock | null;
}

/**
 * Consecutive study days with a finished session or a review, ending today, or yesterday when
 * nothing has been done yet today (the streak is not broken before the day is over).
 */
export function studyStreak(sessions: Dict<SessionRecord>, reviews: readonly { item: string; at: string }[], today: Day, dayStartHour: number): number {
  const days = activityDays(sessions, reviews, dayStartHour);
  let day = days.has(today) ? today : shiftDay(today, -1);
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day = shiftDay(day, -1);
  }
  return streak;
}

const own = <T>(records: Dict<T>, id: string): T | undefined => (Object.hasOwn(records, id) ? records[id] : undefined);

/**
 * Everything `status` shows: progress per day, time, reviews, streak, lab readiness and orphans.
 * `reviews` are the plan's review answers (from the journal), practice included or not as counted.
 */
export function buildStatus(plan: Plan, state: PlanState, reviews: readonly { item: string; at: string }[], today: Day, dayStartHour: number): StatusReport {
  const scheduleState = { sessions: state.sessions, items: state.items, meta: state.meta };
  const schedule = buildSchedule(plan, scheduleState, today, dayStartHour);
  const days: StatusDay[] = schedule.days.map((entry) => {
    const sessions = entry.sessions.map((scheduled): StatusSession => {
      const record = own(state.sessions, scheduled.id);
      return {
        id: scheduled.id,
        number: scheduled.number,
        title: scheduled.title,
        status: scheduled.status,
        minutes: scheduled.minutes,
        minutesSpent: record?.completedAt ? (record.minutesSpent ?? 0) : null,
        clockedMinutes: record && !record.completedAt ? record.clockedMinutes : 0,
        behind: scheduled.behind,
      };
    });
    return {
      day: entry.day,
      date: entry.date,
      done: sessions.filter((session) => session.status === 'done').length,
      total: sessions.length,
      minutesPlanned: sessions.reduce((sum, session) => sum + session.minutes, 0),
      minutesSpent: Math.round(sessions.reduce((sum, session) => sum + (session.minutesSpent ?? 0) + session.clockedMinutes, 0) * 100) / 100,
      sessions,
    };
  });
  const totals = summarizeProgress(plan, state.sessions);
  const left = plan.sessions.filter((session) => sessionStatus(session, own(state.sessions, session.id)) !== 'done');
  const minutesLeft = left.reduce((sum, session) => sum + session.minutes, 0);

  const { due } = listReviewItems(plan, { lab: state.meta.lab, items: state.items }, today);
  let next: Day | null = null;
  const dueOf = dueRule(plan, state.meta.lab, today);
  for (const [id, item] of Object.entries(state.items)) {
    if (reviewItemTitle(plan, id) === null) continue;
    const day = dueOf(item);
    if (next === null || day < next) next = day;
  }
  const outlook = labOutlook(plan, { sessions: state.sessions, items: state.items, lab: state.meta.lab }, today);
  const lab: LabReadiness | null = outlook && {
    ...outlook,
    reviewsDue: due.length,
    ready: left.length === 0 && due.length === 0,
    forecast: summarizeForecast(labForecast(plan, { items: state.items, lab: state.meta.lab }, today)),
  };

  return {
    plan: { id: plan.id, title: plan.title },
    today,
    progress: { ...totals, minutesLeft, days },
    reviews: { due: due.length, done: reviews.length, next },
    streak: studyStreak(state.sessions, reviews, today, dayStartHour),
    lab,
    orphans: findOrphans(plan, state, (id) => reviewItemTitle(plan, id) !== null),
    clock: null,
  };
}
