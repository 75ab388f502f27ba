import { inOrderGiven, type ReviewEvent } from './events.ts';
import { dict, sameJson, type Dict, type ItemRecord, type PlanMeta, type Rating, type SessionRecord } from './records.ts';

// The JSON backup of one plan's progress (`export --format json`, `import FILE`), and what importing
// one does to the records. The envelope carries a format name and version so a backup from a newer
// k8s-study is refused, never misread (checking a backup is backup-check.ts, with the schema library).
// Version 2 gives every logged review its id (two identical reviews stay two).

export const BACKUP_FORMAT = 'k8s-study-backup';
/** The backup format this build writes and the newest it reads. */
export const BACKUP_VERSION = 2;

/** One logged review in a backup. */
export interface BackupReview {
  id: string;
  item: string;
  at: string;
  rating: Rating;
  practice?: true;
}

/** What a backup holds for one plan. */
export interface BackupProgress {
  sessions: Dict<SessionRecord>;
  reviewItems: Dict<ItemRecord>;
  reviewLog: BackupReview[];
  lab: string | null;
  startDate: string | null;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  plan: { id: string; title: string };
  exportedAt: string;
  progress: BackupProgress;
}

/** A complete backup of one plan's progress. */
export function createBackup(plan: { id: string; title: string }, state: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta }, reviews: readonly ReviewEvent[], exportedAt: string): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    plan: { id: plan.id, title: plan.title },
    exportedAt,
    progress: {
      sessions: state.sessions,
      reviewItems: state.items,
      reviewLog: reviews.map((review) => ({ id: review.id, item: review.item, at: review.at, rating: review.rating, ...(review.practice ? { practice: true as const } : {}) })),
      lab: state.meta.lab,
      startDate: state.meta.startDate,
    },
  };
}

export interface ImportChanges {
  sessions: { added: number; updated: number; removed: number };
  reviewItems: { added: number; updated: number; removed: number };
  reviewLog: { added: number; removed: number };
  lab: boolean;
  startDate: boolean;
}

const timeOf = (value: string | null | undefined): number => {
  const time = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
};

/** Whether two records hold the same values (whatever the order of their keys). */
const same = sameJson;

/**
 * Whether the store has an answer, asked of each of a backup's answers in turn. A backup lists its
 * answers in the order they were given, as the store keeps them, so an answer the store has is
 * mostly the one after the last found: the store's tens of thousands of ids are put in a map (to
 * pick up the order again from the one found) only when one is not.
 */
function inOrderLookup(ids: readonly string[]): (id: string) => boolean {
  let next = 0;
  let positions: Map<string, number> | undefined;
  return (id) => {
    if (ids[next] === id) {
      next += 1;
      return true;
    }
    if (!positions) {
      positions = new Map<string, number>();
      for (let index = ids.length - 1; index >= 0; index -= 1) positions.set(ids[index]!, index);
    }
    const at = positions.get(id);
    if (at === undefined) return false;
    next = at + 1;
    return true;
  };
}

/** Marks where a summary kept from the other copy of a record begins. */
export const OTHER_SUMMARY_MARK = '— also written, in the other copy —';

/**
 * Two summaries of one session, both kept: the user's own words are never dropped by a merge. One
 * that already holds the other (a repeated import) is kept as it is.
 */
/**
 * A summary that holds `replaced` as one of its texts (a merged one, or that text alone), with that
 * text replaced by `by` (removed when null): a machine rewrote or took back a text that a merge had
 * kept beside another. Undefined when it does not hold it; null when no text is left.
 */
export function replaceSummaryPart(summary: string | null, replaced: string, by: string | null): string | null | undefined {
  if (summary === null) return undefined;
  const separator = `\n\n${OTHER_SUMMARY_MARK}\n`;
  const parts = summary.split(separator);
  const at = parts.indexOf(replaced);
  if (at < 0) return undefined;
  // The new text first: it is the newest change.
  const kept = [...(by === null ? [] : [by]), ...parts.slice(0, at), ...parts.slice(at + 1)];
  const unique = kept.filter((part, index) => kept.indexOf(part) === index);
  return unique.length === 0 ? null : unique.join(separator);
}

export function mergeSummaries(first: string | null, second: string | null): string | null {
  if (first === null || second === null) return first ?? second;
  if (first.includes(second)) return first;
  if (second.includes(first)) return second;
  return `${first}\n\n${OTHER_SUMMARY_MARK}\n${second}`;
}

