import { dueItems } from '../core/overview.ts';
import { listReviewItems } from '../core/reviews.ts';
import type { Context } from '../context.ts';
import { renderDue, renderDueAll, type DueAllResult, type DueResult } from '../ui/due.ts';
import { present } from './shared.ts';
import { readStoredPlans } from './stored-plans.ts';

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

/** The review items due in every plan of the store; a plan without its file lists its items by id. */
export async function computeDueAll(context: Context, options: DueOptions): Promise<DueAllResult> {
  const upcomingDays = options.upcoming ?? 0;
  const today = context.today();
  const plans = (await readStoredPlans(context)).map((entry) => ({
    plan: { id: entry.id, title: entry.title },
    current: entry.current,
    file: entry.file,
    fileState: entry.fileState,
    ...dueItems(entry.plan, entry.state, today, upcomingDays),
  }));
  return { plans, upcomingDays };
}

/** `due`: review items due now, most overdue first; `--upcoming DAYS` adds those due soon; `--all` covers every plan. */
export async function runDue(context: Context, options: DueOptions): Promise<void> {
  if (options.all) {
    // Not offered to the cache of views: it comes from every plan's records and files.
    present(context, await computeDueAll(context, options), ({ plans }) => ({ plans }), renderDueAll);
    return;
  }
  present(context, computeDue(context, options), ({ due, upcoming }) => ({ due, upcoming }), renderDue);
  context.offerView();
}
