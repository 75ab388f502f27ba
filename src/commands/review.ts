import { daysBetween, toInstant, type Day } from '../core/dates.ts';
import { findSession } from '../core/plan.ts';
import { describeSession, RATINGS, splitItemId, type Rating } from '../core/progress.ts';
import { effectiveDue, listReviewItems, reviewItemTitle, type ReviewItemView } from '../core/reviews.ts';
import { applyReview, previewIntervals } from '../core/schedule.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';
import { checklistLines, hanging, keyPointLines, wrapText } from '../ui/layout.ts';
import { printJson } from './shared.ts';

export interface ReviewOptions {
  rating?: string;
  limit?: string;
}

interface ReviewOutcome {
  item: string;
  rating: Rating;
  nextDue: Day;
}

function parseRating(value: string): Rating {
  const rating = value.trim().toLowerCase() as Rating;
  if (!RATINGS.includes(rating)) throw new UsageError(`--rating "${value}" is not one of ${RATINGS.join(', ')}`);
  return rating;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  const limit = /^\d{1,5}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(limit >= 1)) throw new UsageError(`--limit "${value}" is not a whole number of items, 1 or more`);
  return limit;
}

/** Resolves what the user typed to a stored review item id; `session:2` and id prefixes work too. */
function resolveItem(context: Context, reference: string): string {
  const plan = context.plan();
  const progress = context.readProgress();
  const [kind, ref] = splitItemId(reference.trim());
  let id = reference.trim();
  if (kind === 'session') {
    const found = findSession(plan, ref);
    if (found.session) id = `session:${found.session.id}`;
  }
  if (progress.reviewItems[id] && reviewItemTitle(plan, id)) return id;
  if (reviewItemTitle(plan, id)) {
    throw new StudyError(`review item "${reference}" has not started yet: it starts when a session that lists it is done`);
  }
  throw new StudyError(`unknown review item "${reference}": items are session:ID, keypoint:ID or term:ID (k8s-study due lists them)`);
}

/** Records one review under the lock and returns where it moved the item. */
async function recordReview(context: Context, itemId: string, rating: Rating): Promise<ReviewOutcome> {
  const now = context.now();
  return context.updateProgress((progress, plan) => {
    const item = progress.reviewItems[itemId];
    if (!item) throw new StudyError(`review item "${itemId}" is gone: was its session undone meanwhile?`);
    applyReview(item, progress.reviewLog, {
      itemId,
      rating,
      now,
      at: toInstant(now),
      dayStartHour: context.dayStartHour,
      retention: plan.review.retention,
    });
    return { item: itemId, rating, nextDue: effectiveDue(item, plan, progress.lab, context.today()) };
  });
}

function describeOutcome(context: Context, outcome: ReviewOutcome): string {
  const days = daysBetween(context.today(), outcome.nextDue);
  return `${context.theme.good('✔')} ${outcome.item} rated ${outcome.rating}; next review ${outcome.nextDue} (${days === 1 ? 'tomorrow' : `in ${days} days`})`;
}

/**
 * `review [item]`: with `--rating`, records one review; on a terminal, walks through the due items
 * (or the one named), showing each and asking again / hard / good / easy / skip / quit, saving
 * after every answer.
 */
