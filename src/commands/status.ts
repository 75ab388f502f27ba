import { buildStatus, type StatusReport } from '../core/status.ts';
import { describeRunningClock } from '../core/study-clock.ts';
import type { Context } from '../context.ts';
import { loadEveryPlan } from '../lazy.ts';
import { renderStatus, renderStatusAll } from '../ui/status.ts';
import { present } from './shared.ts';

export interface StatusOptions {
  /** Every plan of the store, not only the current one. */
  all?: boolean;
}


/** Where you stand in the current plan (the SPEC's `status --json`). */
export function computeStatus(context: Context): StatusReport {
  const plan = context.plan();
  const state = context.readState();
  const report = buildStatus(plan, state, context.store.countedReviews(plan.id), context.today(), context.dayStartHour);
  report.clock = describeRunningClock(context.store.readRoot().clock, context.now(), context.dayStartHour, plan.id, state.sessions);
  return report;
}

/** `status`: where you stand: progress per day, time, reviews, streak, lab readiness, orphans; `--all`: every plan in short. */
export async function runStatus(context: Context, options: StatusOptions = {}): Promise<void> {
  if (options.all) {
    // Not offered to the cache of views: it comes from every plan's records and files.
    const { computeStatusAll } = await loadEveryPlan();
    present(context, await computeStatusAll(context), (result) => result, renderStatusAll);
    return;
  }
  const report = computeStatus(context);
  present(context, report, (shown) => shown, renderStatus);
  // A running clock's minutes change by the minute: that view is not kept.
  if (!report.clock) context.offerView({ journal: true });
}
