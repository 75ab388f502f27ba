import { parseInstant, studyDay } from '../core/dates.ts';
import type { ActionEvent, ReviewEvent } from '../core/events.ts';
import { replayReviews } from '../core/fsrs.ts';
import { describeSession, undoSession } from '../core/progress.ts';
import type { Clock, ItemRecord, SessionRecord } from '../core/records.ts';
import { reviewItemTitle } from '../core/reviews.ts';
import { formatInstant, sanitizeLine } from '../core/text.ts';
import { describeChange, pickUndo, reviewsBefore } from '../core/undo.ts';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import type { PlanTransaction } from '../io/store.ts';
import { renderUndo, renderUndoSession, type UndoResult, type UndoSessionResult } from '../ui/undo.ts';
import { present, resolveSession } from './shared.ts';

/** `undo <session>`: marks it not done again; its review items go, its summary stays. */
export async function runUndoSession(context: Context, reference: string): Promise<void> {
  const plan = context.outline();
  const session = resolveSession(plan, reference, context.suggest);
  const result: UndoSessionResult = await context.update((tx) => {
    const wasDone = Boolean(tx.session(session.id)?.completedAt);
    if (wasDone) tx.describe('reopen', `reopened ${session.number}. ${session.title}`);
    const removed = wasDone ? undoSession(plan, tx, context.detail(session).session, tx.at) : [];
    return { wasDone, removed, session: describeSession(context.detail(session), tx.session(session.id)) };
  });
  present(context, result, (value) => value.session, renderUndoSession);
}

/** Whether a record is as a change left it; when it last changed aside (an undo restamps what it sets back). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(withoutStamp(a)) === JSON.stringify(withoutStamp(b));
const withoutStamp = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'changedAt' in value ? { ...value, changedAt: undefined } : (value ?? null);

const restamped = <T extends { changedAt: string }>(record: T | null | undefined, at: string): T | null => (record ? { ...record, changedAt: at } : null);

/** What changed since the change undo was asked to take back, in words, with the way forward. */
function changedSince(key: string, context: Context): string {
  if (key === 'clock') return `the study clock has changed since (${context.suggest('stop')} stops the one running; then undo again)`;
  if (key === 'meta') return 'the lab or start date has changed since: set it by hand';
  const [kind, id] = [key.slice(0, key.indexOf(':')), sanitizeLine(key.slice(key.indexOf(':') + 1))];
  return kind === 'session' ? `session "${id}" has changed since: change it back by hand` : `review item ${id} has changed since: change it back by hand`;
}

/** A summary the change saved (a new one, not one it kept): taking the change back takes it back too. */
function summarySavedBy(event: ActionEvent): string | null {
  for (const change of event.changes) {
    if (!change.key.startsWith('session:')) continue;
    const after = (change.after as SessionRecord | null)?.summary ?? null;
    if (after !== null && after !== ((change.before as SessionRecord | null)?.summary ?? null)) return after;
  }
  return null;
}

/** Sets back what an action event changed; refuses (changing nothing) when a record has changed since. */
function revertChange(tx: PlanTransaction, context: Context, what: string, event: ActionEvent): void {
  for (const change of event.changes) {
    const [kind, id] = [change.key.slice(0, change.key.indexOf(':')), change.key.slice(change.key.indexOf(':') + 1)];
    let current: unknown;
    if (change.key === 'meta') current = { lab: tx.meta.lab, startDate: tx.meta.startDate };
    else if (change.key === 'clock') current = tx.clock;
    else if (kind === 'session') current = tx.session(id);
    else if (kind === 'item') current = tx.item(id);
    else throw new StudyError(`cannot take back "${what}": the journal names a record it does not know (${change.key})`);
    if (!same(current, change.after)) {
      throw new StudyError(`cannot take back "${what}": ${changedSince(change.key, context)}; nothing was changed`);
    }
  }
  for (const change of event.changes) {
    const id = change.key.slice(change.key.indexOf(':') + 1);
    if (change.key === 'meta') tx.setMeta({ ...tx.meta, ...(change.before as { lab: string | null; startDate: string | null }) });
    else if (change.key === 'clock') tx.setClock((change.before as Clock | null) ?? null);
    // A record set back is a change made now: it carries this instant, so that `sync` (the newest
    // version wins) carries the undo to the other machines too.
    else if (change.key.startsWith('session:')) tx.setSession(id, restamped(change.before as SessionRecord | null, tx.at));
    else tx.setItem(id, restamped(change.before as ItemRecord | null, tx.at));
  }
}