export async function runReview(context: Context, reference: string | undefined, options: ReviewOptions): Promise<void> {
  const rating = options.rating === undefined ? undefined : parseRating(options.rating);
  const limit = parseLimit(options.limit);
  if (rating && reference === undefined) throw new UsageError('--rating needs the item to rate, e.g. k8s-study review keypoint:control-plane --rating good');
  const itemId = reference === undefined ? undefined : resolveItem(context, reference);

  if (itemId && rating) {
    const outcome = await recordReview(context, itemId, rating);
    if (context.json) return printJson(context, outcome);
    context.out(describeOutcome(context, outcome));
    return;
  }
  if (!context.interactive) {
    throw new UsageError(
      `review asks on a terminal; without one, rate an item with: k8s-study review ${itemId ?? 'ITEM'} --rating again|hard|good|easy (k8s-study due lists items)`,
    );
  }

  const plan = context.plan();
  const today = context.today();
  const progress = context.readProgress();
  let queue: ReviewItemView[];
  if (itemId) {
    const described = reviewItemTitle(plan, itemId);
    const due = effectiveDue(progress.reviewItems[itemId]!, plan, progress.lab, today);
    queue = described ? [{ id: itemId, ...described, due, overdueDays: Math.max(0, daysBetween(due, today)) }] : [];
  } else {
    const all = listReviewItems(plan, progress, today).due;
    queue = all.slice(0, limit);
    if (all.length === 0) {
      context.out(context.theme.good('Nothing is due for review today.') + ` ${context.theme.command('k8s-study due --upcoming 7')} shows what comes next.`);
      return;
    }
    if (queue.length < all.length) context.out(context.theme.dim(`Taking the ${queue.length} most overdue of ${all.length} due.`));
  }

  const outcomes: ReviewOutcome[] = [];
  let skipped = 0;
  const prompts = await context.prompts();
  for (const [index, entry] of queue.entries()) {
    showItem(context, entry, index, queue.length);
    if (entry.kind !== 'session') {
      await prompts.text(`Recall it, then press Enter to see the ${entry.kind === 'term' ? 'meaning' : 'text'}`);
      showAnswer(context, entry);
    }
    const card = context.readProgress().reviewItems[entry.id]?.card ?? null;
    const intervals = previewIntervals(card, context.today(), plan.review.retention);
    const answer = await prompts.choose<Rating | 'skip' | 'quit'>('How well did you recall it?', [
      ...RATINGS.map((value) => ({ name: `${value} (next in ${intervals[value]} day${intervals[value] === 1 ? '' : 's'})`, value })),
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
    context.out(describeOutcome(context, outcome));
  }
  const stillDue = listReviewItems(plan, context.readProgress(), context.today()).due.length;
  if (context.json) return printJson(context, { reviewed: outcomes, skipped, stillDue });
  context.out();
  context.out(`Reviewed ${outcomes.length}, skipped ${skipped}; ${stillDue === 0 ? context.theme.good('nothing left due today.') : `${stillDue} still due.`}`);
}

function showItem(context: Context, entry: ReviewItemView, index: number, total: number): void {
  const { theme, width } = context;
  const plan = context.plan();
  const overdue = entry.overdueDays > 0 ? theme.warn(` · ${entry.overdueDays} day${entry.overdueDays === 1 ? '' : 's'} overdue`) : '';
  context.out();
  context.out(theme.dim(`[${index + 1}/${total}] ${entry.kind === 'keypoint' ? 'key point' : entry.kind}${overdue}`));
  const [, id] = splitItemId(entry.id);
  if (entry.kind === 'session') {
    const session = plan.sessions.find((candidate) => candidate.id === id);
    if (!session) return;
    const view = describeSession(plan, session, context.readProgress());
    context.out(theme.heading(`${view.number}. ${view.title}`));
    context.out(theme.heading('Your summary'));
    context.out(view.summary ? wrapText(view.summary, width, 2) : theme.dim(`  none: ${plan.review.summaryPrompt} (k8s-study note ${view.number})`));
    context.out(theme.heading('Checklist'));
    for (const line of checklistLines(view, theme, width)) context.out(line);
    if (view.keyPoints.length > 0) {
      context.out(theme.heading('Key points'));
      for (const line of keyPointLines(view, theme, width)) context.out(line);
    }
    return;
  }
  context.out(theme.heading(entry.title));
}

function showAnswer(context: Context, entry: ReviewItemView): void {
  const plan = context.plan();
  const [, id] = splitItemId(entry.id);
  const text =
    entry.kind === 'keypoint'
      ? plan.keyPoints.find((point) => point.id === id)?.text
      : plan.terms.find((term) => term.id === id)?.text;
  if (text) context.out(hanging('  ', text, context.width, 2));
}