/** The merged record of a session: the newer record wins; ticks are combined; no summary and no finish is lost. */
export function mergeSessionRecord(mine: SessionRecord, theirs: SessionRecord): SessionRecord {
  const theirsWins = timeOf(theirs.changedAt) > timeOf(mine.changedAt);
  const [winner, other] = theirsWins ? [theirs, mine] : [mine, theirs];
  const merged: SessionRecord = { ...winner, ticks: [...new Set([...winner.ticks, ...other.ticks])], summary: mergeSummaries(winner.summary, other.summary) };
  // A session finished in either copy stays finished: a newer copy that only ticked lines or wrote
  // its summary does not take back the day it was done and the time it took.
  if (!winner.completedAt && other.completedAt) [merged.completedAt, merged.minutesSpent] = [other.completedAt, other.minutesSpent];
  const legacy = [...new Set([...(mine.legacyTicks ?? []), ...(theirs.legacyTicks ?? [])])].sort((a, b) => a - b);
  if (legacy.length > 0) merged.legacyTicks = legacy;
  else delete merged.legacyTicks;
  return merged;
}

/**
 * The newer of two records of a review item: the one last reviewed (or, never reviewed, created) on
 * the later day; on the same day, the one reviewed more often, then the one changed last.
 */
export function newerReviewItem(mine: ItemRecord, theirs: ItemRecord): ItemRecord {
  const dayOf = (item: ItemRecord): string => item.card?.last_review ?? item.createdAt.slice(0, 10);
  const mineDay = dayOf(mine);
  const theirsDay = dayOf(theirs);
  if (theirsDay !== mineDay) return theirsDay > mineDay ? theirs : mine;
  const mineReps = mine.card?.reps ?? 0;
  const theirsReps = theirs.card?.reps ?? 0;
  if (theirsReps !== mineReps) return theirsReps > mineReps ? theirs : mine;
  // The same instant written alike (an item and its copy) needs no reading as a time.
  if (theirs.changedAt === mine.changedAt) return mine;
  return timeOf(theirs.changedAt) > timeOf(mine.changedAt) ? theirs : mine;
}

/** What importing a backup into a plan's records does: the records to set and the reviews to log. */
export interface ImportPlan {
  sessions: Dict<SessionRecord | null>;
  items: Dict<ItemRecord | null>;
  reviews: BackupReview[];
  meta: { lab: string | null; startDate: string | null };
  changes: ImportChanges;
}

const emptyChanges = (): ImportChanges => ({
  sessions: { added: 0, updated: 0, removed: 0 },
  reviewItems: { added: 0, updated: 0, removed: 0 },
  reviewLog: { added: 0, removed: 0 },
  lab: false,
  startDate: false,
});

/**
 * Merging a backup into the current records: records only in the backup are added, records in both
 * keep the newer (summaries both kept), reviews are added once each by id, and the lab date and
 * start date are taken from the backup only where none is set.
 */
export function planMerge(
  current: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta },
  knownReviewIds: readonly string[],
  incoming: BackupProgress,
  schedule?: MergeSchedule,
): ImportPlan {
  const changes = emptyChanges();
  const sessions = dict<SessionRecord | null>();
  for (const id of Object.keys(incoming.sessions)) {
    const theirs = incoming.sessions[id]!;
    const mine = Object.hasOwn(current.sessions, id) ? current.sessions[id] : undefined;
    if (!mine) {
      sessions[id] = theirs;
      changes.sessions.added += 1;
      continue;
    }
    // The same record in both copies (a backup of this store) merges to itself.
    if (same(theirs, mine)) continue;
    const merged = mergeSessionRecord(mine, theirs);
    if (!same(merged, mine)) {
      sessions[id] = merged;
      changes.sessions.updated += 1;
    }
  }
  const items = dict<ItemRecord | null>();
  for (const id of Object.keys(incoming.reviewItems)) {
    const theirs = incoming.reviewItems[id]!;
    const mine = Object.hasOwn(current.items, id) ? current.items[id] : undefined;
    if (!mine) {
      items[id] = theirs;
      changes.reviewItems.added += 1;
    } else if (newerReviewItem(mine, theirs) === theirs && !same(mine, theirs)) {
      items[id] = theirs;
      changes.reviewItems.updated += 1;
    }
  }
  // Each review once by its id: not one the store has, nor a second copy within the backup.
  const added = new Set<string>();
  const known = inOrderLookup(knownReviewIds);
  const reviews = incoming.reviewLog.filter((entry) => !known(entry.id) && !added.has(entry.id) && added.add(entry.id));
  changes.reviewLog.added = reviews.length;
  if (schedule) rescheduleAnswered(current.items, items, reviews, schedule, changes);
  const meta = { lab: current.meta.lab, startDate: current.meta.startDate };
  if (!meta.lab && incoming.lab) [meta.lab, changes.lab] = [incoming.lab, true];
  if (!meta.startDate && incoming.startDate) [meta.startDate, changes.startDate] = [incoming.startDate, true];
  return { sessions, items, reviews, meta, changes };
}

