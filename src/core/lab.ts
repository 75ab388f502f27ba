import { daysBetween, type Day } from './dates.ts';
import type { Plan } from './plan.ts';
import type { Dict, SessionRecord } from './records.ts';
import { countReviewItems, type DueFacts } from './reviews.ts';

/** Where the user stands against the lab date. */
export interface LabOutlook {
  date: Day;
  /** Calendar days from today to the lab (0 on the lab day, negative after it). */
  daysLeft: number;
  /** The lab day is behind us: nothing is left to do before it, and it caps no due day. */
  passed: boolean;
  sessionsLeft: number;
  minutesLeft: number;
  /** Plan days still to study, at the plan's pace (one plan day per calendar day). */
  studyDaysLeft: number;
  /** Review items due on or before the day before the lab (none once it has passed). */
  reviewsLeft: number;
  /** Whether the sessions left fit in the days before the lab at the plan's pace. */
  fits: boolean;
}

/** The sessions not done yet, their planned minutes, and the plan days they take at the plan's pace. */
export function workLeft(plan: Plan, sessions: Dict<SessionRecord>): { sessionsLeft: number; minutesLeft: number; studyDaysLeft: number } {
  const left = plan.sessions.filter((session) => !(Object.hasOwn(sessions, session.id) && sessions[session.id]?.completedAt));
  return { sessionsLeft: left.length, minutesLeft: left.reduce((sum, session) => sum + session.minutes, 0), studyDaysLeft: new Set(left.map((session) => session.day)).size };
}

/** The lab countdown: days, sessions and minutes left, reviews left, and whether it all fits. */
export function labOutlook(
  plan: Plan,
  state: { sessions: Dict<SessionRecord>; items: Dict<DueFacts>; lab: Day | null },
  today: Day,
): LabOutlook | null {
  if (!state.lab) return null;
  const daysLeft = daysBetween(today, state.lab);
  const { sessionsLeft, minutesLeft, studyDaysLeft } = workLeft(plan, state.sessions);
  const passed = daysLeft < 0;
  const { due, upcoming } = passed ? { due: 0, upcoming: 0 } : countReviewItems(plan, state, today, Math.max(0, daysLeft - 1));
  return {
    date: state.lab,
    daysLeft,
    passed,
    sessionsLeft,
    minutesLeft,
    studyDaysLeft,
    reviewsLeft: due + upcoming,
    // Today counts as a study day; the lab day itself does not.
    fits: studyDaysLeft <= Math.max(0, daysLeft),
  };
}
