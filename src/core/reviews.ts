import { daysBetween, shiftDay, type Day } from './dates.ts';
import { scheduleReview } from './fsrs.ts';
import { RATINGS, splitItemId, type CardState, type Rating } from './records.ts';
import type { Plan } from './plan.ts';

export type ReviewKind = 'session' | 'keypoint' | 'term';

/** The SPEC's `ReviewItem` JSON shape. */
export interface ReviewItemView {
  id: string;
  kind: ReviewKind;
  title: string;
  due: Day;
  overdueDays: number;
}

type ItemTitle = Readonly<{ kind: ReviewKind; title: string }>;

/** Every review item id a plan can have, with its title; built once per plan. */
const itemTitles = new WeakMap<Plan, Map<string, ItemTitle>>();

function titlesOf(plan: Plan): Map<string, ItemTitle> {
  let titles = itemTitles.get(plan);
  if (!titles) {
    titles = new Map();
    for (const session of plan.sessions) titles.set(`session:${session.id}`, { kind: 'session', title: session.title });
    for (const point of plan.keyPoints) titles.set(`keypoint:${point.id}`, { kind: 'keypoint', title: point.title });
    for (const term of plan.terms) titles.set(`term:${term.id}`, { kind: 'term', title: term.term });
    itemTitles.set(plan, titles);
  }
  return titles;
}

/** The plan's title for a review item id; null when the plan no longer has it. */
export function reviewItemTitle(plan: Plan, itemId: string): ItemTitle | null {
  return titlesOf(plan).get(itemId) ?? null;
}

/** What deciding when an item is due needs: its own due day and its last review (a review item has both). */
export interface DueFacts {
  due: Day;
  card: { last_review: Day | null } | null;
}

/**
 * An item's effective due day (SPEC §4): with a lab date ahead and `beforeLab`, the earlier of its
 * own due day and the day before the lab. An item reviewed on or after that day has met the cap,
 * and once the lab is past the cap no longer applies.
 */
export function effectiveDue(item: DueFacts, plan: { review: { beforeLab: boolean } }, lab: Day | null, today: Day): Day {
  return cappedDue(item, labCap(plan, lab, today));
}

/** effectiveDue for many items of one plan on one day: the lab's cap worked out once, not once an item. */
export function dueRule(plan: { review: { beforeLab: boolean } }, lab: Day | null, today: Day): (item: DueFacts) => Day {
  const cap = labCap(plan, lab, today);
  return (item) => cappedDue(item, cap);
}

/** The day before the lab when items are due by then, else null. */
function labCap(plan: { review: { beforeLab: boolean } }, lab: Day | null, today: Day): Day | null {
  return lab && plan.review.beforeLab && lab >= today ? shiftDay(lab, -1) : null;
}

function cappedDue(item: DueFacts, dayBeforeLab: Day | null): Day {
  if (dayBeforeLab === null) return item.due;
  const lastReview = item.card?.last_review ?? null;
  if (lastReview !== null && lastReview >= dayBeforeLab) return item.due;
  return dayBeforeLab < item.due ? dayBeforeLab : item.due;
}

/**
 * How many review items of the plan are due on or before `today`, and how many within `upcomingDays`
 * after it: what listReviewItems would list, counted without listing or sorting them.
 */
export function countReviewItems(
  plan: Plan,
  state: { lab: Day | null; items: Record<string, DueFacts> },
  today: Day,
  upcomingDays = 0,
): { due: number; upcoming: number } {
  const horizon = shiftDay(today, upcomingDays);
  const cap = labCap(plan, state.lab, today);
  let due = 0;
  let upcoming = 0;
  // for...in rather than Object.entries: no pair array per item, over thousands of items.
  const items = state.items;
  for (const id in items) {
    const day = cappedDue(items[id]!, cap);
    const isDue = day <= today;
    if (!isDue && !(upcomingDays > 0 && day <= horizon)) continue;
    if (!reviewItemTitle(plan, id)) continue;
    if (isDue) due += 1;
    else upcoming += 1;
  }
  return { due, upcoming };
}

/**
 * Review items of the plan due on or before `today` (most overdue first) and, with `upcomingDays`,
 * those due within that many days after it (soonest first). Items whose id left the plan are skipped.
 */
