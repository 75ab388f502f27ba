import { listReviewItems } from '../core/reviews.ts';
import type { Context } from '../context.ts';
import { loadEveryPlan } from '../lazy.ts';
import { renderDue, renderDueAll, type DueResult } from '../ui/due.ts';
import { present } from './shared.ts';

export interface DueOptions {
  /** Also list the items due within this many days (parsed by the option's parser). */
  upcoming?: number;
  /** Every plan of the store, not only the current one. */
  all?: boolean;
}

/** The review items due now, most overdue first, and those due within `upcoming` days. */
export function computeDue(context: Context, options: DueOptions): DueResult {
  const plan = context.plan();
  const state = context.readState();
  const upcomingDays = options.upcoming ?? 0;
  return { ...listReviewItems(plan, { lab: state.meta.lab, items: state.items }, context.today(), upcomingDays), upcomingDays };
}

/** `due`: review items due now, most overdue first; `--upcoming DAYS` adds those due soon; `--all` covers every plan. */
export async function runDue(context: Context, options: DueOptions): Promise<void> {
  if (options.all) {
    // Not offered to the cache of views: it comes from every plan's records and files.
    const { computeDueAll } = await loadEveryPlan();
    present(context, await computeDueAll(context, options.upcoming ?? 0), ({ plans }) => ({ plans }), renderDueAll);
    return;
  }
  present(context, computeDue(context, options), ({ due, upcoming }) => ({ due, upcoming }), renderDue);
  context.offerView();
}
