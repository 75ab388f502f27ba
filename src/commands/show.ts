import { daysBetween } from '../core/dates.ts';
import { inOrderGiven, isReview } from '../core/events.ts';
import { retrievabilityOn } from '../core/fsrs.ts';
import { findShowTarget } from '../core/item-names.ts';
import { detailOf } from '../core/plan-outline.ts';
import { describeSession } from '../core/progress.ts';
import { effectiveDue, reviewItemTitle } from '../core/reviews.ts';
import { describeRunningClock } from '../core/study-clock.ts';
import { sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import { renderShow, renderShowItem, showItemJson, type ShowItemResult, type ShowResult } from '../ui/show.ts';
import { itemNameError, notStarted, present, resolveSession } from './shared.ts';

/** One session in full, with what is recorded for it and the review dates of its items. */
export function computeShow(context: Context, session: { id: string; number: number }): ShowResult {
  const plan = context.plan();
  const state = context.readState();
  const today = context.today();
  const reviews = Object.entries(state.items)
    .filter(([, item]) => item.source === session.id)
    .map(([id, item]) => ({ id, due: effectiveDue(item, plan, state.meta.lab, today) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const record = state.sessions[session.id];
  return {
    session: describeSession(detailOf(plan, plan.sessions.find((candidate) => candidate.id === session.id)!), record),
    summaryPrompt: plan.review.summaryPrompt,
    reviews,
    planId: plan.id,
    clockedMinutes: record && !record.completedAt ? record.clockedMinutes : 0,
    clock: describeRunningClock(context.store.readRoot().clock, context.now(), context.dayStartHour, plan.id, state.sessions),
  };
}

/** One review item's memory: FSRS state, recall now and on the lab day, its answers (undone ones left out). */
export function computeShowItem(context: Context, itemId: string): ShowItemResult {
  const plan = context.plan();
  const state = context.readState();
  const today = context.today();
  const described = reviewItemTitle(plan, itemId);
  const item = Object.hasOwn(state.items, itemId) ? state.items[itemId] : undefined;
  if (!described || !item) {
    throw notStarted(context, itemId);
  }
  const due = effectiveDue(item, plan, state.meta.lab, today);
  // A lab ahead (or today): once it has passed there is nothing to forecast.
  const lab = state.meta.lab !== null && state.meta.lab >= today ? state.meta.lab : null;
  const history = context.store
    .readHistory(plan.id, { reviewsOnly: true })
    .filter(isReview)
    // Answers since the item last started: a session reopened and done again starts its items afresh.
    .filter((event) => event.item === itemId && Date.parse(event.at) >= Date.parse(item.createdAt))
    // In time order: answers synced from another machine arrive in the journal later than they were given.
    .sort(inOrderGiven)
    .map((event) => ({ at: event.at, rating: event.rating, practice: Boolean(event.practice) }));
  return {
    id: itemId,
    kind: described.kind,
    title: described.title,
    due,
    daysUntilDue: daysBetween(today, due),
    stability: item.card ? item.card.stability : null,
    difficulty: item.card ? item.card.difficulty : null,
    retrievability: retrievabilityOn(item.card, today),
    recallOnLabDay: lab ? retrievabilityOn(item.card, lab) : null,
    lab,
    history,
  };
}

/**
 * `show <session|item>`: a session in full, or one review item's memory. A session is looked for
 * first (number, id, unique id start); only when none matches is the argument an item.
 */
export async function runShow(context: Context, reference: string): Promise<void> {
  const outline = context.outline();
  const target = findShowTarget(outline, reference);
  if ('item' in target && target.item !== null) {
    present(context, computeShowItem(context, target.item), showItemJson, renderShowItem);
    // Its history comes from the journal.
    context.offerView({ journal: true });
    return;
  }
  if ('session' in target && target.session !== null) {
    const result = computeShow(context, target.session);
    present(context, result, (shown) => shown.session, renderShow);
    // A running clock's minutes change by the minute: that view is not kept.
    if (!result.clock) context.offerView();
    return;
  }
  const typed = sanitizeLine(reference);
  // An ambiguous start of a session id, or a number no session has: said as for any session.
  if ((target.reason === 'ambiguous' && !target.candidates.some((candidate) => candidate.includes(':'))) || /^\s*\d+\s*$/.test(reference)) {
    resolveSession(outline, reference, context.suggest);
  }
  if (target.reason === 'unknown' && target.candidates.length === 0) {
    throw new StudyError(`unknown session or review item "${typed}": give a session number from 1 to ${outline.sessions.length}, a session id, or an item such as term:ID (${context.suggest('list')} shows the sessions, ${context.suggest('due --upcoming 30')} the items)`);
  }
  throw itemNameError(reference, target.reason, target.candidates, context.suggest);
}
