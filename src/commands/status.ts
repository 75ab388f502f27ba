import { isReview, type ReviewEvent } from '../core/events.ts';
import { buildStatus, type StatusReport } from '../core/status.ts';
import { describeRunningClock } from '../core/study-clock.ts';
import type { Context } from '../context.ts';
import { renderStatus } from '../ui/status.ts';
import { present } from './shared.ts';

/** Where you stand in the current plan (the SPEC's `status --json`). */
export function computeStatus(context: Context): StatusReport {
  const plan = context.plan();
  const state = context.readState();
  // Practice answers are logged but are not reviews that count: the schedule ignored them.
  const reviews = context.store.readHistory(plan.id, { reviewsOnly: true }).filter((event): event is ReviewEvent => isReview(event) && !event.practice);
  const report = buildStatus(plan, state, reviews, context.today(), context.dayStartHour);
  report.clock = describeRunningClock(context.store.readRoot().clock, context.now(), context.dayStartHour, plan.id, state.sessions);
  return report;
}

/** `status`: where you stand: progress per day, time, reviews, streak, lab readiness, orphans. */
export async function runStatus(context: Context): Promise<void> {
  const report = computeStatus(context);
  present(context, report, (shown) => shown, renderStatus);
  // A running clock's minutes change by the minute: that view is not kept.
  if (!report.clock) context.offerView({ journal: true });
}
