import { timeOfInstant, type Day } from './dates.ts';
import { isInstant, isRecord, RATINGS, type Rating } from './records.ts';

// The journal: every change to the store, one event each, oldest first. It only grows, so commands
// that show where you stand (`next`, `due`) never read it; it is what review history, statistics,
// `undo` and merging between machines are made from.

/** What an action event changed: a record's value before and after (null: absent). */
export interface RecordChange {
  /** `session:<id>`, `item:<item id>`, `meta` (the plan's lab and start dates) or `clock`. */
  key: string;
  before: unknown;
  after: unknown;
}

interface EventBase {
  /** Unique across every store and machine: two identical reviews stay two events. */
  id: string;
  /** When it happened (an instant with the local offset). */
  at: string;
  /** The plan it belongs to ('' for the store as a whole). */
  plan: string;
  /** The machine that made it, when another machine did (brought in by `sync`); absent for this store's own. */
  origin?: string;
}

/** One review answer. Its effect on the item's FSRS state follows from the answers before it. */
export interface ReviewEvent extends EventBase {
  kind: 'review';
  item: string;
  rating: Rating;
  /** A practice answer: logged, but it changed no due day. */
  practice?: true;
  /** The item's due day before this answer (what undoing it restores). */
  dueBefore?: Day;
}

/** What a recorded action is, for the journal and for `undo` to say what it undoes. */
export type ActionKind =
  | 'done'
  | 'reopen'
  | 'check'
  | 'note'
  | 'lab'
  | 'start-date'
  | 'import'
  | 'migrate'
  | 'correct'
  | 'clock'
  | 'undo'
  | 'merge';

/** A change to records other than a review answer, with what it changed. */
export interface ActionEvent extends EventBase {
  kind: ActionKind;
  /** A short description in words ("done 2. EKS Security Architecture"). */
  what?: string;
  /** For `undo`: the id of the event it undid. */
  undoes?: string;
  /** The plan's review history before this event is set aside (`import --replace` restores another). */
  resets?: true;
  changes: RecordChange[];
}

export type JournalEvent = ReviewEvent | ActionEvent;

const ACTION_KINDS = new Set<string>(['done', 'reopen', 'check', 'note', 'lab', 'start-date', 'import', 'migrate', 'correct', 'clock', 'undo', 'merge']);

/** What is wrong with a journal line's event, or null: events are checked like any other input. */
export function eventProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object';
  if (typeof value.id !== 'string' || value.id === '') return 'id: is missing';
  if (!isInstant(value.at)) return 'at: is not an instant';
  if (typeof value.plan !== 'string') return 'plan: is not a plan id';
  if (value.kind === 'review') {
    if (typeof value.item !== 'string') return 'item: is not a review item id';
    if (!RATINGS.includes(value.rating as Rating)) return 'rating: is not again, hard, good or easy';
    return null;
  }
  if (typeof value.kind !== 'string' || !ACTION_KINDS.has(value.kind)) return 'kind: is not a known kind of change';
  if (!Array.isArray(value.changes) || !value.changes.every((change) => isRecord(change) && typeof change.key === 'string')) return 'changes: is not a list of changes';
  return null;
}

export const isReview = (event: JournalEvent): event is ReviewEvent => event.kind === 'review';

/**
 * A stable id for the n-th entry of a review log kept without ids (stores and backups from before
 * every review had one): the same every time that log is read, so merging it twice adds nothing.
 */
export function legacyEventId(planId: string, index: number, entry: { item: string; at: string; rating: string }): string {
  let hash = 0x811c9dc5;
  const text = `${planId}\u0000${entry.item}\u0000${entry.at}\u0000${entry.rating}`;
  for (let at = 0; at < text.length; at += 1) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193) >>> 0;
  return `legacy-${index.toString(36)}-${hash.toString(36)}`;
}

/**
 * The events with every review answer that was undone left out (an `undo` event names it in
 * `undoes`). The journal only grows: undoing appends an event, and every reader of the history goes
 * through here. An undo that was itself undone no longer counts (read newest first, an undo seen
 * after its own undoing is skipped).
 */
export function dropUndone<E extends JournalEvent>(events: readonly E[]): E[] {
  const undone = new Set<string>();
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (undone.size > 0 && undone.has(event.id)) continue;
    if (event.kind !== 'review' && event.undoes) undone.add(event.undoes);
  }
  return undone.size === 0 ? [...events] : events.filter((event) => !(event.kind === 'review' && undone.has(event.id)));
}

/** Answers in the order they were given: by their instant, then by id, the same order on every machine. */
export function inOrderGiven(a: { at: string; id: string }, b: { at: string; id: string }): number {
  const time = (at: string): number => {
    const parsed = timeOfInstant(at);
    return Number.isNaN(parsed) ? 0 : parsed;
  };
  return time(a.at) - time(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
