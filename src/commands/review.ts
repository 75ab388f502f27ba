import { daysBetween } from '../core/dates.ts';
import { applyReview } from '../core/fsrs.ts';
import { indexPlan } from '../core/plan-index.ts';
import { recallCoverage, type RecallTarget } from '../core/recall.ts';
import { emptySession, splitItemId, type ItemRecord, type Rating } from '../core/records.ts';
import { effectiveDue, listReviewItems, practiceItems, previewAnswers, reviewItemAnswer, reviewItemTitle, type ReviewItemView } from '../core/reviews.ts';
import { answerTurn, currentTurn, lastAnswer, quitSitting, sittingPosition, sittingTally, skipTurn, startSitting, undoAnswer, type Sitting } from '../core/sitting.ts';
import { plural, sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { Cancelled, StudyError, UsageError } from '../errors.ts';
import type { Prompts } from '../io/prompts.ts';
import {
  ratingKeys,
  ratingMessage,
  renderItemAnswer,
  renderItemCard,
  renderNothingToUndo,
  renderReviewOutcome,
  renderReviewSummary,
  renderSessionReveal,
  renderUndone,
  revealKeys,
  revealMessage,
  type ReviewAction,
  type ReviewOutcome,
  type SessionReveal,
} from '../ui/review.ts';
import { notStarted, resolveItem, resolveSession } from './shared.ts';

export interface ReviewOptions {
  rating?: Rating;
  limit?: number;
  /** Answers logged as practice: no due day moves. */
  practice?: boolean;
  /** With --practice: the items of this session. */
  session?: string;
  /** With --practice: every started item of the plan. */
  all?: boolean;
}

/** What undoing one saved answer needs: its journal event, and the item as it was before and after. */
interface SavedAnswer {
  eventId: string;
  item: string;
  rating: Rating;
  practice: boolean;
  before: ItemRecord;
  after: ItemRecord;
}


/** Records one answer under the lock (as practice: logged only) and says where it left the item. */
async function recordAnswer(context: Context, itemId: string, rating: Rating, practice: boolean, typed = itemId): Promise<{ outcome: ReviewOutcome; saved: SavedAnswer }> {
  const now = context.now();
  return context.update((tx, plan) => {
    const item = tx.item(itemId);
    if (!item) throw notStarted(context, typed);
    const today = context.today();
    if (practice) {
      // A practice answer changes no record: only its journal line is written.
      const eventId = tx.addReview({ at: tx.at, item: itemId, rating, practice: true });
      const due = effectiveDue(item, plan, tx.meta.lab, today);
      return {
        outcome: { item: itemId, rating, nextDue: due, daysUntil: daysBetween(today, due), cappedByLab: due < item.due, practice: true, returns: false },
        saved: { eventId, item: itemId, rating, practice: true, before: item, after: item },
      };
    }
    const dueBefore = effectiveDue(item, plan, tx.meta.lab, today);
    const next = applyReview(item, { rating, now, at: tx.at, dayStartHour: context.dayStartHour, retention: plan.review.retention });
    tx.setItem(itemId, next);
    const eventId = tx.addReview({ at: tx.at, item: itemId, rating, dueBefore: item.due });
    const nextDue = effectiveDue(next, plan, tx.meta.lab, today);
    return {
      outcome: { item: itemId, rating, nextDue, daysUntil: daysBetween(today, nextDue), cappedByLab: nextDue < next.due, practice: false, returns: false, ...(dueBefore > today ? { dueLater: dueBefore } : {}) },
      saved: { eventId, item: itemId, rating, practice: false, before: item, after: next },
    };
  });
}

/**
 * Undoes a saved answer in the store: the item goes back to what it was before the answer, and the
 * journal gets an undo event naming the answer (history readers then leave the answer out).
 */
async function revertAnswer(context: Context, saved: SavedAnswer): Promise<ItemRecord> {
  return context.update((tx) => {
    if (!saved.practice) {
      const current = tx.item(saved.item) ?? null;
      if (JSON.stringify(current) !== JSON.stringify(saved.after)) {
        throw new StudyError(`${saved.item} was changed by another run since that answer, so it was not undone; ${context.suggest(`show ${saved.item}`)} shows where it stands`);
      }
      tx.setItem(saved.item, saved.before);
    }
    tx.describe('undo', `undid the ${saved.practice ? 'practice ' : ''}answer ${saved.rating} to ${saved.item}`, { undoes: saved.eventId });
    return saved.before;
  });
}

/** Checks the options that go together, before anything is read. */
function checkOptions(context: Context, reference: string | undefined, options: ReviewOptions): void {
  const { rating, practice, session, all } = options;
  if (rating && reference === undefined) throw new UsageError(`--rating needs the item to rate, e.g. ${context.suggest('review keypoint:control-plane --rating good')}`);
  if (context.json && !rating) throw new UsageError(`review --json records one answer: give the item and --rating again|hard|good|easy (${context.suggest('due --json')} lists the items)`);
  if ((session !== undefined || all) && !practice) throw new UsageError(`--session and --all choose what to practise: add --practice, e.g. ${context.suggest('review --practice --session 1')}`);
  if (session !== undefined && all) throw new UsageError(`give --session or --all, not both (${context.suggest('review --practice --all')} practises everything)`);
  if (reference !== undefined && (session !== undefined || all)) throw new UsageError(`give an item or --session/--all, not both (${context.suggest(`review ${sanitizeLine(reference)} --practice`)} practises that item)`);
}

/** The items of this sitting: the one named, what to practise, or what is due now (most overdue first). */
function sittingItems(context: Context, itemId: string | undefined, reference: string | undefined, options: ReviewOptions): { queue: ReviewItemView[]; due: number } {
  const plan = context.plan();
  const today = context.today();
  const state = context.readState();
  const facts = { lab: state.meta.lab, items: state.items };
  if (itemId) {
    const described = reviewItemTitle(plan, itemId);
    const stored = Object.hasOwn(state.items, itemId) ? state.items[itemId] : undefined;
    if (!described || !stored) throw notStarted(context, reference ?? itemId);
    const due = effectiveDue(stored, plan, state.meta.lab, today);
    return { queue: [{ id: itemId, ...described, due, overdueDays: Math.max(0, daysBetween(due, today)) }], due: 1 };
  }
  if (options.practice) {
    const session = options.session === undefined ? null : resolveSession(plan, options.session, context.suggest);
    const all = session || options.all ? practiceItems(plan, facts, today, session?.id ?? null) : listReviewItems(plan, facts, today).due;
    return { queue: all.slice(0, options.limit ?? Number.POSITIVE_INFINITY), due: all.length };
  }
  const all = listReviewItems(plan, facts, today).due;
  return { queue: all.slice(0, options.limit ?? Number.POSITIVE_INFINITY), due: all.length };
}

/**
 * `review [item]`: with `--rating`, records one answer; on a terminal, a sitting over the due items
 * (or the one named, or what `--practice` picks): recall each, reveal it, answer with one key.
 */
export async function runReview(context: Context, reference: string | undefined, options: ReviewOptions): Promise<void> {
  checkOptions(context, reference, options);
  const practice = Boolean(options.practice);
  const itemId = reference === undefined ? undefined : resolveItem(context.outline(), reference, context.suggest);

  if (itemId && options.rating) {
    // Only the item and the plan's outline are read: on a large plan, a fraction of the whole.
    const { outcome } = await recordAnswer(context, itemId, options.rating, practice, reference);
    if (context.json) context.printJson({ item: outcome.item, rating: outcome.rating, nextDue: outcome.nextDue, ...(practice ? { practice: true } : {}) });
    else context.print(renderReviewOutcome(outcome, context.view));
    return;
  }

  const { queue, due } = sittingItems(context, itemId, reference, options);
  const { theme, command } = context.view;
  if (queue.length === 0) {
    if (practice) {
      if (options.all) {
        // Nothing has started anywhere: practising "all" again would find nothing again.
        context.print([`No review item has started yet: they start when a session is done. ${command('next')} shows the session to study.`]);
        return;
      }
      const what = options.session !== undefined ? `session ${sanitizeLine(options.session)} has no review items yet: they start when it is done` : 'nothing is due to practise';
      context.print([`${what.charAt(0).toUpperCase()}${what.slice(1)}. ${command('review --practice --all')} practises every item started, ${command('review --practice --session 1')} one session's.`]);
      return;
    }
    context.print([`${theme.good('Nothing is due for review today.')} ${command('due --upcoming 7')} shows what comes next; ${command('review --practice --all')} practises without moving any date.`]);
    // Nothing was asked: the same run prints the same while nothing changes.
    context.offerView();
    return;
  }
  if (!context.interactive) {
    throw new UsageError(`review asks on a terminal; without one, rate an item with: ${context.suggest(`review ${itemId ?? 'ITEM'}${practice ? ' --practice' : ''} --rating again|hard|good|easy`)} (${context.suggest('due')} lists items)`);
  }
  if (queue.length < due) context.print([theme.dim(`Taking the ${queue.length} ${practice ? 'first' : 'most overdue'} of ${due} ${practice ? 'to practise' : 'due'}.`)]);

  const prompts = await context.prompts();
  const held = { sitting: startSitting<ReviewItemView, SavedAnswer>(queue) };
  try {
    await runSitting(context, prompts, held, practice);
  } catch (error) {
    // Ctrl-C: every answer given before it was saved as it was given; say so.
    const shape = error as { exitCode?: unknown; name?: unknown };
    const kept = sittingTally(held.sitting).answered;
    if ((shape.exitCode === 130 || shape.name === 'ExitPromptError') && kept > 0) {
      throw new Cancelled(`cancelled: the ${plural(kept, 'answer')} given before ${kept === 1 ? 'is' : 'are'} saved`);
    }
    throw error;
  }
  const tally = sittingTally(held.sitting);
  const after = context.readState();
  const stillDue = listReviewItems(context.plan(), { lab: after.meta.lab, items: after.items }, context.today()).due.length;
  context.print(renderReviewSummary({ reviewed: tally.answered, skipped: tally.skipped, undone: tally.undone, stillDue, practice }, context.view));
}

/**
 * Asks every item of the sitting in turn until it is over or quit; saves each answer as it is
 * given. `held.sitting` always holds the sitting as it stands (what a Ctrl-C reports).
 */
async function runSitting(context: Context, prompts: Prompts, held: { sitting: Sitting<ReviewItemView, SavedAnswer> }, practice: boolean): Promise<void> {
  const plan = context.plan();
  for (let turn = currentTurn(held.sitting); turn; turn = currentTurn(held.sitting)) {
    const sitting = held.sitting;
    const entry = turn.entry;
    const [, ownId] = splitItemId(entry.id);
    const session = entry.kind === 'session' ? indexPlan(plan).sessions.get(ownId) : undefined;
    const position = sittingPosition(sitting);
    const canUndo = lastAnswer(sitting) !== null;
    context.print(
      renderItemCard(
        {
          id: entry.id,
          kind: entry.kind,
          title: entry.title,
          ...position,
          overdueDays: entry.overdueDays,
          returning: turn.returning,
          practice,
          session: session ? { number: plan.sessions.indexOf(session) + 1, focus: session.focus } : null,
        },
        context.view,
      ),
    );
    let action: ReviewAction = 'reveal';
    let suggested: Rating | null = null;
    if (session) {
      suggested = await recallSession(context, prompts, session.id);
    } else {
      context.flush();
      action = await prompts.key(revealMessage(entry.kind), revealKeys(canUndo));
      if (action === 'reveal') context.print(renderItemAnswer(reviewItemAnswer(plan, entry.id), context.view));
    }
    // Once a key point or term is revealed (or a session recalled): the answer.
    if (action === 'reveal') {
      const item = context.readState().items[entry.id];
      const previews = !practice && item ? previewAnswers(item, plan, context.readState().meta.lab, context.today()) : null;
      context.flush();
      action = await prompts.key(ratingMessage(practice), ratingKeys(previews, suggested, canUndo));
    }
    if (action === 'quit') {
      held.sitting = quitSitting(sitting);
    } else if (action === 'skip') {
      held.sitting = skipTurn(sitting);
    } else if (action === 'undo') {
      const last = lastAnswer(sitting);
      if (!last) {
        context.print(renderNothingToUndo(context.view));
        continue;
      }
      const restored = await revertAnswer(context, last.record);
      held.sitting = undoAnswer(sitting, (a, b) => a.id === b.id);
      const due = effectiveDue(restored, plan, context.readState().meta.lab, context.today());
      context.print(renderUndone({ item: last.record.item, rating: last.record.rating, practice: last.record.practice, due }, context.view));
    } else if (action !== 'reveal') {
      const { outcome, saved } = await recordAnswer(context, entry.id, action, practice);
      held.sitting = answerTurn(sitting, action, saved);
      // An item of a sitting is asked because it is due, or back after "again": no note of an early answer.
      const { dueLater: _dueLater, ...answered } = outcome;
      context.print(renderReviewOutcome({ ...answered, returns: action === 'again' }, context.view));
    }
  }
}

/**
 * Recall before reveal for a session: asks what you remember (one line, or `e` for the editor),
 * then shows your summary, its key points and terms, and which of them your words mention; offers
 * to keep the new words as the summary. Returns the rating your words suggest, if any.
 */
async function recallSession(context: Context, prompts: Prompts, sessionId: string): Promise<Rating | null> {
  const plan = context.plan();
  const outline = context.outline();
  const session = outline.sessions.find((candidate) => candidate.id === sessionId)!;
  const detail = context.detail(session);
  context.flush();
  let recall = (await prompts.text('What do you remember of it? (one line; e then Enter opens $EDITOR; Enter alone shows it)')).trim();
  if (recall.toLowerCase() === 'e') recall = (await prompts.editor(`What you remember of ${session.number}. ${session.title}`)).trim();
  const targets: RecallTarget[] = [
    ...detail.keyPoints.map((point) => ({ id: point.id, kind: 'keypoint' as const, title: point.title })),
    ...detail.terms.map((term) => ({ id: term.id, kind: 'term' as const, title: term.term })),
  ];
  const coverage = recall === '' ? null : recallCoverage(recall, targets);
  const mentioned = new Set(coverage?.mentioned.map((target) => `${target.kind}:${target.id}`));
  const summary = context.store.readSessions(plan.id)[session.id]?.summary ?? null;
  const reveal: SessionReveal = {
    number: session.number,
    summary,
    summaryPrompt: plan.review.summaryPrompt,
    keyPoints: detail.keyPoints.map((point) => ({ title: point.title, text: point.text, mentioned: coverage ? mentioned.has(`keypoint:${point.id}`) : null })),
    terms: detail.terms.map((term) => ({ title: term.term, text: term.text, mentioned: coverage ? mentioned.has(`term:${term.id}`) : null })),
    coverage: coverage && { mentioned: coverage.mentioned.length, total: targets.length, suggested: coverage.suggested },
  };
  context.print(renderSessionReveal(reveal, context.view));
  if (recall !== '' && recall !== summary) {
    context.flush();
    const keep = await prompts.confirm(`Keep these words as your summary of ${session.number}. ${session.title}?${summary ? ' (it replaces the one saved)' : ''}`, { default: false });
    if (keep) {
      await context.update((tx) => {
        const record = tx.session(session.id) ?? emptySession(tx.at);
        tx.describe('note', `${record.summary === null ? 'wrote a summary for' : 'rewrote the summary of'} ${session.number}. ${session.title} (in a review)`);
        tx.setSession(session.id, { ...record, summary: recall, changedAt: tx.at });
      });
      context.print([`${context.view.theme.good('✔')} Your summary is saved.`]);
    }
  }
  return coverage?.suggested ?? null;
}