export function listReviewItems(
  plan: Plan,
  state: { lab: Day | null; items: Record<string, DueFacts> },
  today: Day,
  upcomingDays = 0,
): { due: ReviewItemView[]; upcoming: ReviewItemView[] } {
  const due: ReviewItemView[] = [];
  const upcoming: ReviewItemView[] = [];
  const horizon = shiftDay(today, upcomingDays);
  const kindOrder: Record<ReviewKind, number> = { session: 0, keypoint: 1, term: 2 };
  const cap = labCap(plan, state.lab, today);
  // Many items share a due day: count the days between each of them and today once.
  const overdue = new Map<Day, number>();
  const items = state.items;
  for (const id in items) {
    const day = cappedDue(items[id]!, cap);
    // String comparison is calendar order for YYYY-MM-DD. Only items due now or soon are looked up.
    const isDue = day <= today;
    if (!isDue && !(upcomingDays > 0 && day <= horizon)) continue;
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    let overdueDays = 0;
    if (isDue) {
      const known = overdue.get(day);
      overdueDays = known ?? daysBetween(day, today);
      if (known === undefined) overdue.set(day, overdueDays);
    }
    (isDue ? due : upcoming).push({ id, kind: described.kind, title: described.title, due: day, overdueDays });
  }
  // Plain string order: days are YYYY-MM-DD, and ids listed here are slugs of the plan, whose
  // code-unit order is their collation order; setting up a locale collator costs milliseconds.
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const byDay = (a: ReviewItemView, b: ReviewItemView): number => order(a.due, b.due) || kindOrder[a.kind] - kindOrder[b.kind] || order(a.id, b.id);
  due.sort(byDay);
  upcoming.sort(byDay);
  return { due, upcoming };
}

/** The plan's text for a review item: a key point's text, a term's meaning; null for a session or an item the plan lost. */
export function reviewItemAnswer(plan: Plan, itemId: string): string | null {
  const [kind, id] = splitItemId(itemId);
  if (kind === 'keypoint') return plan.keyPoints.find((point) => point.id === id)?.text ?? null;
  if (kind === 'term') return plan.terms.find((term) => term.id === id)?.text ?? null;
  return null;
}

/** What one answer would do to an item: the day it would really be due, and whether the lab brought that day forward. */
export interface AnswerPreview {
  rating: Rating;
  /** The effective due day after this answer (the lab cap applied). */
  due: Day;
  daysUntil: number;
  /** The day FSRS itself would set. */
  ownDue: Day;
  ownDaysUntil: number;
  cappedByLab: boolean;
}

/** For each rating, the day an answer given today would set (what the review prompt offers). */
export function previewAnswers(
  item: { card: CardState | null; due: Day },
  plan: { review: { beforeLab: boolean; retention: number } },
  lab: Day | null,
  today: Day,
): Record<Rating, AnswerPreview> {
  const previews = {} as Record<Rating, AnswerPreview>;
  for (const rating of RATINGS) {
    const next = scheduleReview(item.card, item.due, rating, today, plan.review.retention);
    const due = effectiveDue({ due: next.due, card: next.card }, plan, lab, today);
    previews[rating] = { rating, due, daysUntil: daysBetween(today, due), ownDue: next.due, ownDaysUntil: daysBetween(today, next.due), cappedByLab: due < next.due };
  }
  return previews;
}

/**
 * The started review items to practise, in plan order: with `sessionId`, that session's item and
 * those of the key points and terms it lists; else every item of the plan (each session's, then
 * the terms no session lists).
 */
export function practiceItems(
  plan: Plan,
  state: { lab: Day | null; items: Record<string, DueFacts> },
  today: Day,
  sessionId: string | null = null,
): ReviewItemView[] {
  const sessions = sessionId === null ? plan.sessions : plan.sessions.filter((session) => session.id === sessionId);
  const ids = new Set<string>();
  for (const session of sessions) {
    ids.add(`session:${session.id}`);
    for (const id of session.keyPoints) ids.add(`keypoint:${id}`);
    for (const id of session.terms) ids.add(`term:${id}`);
  }
  if (sessionId === null) for (const term of plan.terms) ids.add(`term:${term.id}`);
  const cap = labCap(plan, state.lab, today);
  const items: ReviewItemView[] = [];
  for (const id of ids) {
    if (!Object.hasOwn(state.items, id)) continue;
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    const due = cappedDue(state.items[id]!, cap);
    items.push({ id, kind: described.kind, title: described.title, due, overdueDays: Math.max(0, daysBetween(due, today)) });
  }
  return items;
}
