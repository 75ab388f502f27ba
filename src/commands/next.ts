import { daysBetween } from '../core/dates.ts';
import { labOutlook } from '../core/lab.ts';
import { detailOf } from '../core/plan-outline.ts';
import { describeSession, pickNextSession, summarizeProgress } from '../core/progress.ts';
import { listReviewItems } from '../core/reviews.ts';
import { dateOfPlanDay, daysBehind, scheduleStart } from '../core/schedule.ts';
import { describeRunningClock } from '../core/study-clock.ts';
import type { Context } from '../context.ts';
import { renderNext, type NextResult } from '../ui/next.ts';
import { present } from './shared.ts';

/** `next --json`: the SPEC shape. */
export const nextJson = (result: NextResult): unknown => ({ session: result.session, reviewsDue: result.reviewsDue, lab: result.lab });

/** What to study now: the first session not done, the reviews due, the lab countdown. */
export function computeNext(context: Context): NextResult {
  const plan = context.plan();
  const state = context.readState();
  const today = context.today();
  const next = pickNextSession(plan, state.sessions);
  const { due } = listReviewItems(plan, { lab: state.meta.lab, items: state.items }, today);
  let behind: NextResult['behind'] = null;
  if (next) {
    const start = scheduleStart(plan, state, today, context.dayStartHour);
    const late = daysBehind(next, state.sessions, start, today);
    if (late > 0) behind = { date: dateOfPlanDay(start, next.day), daysLate: late };
  }
  return {
    plan: { id: plan.id, title: plan.title, labTitle: plan.lab?.title ?? null, beforeLabText: plan.review.beforeLabText },
    totals: summarizeProgress(plan, state.sessions),
    session: next ? describeSession(detailOf(plan, next), state.sessions[next.id]) : null,
    behind,
    reviewsDue: due.length,
    firstDue: due.slice(0, 2),
    lab: state.meta.lab ? { date: state.meta.lab, daysLeft: daysBetween(today, state.meta.lab) } : null,
    outlook: labOutlook(plan, { sessions: state.sessions, items: state.items, lab: state.meta.lab }, today),
    clock: describeRunningClock(context.store.readRoot().clock, context.now(), context.dayStartHour, plan.id, state.sessions),
  };
}

/** `next`: the session to study now with its checklist, the reviews due and the lab countdown. */
export async function runNext(context: Context): Promise<void> {
  const result = computeNext(context);
  present(context, result, nextJson, renderNext);
  // A running clock's minutes change by the minute: that view is not kept.
  if (!result.clock) context.offerView();
}
