import { daysBetween, type Day } from './dates.ts';
import type { Plan } from './plan.ts';
import { summarizeProgress } from './progress.ts';
import { splitItemId, type PlanState } from './records.ts';
import { countReviewItems, effectiveDue, listReviewItems, reviewItemTitle, type ReviewItemView, type ReviewKind } from './reviews.ts';

// What can be said of one of the store's plans, with its plan file or without it. With the plan, as
// every command says it; without (its file moved or gone), from the records alone: sessions done but
// not of how many, review items by id (their titles are in the plan), due as the plan's defaults have it.

/** Review items are due by the day before the lab unless the plan says otherwise. */
const DEFAULT_REVIEW = { review: { beforeLab: true } };

/** Sessions done (of how many, with the plan), minutes spent, review items due now. */
export interface PlanFigures {
  done: number;
  total: number | null;
  minutesPlanned: number | null;
  minutesSpent: number;
  reviewsDue: number;
}

export function planFigures(plan: Plan | null, state: PlanState, today: Day): PlanFigures {
  if (plan) {
    const totals = summarizeProgress(plan, state.sessions);
    return { ...totals, reviewsDue: countReviewItems(plan, { lab: state.meta.lab, items: state.items }, today).due };
  }
  const finished = Object.values(state.sessions).filter((record) => record.completedAt);
  return {
    done: finished.length,
    total: null,
    minutesPlanned: null,
    minutesSpent: finished.reduce((sum, record) => sum + (record.minutesSpent ?? 0), 0),
    reviewsDue: Object.values(state.items).filter((item) => effectiveDue(item, DEFAULT_REVIEW, state.meta.lab, today) <= today).length,
  };
}

const KINDS: readonly string[] = ['session', 'keypoint', 'term'];

/** The review items due now and within `upcomingDays`, as `due` lists them; without the plan, by id. */
export function dueItems(plan: Plan | null, state: PlanState, today: Day, upcomingDays: number): { due: ReviewItemView[]; upcoming: ReviewItemView[] } {
  const items = { lab: state.meta.lab, items: state.items };
  if (plan) return listReviewItems(plan, items, today, upcomingDays);
  const due: ReviewItemView[] = [];
  const upcoming: ReviewItemView[] = [];
  for (const [id, item] of Object.entries(state.items)) {
    const day = effectiveDue(item, DEFAULT_REVIEW, state.meta.lab, today);
    const days = daysBetween(day, today);
    if (days < 0 && -days > upcomingDays) continue;
    const [kind] = splitItemId(id);
    const view: ReviewItemView = { id, kind: (KINDS.includes(kind) ? kind : 'session') as ReviewKind, title: id, due: day, overdueDays: Math.max(0, days) };
    (days >= 0 ? due : upcoming).push(view);
  }
  const order = (a: ReviewItemView, b: ReviewItemView): number => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { due: due.sort(order), upcoming: upcoming.sort(order) };
}

/** The effective due days of a plan's review items (those the plan still has, with the plan). */
export function dueDays(plan: Plan | null, state: PlanState, today: Day): Day[] {
  return Object.entries(state.items)
    .filter(([id]) => !plan || reviewItemTitle(plan, id) !== null)
    .map(([, item]) => effectiveDue(item, plan ?? DEFAULT_REVIEW, state.meta.lab, today));
}
