import { detailOf } from '../core/plan-outline.ts';
import { describeSession } from '../core/progress.ts';
import { effectiveDue } from '../core/reviews.ts';
import { describeRunningClock } from '../core/study-clock.ts';
import type { Context } from '../context.ts';
import { renderShow, type ShowResult } from '../ui/show.ts';
import { present, resolveSession } from './shared.ts';

/** One session in full, with what is recorded for it and the review dates of its items. */
export function computeShow(context: Context, reference: string): ShowResult {
  const plan = context.plan();
  const session = resolveSession(plan, reference, context.suggest);
  const state = context.readState();
  const today = context.today();
  const reviews = Object.entries(state.items)
    .filter(([, item]) => item.source === session.id)
    .map(([id, item]) => ({ id, due: effectiveDue(item, plan, state.meta.lab, today) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const record = state.sessions[session.id];
  return {
    session: describeSession(detailOf(plan, session), record),
    summaryPrompt: plan.review.summaryPrompt,
    reviews,
    planId: plan.id,
    clockedMinutes: record && !record.completedAt ? record.clockedMinutes : 0,
    clock: describeRunningClock(context.store.readRoot().clock, context.now(), context.dayStartHour, plan.id, state.sessions),
  };
}

/** `show <session>`: one session in full, with what the user recorded and its review dates. */
export async function runShow(context: Context, reference: string): Promise<void> {
  const result = computeShow(context, reference);
  present(context, result, (shown) => shown.session, renderShow);
  // A running clock's minutes change by the minute: that view is not kept.
  if (!result.clock) context.offerView();
}