/** Sets an item back to where it was before a review answer: the answers before it, replayed. */
function revertReview(tx: PlanTransaction, context: Context, what: string, event: ReviewEvent, history: Parameters<typeof reviewsBefore>[0], retention: number): void {
  // Every change after the answer was an undo (undo takes back the newest change first), so the item
  // is as the answer left it, unless it is gone (its session reopened by hand and not yet redone).
  const item = tx.item(event.item);
  if (!item?.card) throw new StudyError(`cannot take back "${what}": the item has no review recorded any more, so nothing was changed`);
  const earlier = reviewsBefore(history, event);
  const firstDue = earlier[0]?.dueBefore ?? event.dueBefore ?? item.due;
  const replayed = replayReviews(earlier, firstDue, context.dayStartHour, retention);
  tx.setItem(event.item, { ...item, card: replayed?.card ?? null, due: event.dueBefore ?? replayed?.due ?? item.due, changedAt: tx.at });
}

/**
 * `undo` with no session: takes back the last recorded change of this plan (a session done or
 * reopened, ticks, a summary, a review answer, the lab or start date, the clock), and says what it
 * was; run again, it takes back the one before. Made from the journal, under the lock: two at once
 * take back two different changes.
 */
export async function runUndoLast(context: Context): Promise<void> {
  const result: UndoResult = await context.update((tx, plan) => {
    const history = context.store.readHistory(plan.id);
    const pick = pickUndo(history);
    if (pick.kind === 'nothing') return { kind: 'nothing' };
    if (pick.kind === 'refused') {
      const { event } = pick;
      const synced = Boolean(event.origin) || event.kind === 'merge';
      const how =
        event.kind === 'import'
          ? event.resets
            ? `import the copy it kept of what was there (named above) with ${context.suggest('import FILE --replace')}`
            : `restore a backup made before it with ${context.suggest('import FILE --replace')}`
          : synced
            ? `undo it on the machine that made it, then sync; or change it here with ${context.suggest('undo SESSION')}, ${context.suggest('note')}, ${context.suggest('check')} or ${context.suggest('lab')}`
            : 'change it back by hand';
      const what = synced ? `"${describeChange(event)}", which came from another machine by sync (${formatInstant(event.at)})` : `"${describeChange(event)}" (${formatInstant(event.at)})`;
      throw new StudyError(`the last change of this plan is ${what}, which undo does not take back: ${how}; nothing was changed`);
    }
    const what = describeChange(pick.event, pick.kind === 'review' ? reviewItemTitle(context.plan(), pick.event.item)?.title : undefined);
    tx.describe('undo', `took back: ${what}`, { undoes: pick.event.id });
    if (pick.kind === 'change') revertChange(tx, context, what, pick.event);
    else revertReview(tx, context, what, pick.event, history, plan.review.retention);
    const when = parseInstant(pick.event.at);
    // Said in full: a summary is the user's own words, and undo has no redo.
    const summary = pick.kind === 'change' ? summarySavedBy(pick.event) : null;
    return { kind: 'undone', what, at: pick.event.at, day: when ? studyDay(when, context.dayStartHour) : null, summaryTakenBack: summary };
  });
  present(context, result, (value) => value, renderUndo);
}
