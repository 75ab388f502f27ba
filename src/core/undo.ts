import { dropUndone, type ActionEvent, type JournalEvent, type ReviewEvent } from './events.ts';

// Taking back the last recorded change of a plan (`undo` with no argument), from the journal. The
// journal only grows: an undo is itself an event, which names the event it undid (`undoes`) and
// holds the records it set back. Walking back from the end, the change `undo` takes back is the last
// one not undone yet; undoing again goes one further back.

/** Kinds of change `undo` takes back: what a person records on this machine. */
const UNDOABLE = new Set(['done', 'reopen', 'check', 'note', 'lab', 'start-date', 'correct', 'clock']);

/** The ids of the events some undo event of the history took back. */
export function undoneIds(history: readonly JournalEvent[]): Set<string> {
  const undone = new Set<string>();
  for (const event of history) if (event.kind === 'undo' && event.undoes) undone.add(event.undoes);
  return undone;
}

/** The plan's review answers that count: not undone, and (unless asked) not practice. */
export function effectiveReviews(history: readonly JournalEvent[], options: { practice?: boolean } = {}): ReviewEvent[] {
  return dropUndone(history).filter((event): event is ReviewEvent => event.kind === 'review' && (options.practice === true || !event.practice));
}

export type UndoPick =
  | { kind: 'change'; event: ActionEvent }
  | { kind: 'review'; event: ReviewEvent }
  | { kind: 'nothing' }
  /** The last change is one undo does not take back (an import, a merge or a change from another machine). */
  | { kind: 'refused'; event: ActionEvent | ReviewEvent };

/** The change `undo` takes back next, from the plan's history (oldest first). */
export function pickUndo(history: readonly JournalEvent[]): UndoPick {
  const undone = undoneIds(history);
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const event = history[index]!;
    if (event.kind === 'undo' || undone.has(event.id)) continue;
    // A change another machine made, brought here by sync: this machine's history stops there.
    if (event.origin) return { kind: 'refused', event };
    if (event.kind === 'review') {
      // A practice answer changed no record: there is nothing to take back.
      if (event.practice) continue;
      // An import logs the backup's answers after its own event, each with when it was given. An
      // answer given before the import it follows came with it: the import is the last change.
      const importedWith = importJustBefore(history, index);
      if (importedWith && Date.parse(event.at) < Date.parse(importedWith.at)) return { kind: 'refused', event: importedWith };
      return { kind: 'review', event };
    }
    if (event.kind === 'migrate') continue;
    if (!UNDOABLE.has(event.kind)) return { kind: 'refused', event };
    return { kind: 'change', event };
  }
  return { kind: 'nothing' };
}

/** The import right before the answers at `index` (nothing but answers between them), if that is what comes before. */
function importJustBefore(history: readonly JournalEvent[], index: number): ActionEvent | null {
  for (let before = index - 1; before >= 0; before -= 1) {
    const event = history[before]!;
    if (event.kind === 'review') continue;
    return event.kind === 'import' ? event : null;
  }
  return null;
}

/**
 * The answers to the same item that still count and came before `event`, oldest first (by when they
 * were given; an answer imported from elsewhere may stand later in the journal than it happened).
 */
export function reviewsBefore(history: readonly JournalEvent[], event: ReviewEvent): ReviewEvent[] {
  const time = Date.parse(event.at);
  const position = new Map(history.map((entry, index) => [entry.id, index]));
  const before = (candidate: ReviewEvent): boolean => {
    const at = Date.parse(candidate.at);
    return at < time || (at === time && (position.get(candidate.id) ?? 0) < (position.get(event.id) ?? 0));
  };
  return effectiveReviews(history)
    .filter((candidate) => candidate.item === event.item && candidate.id !== event.id && before(candidate))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}

/** A change in words: what the journal says it was. */
export function describeChange(event: ActionEvent | ReviewEvent, itemTitle?: string): string {
  if (event.kind === 'review') return `review of ${itemTitle === undefined ? event.item : `"${itemTitle}"`} rated "${event.rating}"`;
  return event.what ?? event.kind;
}
