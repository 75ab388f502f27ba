import { isReview, type ReviewEvent } from '../core/events.ts';
import { buildStatus, type StatusReport } from '../core/status.ts';
import type { Context } from '../context.ts';
import { renderStatus } from '../ui/status.ts';
import { present } from './shared.ts';

/** Where you stand in the current plan (the SPEC's `status --json`). */
export function computeStatus(context: Context): StatusReport {
  const plan = context.plan();
  const state = context.readState();
  // Practice answers are logged but are not reviews that count: the schedule ignored them.
  const reviews = context.store.readHistory(plan.id, { reviewsOnly: true }).filter((event): event is ReviewEvent => isReview(event) && !event.practice);
  return buildStatus(plan, state, reviews, context.today(), context.dayStartHour);
}

/** `status`: where you stand: progress per day, time, reviews, streak, lab readiness, orphans. */
export async function runStatus(context: Context): Promise<void> {
  present(context, computeStatus(context), (report) => report, renderStatus);
  context.offerView({ journal: true });
}
