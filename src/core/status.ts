import { shiftDay, type Day } from './dates.ts';
import { labOutlook, type LabOutlook } from './lab.ts';
import type { Plan } from './plan.ts';
import { sessionStatus, summarizeProgress, type PlanProgress, type ProgressTotals, type SessionStatus } from './progress.ts';
import { effectiveDue, listReviewItems, reviewItemTitle } from './reviews.ts';
import { activityDays, buildSchedule } from './agenda.ts';

export interface StatusSession {
  id: string;
  number: number;
  title: string;
  status: SessionStatus;
  minutes: number;
  minutesSpent: number | null;
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
}

/**
 * Consecutive study days with a finished session or a review, ending today, or yesterday when
 * nothing has been done yet today (the streak is not broken before the day is over).
 */
export function studyStreak(progress: PlanProgress, today: Day, dayStartHour: number): number {
  const days = activityDays(progress, dayStartHour);
  let day = days.has(today) ? today : shiftDay(today, -1);
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day = shiftDay(day, -1);
  }
  return streak;
}

/** Ids with records in the progress that the plan no longer has: sessions, then review items. */
export function findOrphans(plan: Plan, progress: PlanProgress): string[] {
  const sessionIds = new Set(plan.sessions.map((session) => session.id));
  const sessions = Object.keys(progress.sessions).filter((id) => !sessionIds.has(id)).sort();
  const items = Object.keys(progress.reviewItems).filter((id) => reviewItemTitle(plan, id) === null).sort();
  return [...sessions, ...items];
}

/** Everything `status` shows: progress per day, time, reviews, streak, lab readiness and orphans. */
export function buildStatus(plan: Plan, progress: PlanProgress, today: Day, dayStartHour: number): StatusReport {
  const schedule = buildSchedule(plan, progress, today, dayStartHour);
  const days: StatusDay[] = schedule.days.map((entry) => {
    const sessions = entry.sessions.map((scheduled): StatusSession => ({
      id: scheduled.id,
      number: scheduled.number,
      title: scheduled.title,
      status: scheduled.status,
      minutes: scheduled.minutes,
      minutesSpent: progress.sessions[scheduled.id]?.completedAt ? (progress.sessions[scheduled.id]?.minutesSpent ?? 0) : null,
      behind: scheduled.behind,
    }));
    return {
      day: entry.day,
      date: entry.date,
      done: sessions.filter((session) => session.status === 'done').length,
      total: sessions.length,
      minutesPlanned: sessions.reduce((sum, session) => sum + session.minutes, 0),
      minutesSpent: sessions.reduce((sum, session) => sum + (session.minutesSpent ?? 0), 0),
      sessions,
    };
  });
  const totals = summarizeProgress(plan, progress);
  const left = plan.sessions.filter((session) => sessionStatus(session, progress.sessions[session.id]) !== 'done');
  const minutesLeft = left.reduce((sum, session) => sum + session.minutes, 0);

  const { due } = listReviewItems(plan, progress, today);
  let next: Day | null = null;
  for (const [id, item] of Object.entries(progress.reviewItems)) {
    if (reviewItemTitle(plan, id) === null) continue;
    const day = effectiveDue(item, plan, progress.lab, today);
    if (next === null || day < next) next = day;
  }
  const outlook = labOutlook(plan, progress, today);
  const lab: LabReadiness | null = outlook && { ...outlook, reviewsDue: due.length, ready: left.length === 0 && due.length === 0 };

  return {
    plan: { id: plan.id, title: plan.title },
    today,
    progress: { ...totals, minutesLeft, days },
    reviews: { due: due.length, done: progress.reviewLog.length, next },
    streak: studyStreak(progress, today, dayStartHour),
    lab,
    orphans: findOrphans(plan, progress),
  };
}
