import { isReview, type ReviewEvent } from '../core/events.ts';
import { dueDays, planFigures } from '../core/overview.ts';
import { daysBetween } from '../core/dates.ts';
import { buildStatus, studyStreak, type StatusReport } from '../core/status.ts';
import { dict, type SessionRecord } from '../core/records.ts';
import type { Context } from '../context.ts';
import { renderStatus, renderStatusAll, type StatusAllPlan, type StatusAllResult } from '../ui/status.ts';
import { present } from './shared.ts';
import { readStoredPlans } from './stored-plans.ts';

export interface StatusOptions {
  /** Every plan of the store, not only the current one. */
  all?: boolean;
}

/** The review answers of a plan that count (practice answers changed no schedule). */
function countedReviews(context: Context, planId: string): ReviewEvent[] {
  return context.store.readHistory(planId, { reviewsOnly: true }).filter((event): event is ReviewEvent => isReview(event) && !event.practice);
}

/** Where you stand in the current plan (the SPEC's `status --json`). */
export function computeStatus(context: Context): StatusReport {
  const plan = context.plan();
  const state = context.readState();
  return buildStatus(plan, state, countedReviews(context, plan.id), context.today(), context.dayStartHour);
}

/** Where you stand in every plan of the store: a plan without its file, from its records alone. */
export async function computeStatusAll(context: Context): Promise<StatusAllResult> {
  const today = context.today();
  const everySession = dict<SessionRecord>();
  const everyReview: ReviewEvent[] = [];
  const plans = (await readStoredPlans(context)).map((entry): StatusAllPlan => {
    const reviews = countedReviews(context, entry.id);
    everyReview.push(...reviews);
    for (const [id, record] of Object.entries(entry.state.sessions)) everySession[`${entry.id}/${id}`] = record;
    const base = { plan: { id: entry.id, title: entry.title }, current: entry.current, file: entry.file, fileState: entry.fileState };
    const lab = entry.state.meta.lab ? { date: entry.state.meta.lab, daysLeft: daysBetween(today, entry.state.meta.lab) } : null;
    if (entry.plan) {
      const report = buildStatus(entry.plan, entry.state, reviews, today, context.dayStartHour);
      const { done, total, minutesPlanned, minutesSpent } = report.progress;
      return { ...base, progress: { done, total, minutesPlanned, minutesSpent }, reviews: report.reviews, streak: report.streak, lab };
    }
    const figures = planFigures(null, entry.state, today);
    const days = dueDays(null, entry.state, today).sort();
    return {
      ...base,
      progress: { done: figures.done, total: null, minutesPlanned: null, minutesSpent: figures.minutesSpent },
      reviews: { due: figures.reviewsDue, done: reviews.length, next: days[0] ?? null },
      streak: studyStreak(entry.state.sessions, reviews, today, context.dayStartHour),
      lab,
    };
  });
  return { today, plans, streak: studyStreak(everySession, everyReview, today, context.dayStartHour) };
}

/** `status`: where you stand: progress per day, time, reviews, streak, lab readiness, orphans; `--all`: every plan in short. */
export async function runStatus(context: Context, options: StatusOptions = {}): Promise<void> {
  if (options.all) {
    // Not offered to the cache of views: it comes from every plan's records and files.
    present(context, await computeStatusAll(context), (result) => result, renderStatusAll);
    return;
  }
  present(context, computeStatus(context), (report) => report, renderStatus);
  context.offerView({ journal: true });
}
