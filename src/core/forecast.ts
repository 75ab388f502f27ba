import { daysBetween, type Day } from './dates.ts';
import { retrievabilityOn, scheduleReview } from './fsrs.ts';
import type { Plan } from './plan.ts';
import type { Dict, ItemRecord } from './records.ts';
import { dueRule, reviewItemTitle, type ReviewKind } from './reviews.ts';

// The lab forecast (SPEC §7): how likely each learned item is to be recalled on the lab day if it
// is not reviewed again (FSRS retrievability from its stability and its last review, whole days),
// how ready that makes you, and the review that lifts the weakest.

/** How many of the weakest items the forecast works out the lift of (what `lab` and `status` show). */
export const WEAKEST_SHOWN = 5;

export interface ForecastItem {
  id: string;
  kind: ReviewKind;
  title: string;
  /** The probability of recalling it on the lab day, with no review before then. */
  recallOnLabDay: number;
  /** Its effective due day (the lab cap applied). */
  due: Day;
  /** Due today or before: review it now. */
  dueNow: boolean;
  /** Days past its due day (0 when due today or later). */
  overdueDays: number;
  /** The recall on the lab day after a good answer on its due day (today when due now); worked out for the weakest only. */
  afterReview: number | null;
}

export interface LabForecast {
  lab: Day;
  /** The mean recall on the lab day over the learned items. */
  readiness: number;
  /** The share of learned items at or above the target. */
  atTarget: number;
  /** The plan's target recall (`review.retention`). */
  target: number;
  /** Learned items (reviewed at least once), weakest first. */
  items: ForecastItem[];
  /** The weakest items below the target (at most WEAKEST_SHOWN), with what lifts each. */
  weakest: ForecastItem[];
  /** Review items started but not yet reviewed: nothing to forecast from. */
  notYetReviewed: number;
}

/**
 * The forecast for a lab on or after today; null without a lab date or once it has passed. Items
 * the plan no longer has are left out; so are items never reviewed (counted in `notYetReviewed`).
 */
export function labForecast(plan: Plan, state: { items: Dict<ItemRecord>; lab: Day | null }, today: Day): LabForecast | null {
  const lab = state.lab;
  if (lab === null || lab < today) return null;
  const target = plan.review.retention;
  const items: ForecastItem[] = [];
  let notYetReviewed = 0;
  const dueOf = dueRule(plan, lab, today);
  for (const id in state.items) {
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    const item = state.items[id]!;
    const recall = retrievabilityOn(item.card, lab);
    if (recall === null) {
      notYetReviewed += 1;
      continue;
    }
    const due = dueOf(item);
    const dueNow = due <= today;
    items.push({ id, kind: described.kind, title: described.title, recallOnLabDay: recall, due, dueNow, overdueDays: dueNow ? daysBetween(due, today) : 0, afterReview: null });
  }
  items.sort((a, b) => a.recallOnLabDay - b.recallOnLabDay || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const weakest = items.filter((entry) => entry.recallOnLabDay < target).slice(0, WEAKEST_SHOWN).map((entry) => ({ ...entry, afterReview: recallAfterReview(state.items[entry.id]!, entry, lab, today, target) }));
  const readiness = items.length === 0 ? 0 : items.reduce((sum, entry) => sum + entry.recallOnLabDay, 0) / items.length;
  const atTarget = items.length === 0 ? 0 : items.filter((entry) => entry.recallOnLabDay >= target).length / items.length;
  return { lab, readiness, atTarget, target, items, weakest, notYetReviewed };
}

/** The recall on the lab day after a good answer on the item's due day (or today, when it is due now). */
function recallAfterReview(item: ItemRecord, entry: ForecastItem, lab: Day, today: Day, retention: number): number | null {
  const reviewDay = entry.dueNow ? today : entry.due;
  if (daysBetween(reviewDay, lab) < 0) return null;
  const next = scheduleReview(item.card, item.due, 'good', reviewDay, retention);
  return retrievabilityOn(next.card, lab);
}

/** The forecast as the SPEC's JSON gives it (`lab --json`, `status --json`): null when there is nothing to forecast. */
export interface ForecastSummary {
  readiness: number;
  atTarget: number;
  target: number;
  items: { id: string; title: string; recallOnLabDay: number; due: Day }[];
}

/** The SPEC's forecast shape, or null without a lab ahead or with no item reviewed yet. */
export function summarizeForecast(forecast: LabForecast | null): ForecastSummary | null {
  if (!forecast || forecast.items.length === 0) return null;
  return {
    readiness: forecast.readiness,
    atTarget: forecast.atTarget,
    target: forecast.target,
    items: forecast.items.map(({ id, title, recallOnLabDay, due }) => ({ id, title, recallOnLabDay, due })),
  };
}