/** What a merge needs to schedule an item answered in both copies from all its answers. */
export interface MergeSchedule {
  /** This store's answers that count (not practice, not taken back); read only when the backup brings answers. */
  answers: () => readonly { id: string; item: string; at: string; rating: Rating }[];
  /** An item's card and due day from its answers, oldest first (null: none counts). */
  replay: (item: ItemRecord, answers: readonly { at: string; rating: Rating }[]) => { card: ItemRecord['card']; due: string } | null;
}

/**
 * An item answered here and in the backup is scheduled from every answer of both, in the order
 * they were given, as one store given them all would have it (neither copy's card alone knows them).
 */
function rescheduleAnswered(mine: Dict<ItemRecord>, merged: Dict<ItemRecord | null>, added: readonly BackupReview[], schedule: MergeSchedule, changes: ImportChanges): void {
  if (!added.some((review) => !review.practice)) return;
  // Each item's answers, grouped once: a merge may bring thousands of items and answers.
  const byItem = new Map<string, { id: string; at: string; rating: Rating }[]>();
  for (const answer of schedule.answers()) {
    const list = byItem.get(answer.item);
    if (list) list.push(answer);
    else byItem.set(answer.item, [answer]);
  }
  const theirs = new Map<string, BackupReview[]>();
  for (const review of added) {
    if (review.practice || !byItem.has(review.item)) continue;
    const list = theirs.get(review.item);
    if (list) list.push(review);
    else theirs.set(review.item, [review]);
  }
  for (const [id, brought] of theirs) {
    const inStore = Object.hasOwn(mine, id) ? mine[id]! : null;
    const item = (Object.hasOwn(merged, id) ? merged[id] : null) ?? inStore;
    if (!item) continue;
    const created = timeOf(item.createdAt);
    const answers = [...byItem.get(id)!, ...brought]
      .filter((answer) => timeOf(answer.at) >= created)
      .sort(inOrderGiven);
    const replayed = schedule.replay(item, answers);
    if (!replayed) continue;
    const last = answers[answers.length - 1]!.at;
    const next: ItemRecord = { ...item, card: replayed.card, due: replayed.due, changedAt: timeOf(last) > timeOf(item.changedAt) ? last : item.changedAt };
    if (inStore && same(next, inStore)) {
      if (Object.hasOwn(merged, id)) {
        delete merged[id];
        changes.reviewItems.updated -= 1;
      }
      continue;
    }
    if (inStore && !Object.hasOwn(merged, id)) changes.reviewItems.updated += 1;
    merged[id] = next;
  }
}

/**
 * Restoring a backup exactly: every record becomes the backup's (records it lacks go), and the
 * review history of the plan starts again from the backup's log.
 */
export function planReplace(current: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta }, knownReviewIds: readonly string[], incoming: BackupProgress): ImportPlan {
  const changes = emptyChanges();
  const sessions = dict<SessionRecord | null>();
  const items = dict<ItemRecord | null>();
  for (const [id, record] of Object.entries(incoming.sessions)) {
    const mine = Object.hasOwn(current.sessions, id) ? current.sessions[id] : undefined;
    if (!mine) changes.sessions.added += 1;
    else if (!same(mine, record)) changes.sessions.updated += 1;
    if (!mine || !same(mine, record)) sessions[id] = record;
  }
  for (const id of Object.keys(current.sessions)) {
    if (!Object.hasOwn(incoming.sessions, id)) {
      sessions[id] = null;
      changes.sessions.removed += 1;
    }
  }
  for (const [id, record] of Object.entries(incoming.reviewItems)) {
    const mine = Object.hasOwn(current.items, id) ? current.items[id] : undefined;
    if (!mine) changes.reviewItems.added += 1;
    else if (!same(mine, record)) changes.reviewItems.updated += 1;
    if (!mine || !same(mine, record)) items[id] = record;
  }
  for (const id of Object.keys(current.items)) {
    if (!Object.hasOwn(incoming.reviewItems, id)) {
      items[id] = null;
      changes.reviewItems.removed += 1;
    }
  }
  const incomingIds = new Set(incoming.reviewLog.map((entry) => entry.id));
  const known = new Set(knownReviewIds);
  changes.reviewLog.added = incoming.reviewLog.filter((entry) => !known.has(entry.id)).length;
  changes.reviewLog.removed = [...known].filter((id) => !incomingIds.has(id)).length;
  changes.lab = current.meta.lab !== incoming.lab;
  changes.startDate = current.meta.startDate !== incoming.startDate;
  return { sessions, items, reviews: [...incoming.reviewLog], meta: { lab: incoming.lab, startDate: incoming.startDate }, changes };
}
