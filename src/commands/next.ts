import { daysBetween } from '../core/dates.ts';
import { labOutlook } from '../core/lab.ts';
import { detailOf } from '../core/plan-outline.ts';
import { describeSession, pickNextSession, summarizeProgress } from '../core/progress.ts';
import { listReviewItems } from '../core/reviews.ts';
import { dateOfPlanDay, daysBehind, scheduleStart } from '../core/schedule.ts';
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
    plan: { title: plan.title, labTitle: plan.lab?.title ?? null, beforeLabText: plan.review.beforeLabText },
    totals: summarizeProgress(plan, state.sessions),
    session: next ? describeSession(detailOf(plan, next), state.sessions[next.id]) : null,
    behind,
    reviewsDue: due.length,
    firstDue: due.slice(0, 2),
    lab: state.meta.lab ? { date: state.meta.lab, daysLeft: daysBetween(today, state.meta.lab) } : null,
    outlook: labOutlook(plan, { sessions: state.sessions, items: state.items, lab: state.meta.lab }, today),
  };
}

/** `next`: the session to study now with its checklist, the reviews due and the lab countdown. */
export async function runNext(context: Context): Promise<void> {
  present(context, computeNext(context), nextJson, renderNext);
  context.offerView();
}
