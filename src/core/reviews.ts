import { daysBetween, shiftDay, type Day } from './dates.ts';
import type { Plan } from './plan.ts';
import { splitItemId, type PlanProgress, type ReviewItemRecord } from './progress.ts';

export type ReviewKind = 'session' | 'keypoint' | 'term';

/** The SPEC's `ReviewItem` JSON shape. */
export interface ReviewItemView {
  id: string;
  kind: ReviewKind;
  title: string;
  due: Day;
  overdueDays: number;
}

/** The plan's title for a review item id; null when the plan no longer has it. */
export function reviewItemTitle(plan: Plan, itemId: string): { kind: ReviewKind; title: string } | null {
  const [kind, id] = splitItemId(itemId);
  if (kind === 'session') {
    const session = plan.sessions.find((candidate) => candidate.id === id);
    return session ? { kind, title: session.title } : null;
  }
  if (kind === 'keypoint') {
    const point = plan.keyPoints.find((candidate) => candidate.id === id);
    return point ? { kind, title: point.title } : null;
  }
  if (kind === 'term') {
    const term = plan.terms.find((candidate) => candidate.id === id);
    return term ? { kind, title: term.term } : null;
  }
  return null;
}

/**
 * An item's effective due day (SPEC §4): with a lab date ahead and `beforeLab`, the earlier of its
 * own due day and the day before the lab. An item reviewed on or after that day has met the cap,
 * and once the lab is past the cap no longer applies.
 */
export function effectiveDue(item: ReviewItemRecord, plan: Plan, lab: Day | null, today: Day): Day {
  if (!lab || !plan.review.beforeLab || lab < today) return item.due;
  const dayBeforeLab = shiftDay(lab, -1);
  const lastReview = item.card?.last_review ?? null;
  if (lastReview !== null && lastReview >= dayBeforeLab) return item.due;
  return dayBeforeLab < item.due ? dayBeforeLab : item.due;
}

/**
 * Review items of the plan due on or before `today` (most overdue first) and, with `upcomingDays`,
 * those due within that many days after it (soonest first). Items whose id left the plan are skipped.
 */
export function listReviewItems(plan: Plan, progress: PlanProgress, today: Day, upcomingDays = 0): { due: ReviewItemView[]; upcoming: ReviewItemView[] } {
  const due: ReviewItemView[] = [];
  const upcoming: ReviewItemView[] = [];
  const horizon = shiftDay(today, upcomingDays);
  const kindOrder: Record<ReviewKind, number> = { session: 0, keypoint: 1, term: 2 };
  for (const [id, item] of Object.entries(progress.reviewItems)) {
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    const day = effectiveDue(item, plan, progress.lab, today);
    // String comparison is calendar order for YYYY-MM-DD.
    if (day <= today) {
      due.push({ id, ...described, due: day, overdueDays: daysBetween(day, today) });
    } else if (upcomingDays > 0 && day <= horizon) {
      upcoming.push({ id, ...described, due: day, overdueDays: 0 });
    }
  }
  const byDay = (a: ReviewItemView, b: ReviewItemView): number =>
    a.due.localeCompare(b.due) || kindOrder[a.kind] - kindOrder[b.kind] || a.id.localeCompare(b.id);
  due.sort(byDay);
  upcoming.sort(byDay);
  return { due, upcoming };
}
