import { daysBetween } from '../core/dates.ts';
import { findSession } from '../core/plan-index.ts';
import { detailOf, outlineHasItem } from '../core/plan-outline.ts';
import { describeSession, RATINGS, splitItemId, type Rating } from '../core/progress.ts';
import { effectiveDue, listReviewItems, reviewItemAnswer, reviewItemTitle, type ReviewItemView } from '../core/reviews.ts';
import { applyReview, previewIntervals } from '../core/fsrs.ts';
import { plural, sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { Cancelled, StudyError, UsageError } from '../errors.ts';
import { renderItemCard, renderItemAnswer, renderReviewOutcome, renderReviewSummary, type ReviewOutcome } from '../ui/review.ts';

export interface ReviewOptions {
  rating?: Rating;
  limit?: number;
}

/** Resolves what the user typed to a review item id of the plan; `session:2` and id prefixes work too. */
function resolveItem(context: Context, reference: string): string {
  const plan = context.outline();
  const [kind, ref] = splitItemId(reference.trim());
  let id = reference.trim();
  if (kind === 'session') {
    const found = findSession(plan, ref);
    if (found.session !== null) id = `session:${found.session.id}`;
  }
  const typed = sanitizeLine(reference);
  if (outlineHasItem(plan, id)) return id;
  throw new StudyError(`unknown review item "${typed}": items are session:ID, keypoint:ID or term:ID (${context.suggest('due')} lists them)`);
}

/** Records one review answer under the lock and says where it moved the item. */
async function recordReview(context: Context, itemId: string, rating: Rating, typed = itemId): Promise<ReviewOutcome> {
  const now = context.now();
  return context.update((tx, plan) => {
    const item = tx.item(itemId);
    if (!item) throw new StudyError(`review item "${sanitizeLine(typed)}" has not started yet: it starts when a session that lists it is done`);
    const next = applyReview(item, { rating, now, at: tx.at, dayStartHour: context.dayStartHour, retention: plan.review.retention });
    tx.setItem(itemId, next);
    tx.addReview({ at: tx.at, item: itemId, rating, dueBefore: item.due });
    const today = context.today();
    const nextDue = effectiveDue(next, plan, tx.meta.lab, today);
    return { item: itemId, rating, nextDue, daysUntil: daysBetween(today, nextDue), cappedByLab: nextDue < next.due };
  });
}

/**
 * `review [item]`: with `--rating`, records one review; on a terminal, walks through the due items
 * (or the one named), showing each and asking again / hard / good / easy / skip / quit, saving
 * after every answer.
 */
export async function runReview(context: Context, reference: string | undefined, options: ReviewOptions): Promise<void> {
  const { rating } = options;
  if (rating && reference === undefined) throw new UsageError(`--rating needs the item to rate, e.g. ${context.suggest('review keypoint:control-plane --rating good')}`);
  if (context.json && !rating) throw new UsageError(`review --json records one answer: give the item and --rating again|hard|good|easy (${context.suggest('due --json')} lists the items)`);
  const itemId = reference === undefined ? undefined : resolveItem(context, reference);

  if (itemId && rating) {
    // Only the item and the plan's outline are read: on a large plan, a fraction of the whole.
    const outcome = await recordReview(context, itemId, rating, reference);
    if (context.json) context.printJson({ item: outcome.item, rating: outcome.rating, nextDue: outcome.nextDue });
    else context.print(renderReviewOutcome(outcome, context.view));
    return;
  }
  if (!context.interactive) {
    throw new UsageError(`review asks on a terminal; without one, rate an item with: ${context.suggest(`review ${itemId ?? 'ITEM'} --rating again|hard|good|easy`)} (${context.suggest('due')} lists items)`);
  }

  const plan = context.plan();
  const today = context.today();
  const state = context.readState();
  let queue: ReviewItemView[];
  if (itemId) {
    const described = reviewItemTitle(plan, itemId);
    const stored = state.items[itemId];
    if (!described || !stored) throw new StudyError(`review item "${sanitizeLine(reference ?? '')}" has not started yet: it starts when a session that lists it is done`);
    const due = effectiveDue(stored, plan, state.meta.lab, today);
    queue = [{ id: itemId, ...described, due, overdueDays: Math.max(0, daysBetween(due, today)) }];
  } else {
    const all = listReviewItems(plan, { lab: state.meta.lab, items: state.items }, today).due;
    queue = all.slice(0, options.limit ?? Number.POSITIVE_INFINITY);
    if (all.length === 0) {
      context.print([`${context.view.theme.good('Nothing is due for review today.')} ${context.view.command('due --upcoming 7')} shows what comes next.`]);
      return;
    }
    if (queue.length < all.length) context.print([context.view.theme.dim(`Taking the ${queue.length} most overdue of ${all.length} due.`)]);
  }

  const outcomes: ReviewOutcome[] = [];
  let skipped = 0;
  const prompts = await context.prompts();
  try {
    await sitting();
  } catch (error) {
    // Ctrl-C: every answer given before it was saved as it was given; say so.
    const shape = error as { exitCode?: unknown; name?: unknown };
    if ((shape.exitCode === 130 || shape.name === 'ExitPromptError') && outcomes.length > 0) {
      throw new Cancelled(`cancelled: the ${plural(outcomes.length, 'answer')} given before ${outcomes.length === 1 ? 'is' : 'are'} saved`);
    }
    throw error;
  }
  const after = context.readState();
  const stillDue = listReviewItems(plan, { lab: after.meta.lab, items: after.items }, context.today()).due.length;
  context.print(renderReviewSummary({ reviewed: outcomes.length, skipped, stillDue }, context.view));

  async function sitting(): Promise<void> {
  for (const [index, entry] of queue.entries()) {
    const [, id] = splitItemId(entry.id);
    const session = entry.kind === 'session' ? plan.sessions.find((candidate) => candidate.id === id) : undefined;
    const current = context.readState();
    const view = session ? describeSession(detailOf(plan, session), current.sessions[session.id]) : null;
    context.print(renderItemCard({ entry, index, total: queue.length, session: view, summaryPrompt: plan.review.summaryPrompt }, context.view));
    if (entry.kind !== 'session') {
      context.flush();
      await prompts.text(`Recall it, then press Enter to see the ${entry.kind === 'term' ? 'meaning' : 'text'}`);
      context.print(renderItemAnswer(reviewItemAnswer(plan, entry.id), context.view));
    }
    const item = current.items[entry.id];
    const intervals = item ? previewIntervals(item, context.today(), plan.review.retention) : null;
    context.flush();
    const answer = await prompts.choose<Rating | 'skip' | 'quit'>('How well did you recall it?', [
      ...RATINGS.map((value) => ({ name: intervals ? `${value} (next in ${plural(intervals[value], 'day')})` : value, value })),
      { name: 'skip', value: 'skip' as const },
      { name: 'quit', value: 'quit' as const },
    ]);
    if (answer === 'quit') break;
    if (answer === 'skip') {
      skipped += 1;
      continue;
    }
    const outcome = await recordReview(context, entry.id, answer);
    outcomes.push(outcome);
    context.print(renderReviewOutcome(outcome, context.view));
  }
  }
}

