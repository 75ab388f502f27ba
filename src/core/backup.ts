import * as z from 'zod/mini';
import { parseDay, parseInstant } from './dates.ts';
import type { Plan } from './plan.ts';
import { RATINGS, type PlanProgress, type ReviewItemRecord, type SessionRecord } from './progress.ts';

// The JSON backup of one plan's progress (`export --format json`, `import FILE`). The envelope
// carries a format name and version so a backup from a newer k8s-study is refused, never misread.

export const BACKUP_FORMAT = 'k8s-study-backup';
/** The backup format this build writes and the newest it reads. */
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  plan: { id: string; title: string };
  exportedAt: string;
  progress: PlanProgress;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ITEM_ID = /^(?:session|keypoint|term):[a-z0-9]+(?:-[a-z0-9]+)*$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

const slug = z.string().check(z.regex(SLUG, { error: 'must be a lowercase slug such as "shared-responsibility"' }));
const itemId = z.string().check(z.regex(ITEM_ID, { error: 'must be a review item id such as "session:<id>", "keypoint:<id>" or "term:<id>"' }));
const day = z.string().check(z.refine((value) => parseDay(value) !== null, { error: 'must be a calendar day YYYY-MM-DD' }));
const instant = z.string().check(
  z.refine((value) => INSTANT.test(value) && parseInstant(value) !== null, { error: 'must be an ISO 8601 instant with its offset' }),
);
const count = z.int().check(z.gte(0, { error: 'must be a whole number, 0 or more' }));
const amount = z.number().check(z.gte(0, { error: 'must be a number, 0 or more' }));

const sessionRecordSchema = z.strictObject({
  checked: z.optional(z.array(z.int().check(z.positive({ error: 'must be a checklist item number, 1 or more' })))),
  completedAt: z.optional(z.nullable(instant)),
  minutesSpent: z.optional(z.nullable(amount)),
  summary: z.optional(z.nullable(z.string())),
});

// The card is ts-fsrs's memory state: its own fields are checked, and any it adds are kept as they are.
const cardSchema = z.looseObject({
  due: day,
  stability: amount,
  difficulty: amount,
  elapsed_days: amount,
  scheduled_days: amount,
  learning_steps: count,
  reps: count,
  lapses: count,
  state: z.int().check(z.gte(0), z.lte(3)),
  last_review: z.optional(z.nullable(day)),
});

const reviewItemSchema = z.strictObject({
  source: slug,
  createdAt: instant,
  due: day,
  card: z.nullable(cardSchema),
});

const progressSchema = z.strictObject({
  sessions: z.record(slug, sessionRecordSchema),
  reviewItems: z.record(itemId, reviewItemSchema),
  reviewLog: z.array(z.strictObject({ item: itemId, at: instant, rating: z.enum(RATINGS as [string, ...string[]]) })),
  lab: z.nullable(day),
  startDate: z.nullable(day),
});

const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.int(),
  plan: z.strictObject({ id: slug, title: z.string() }),
  exportedAt: instant,
  progress: progressSchema,
});

/** A complete backup of one plan's progress, with only the fields this format defines. */
export function createBackup(plan: Plan, progress: PlanProgress, exportedAt: string): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    plan: { id: plan.id, title: plan.title },
    exportedAt,
    progress: {
      sessions: progress.sessions,
      reviewItems: progress.reviewItems,
      reviewLog: progress.reviewLog,
      lab: progress.lab ?? null,
      startDate: progress.startDate ?? null,
    },
  };
}

export type BackupCheck =
  | { ok: true; backup: Backup }
  | { ok: false; reason: 'not-backup' | 'invalid'; problems: string[] }
  | { ok: false; reason: 'newer'; version: number };

function describePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    const name = String(part);
    return SLUG.test(name) || /^[A-Za-z_]\w*$/.test(name) ? (text ? `${text}.${name}` : name) : `${text}[${JSON.stringify(name)}]`;
  }, '');
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
  nonoptional: 'present',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = describePath(issue.path);
  let message: string;
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  else if (issue.message && issue.message !== 'Invalid input') message = issue.message;
  else if (issue.code === 'invalid_type') message = `must be ${TYPE_NAMES[String(issue.expected)] ?? String(issue.expected)}`;
  else if (issue.code === 'invalid_value') message = `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  else if (issue.code === 'invalid_key') message = 'is not a valid id';
  else message = 'is not valid';
  return where ? `${where}: ${message}` : message;
}

/**
 * Checks a parsed backup document completely before anything is applied: the envelope first (so a
 * newer format is named as such), then every record.
 */
export function checkBackup(document: unknown): BackupCheck {
  if (typeof document !== 'object' || document === null || Array.isArray(document) || (document as { format?: unknown }).format !== BACKUP_FORMAT) {
    return { ok: false, reason: 'not-backup', problems: [`it has no "format": "${BACKUP_FORMAT}"`] };
  }
  const version = (document as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) return { ok: false, reason: 'newer', version };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: 'invalid', problems: [`version: must be a whole number from 1 to ${BACKUP_VERSION}`] };
  }
  const parsed = backupSchema.safeParse(document);
  if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map(describeIssue) };
  return { ok: true, backup: parsed.data as Backup };
}

export interface ImportChanges {
  sessions: { added: number; updated: number; removed: number };
  reviewItems: { added: number; updated: number; removed: number };
  reviewLog: { added: number; removed: number };
  lab: boolean;
  startDate: boolean;
}

const timeOf = (value: string | null | undefined): number | null => {
  const date = value ? parseInstant(value) : null;
  return date ? date.getTime() : null;
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The merged record of a session: the later finish wins; ticks are combined; no summary is lost. */
export function mergeSessionRecord(mine: SessionRecord, theirs: SessionRecord): SessionRecord {
  const mineDone = timeOf(mine.completedAt);
  const theirsDone = timeOf(theirs.completedAt);
  const theirsWins = theirsDone !== null ? mineDone === null || theirsDone > mineDone : mineDone === null;
  const [winner, other] = theirsWins ? [theirs, mine] : [mine, theirs];
  const merged: SessionRecord = { ...winner };
  const checked = [...new Set([...(mine.checked ?? []), ...(theirs.checked ?? [])])].sort((a, b) => a - b);
  if (checked.length > 0 || winner.checked !== undefined) merged.checked = checked;
  merged.summary = mergeSummaries(winner.summary ?? null, other.summary ?? null);
  if (merged.summary === null && winner.summary === undefined) delete merged.summary;
  return merged;
}

/** Marks where a summary kept from the other copy of a record begins. */
export const OTHER_SUMMARY_MARK = '— also written, in the other copy —';

/**
 * Two summaries of one session, both kept: the user's own words are never dropped by a merge. One
 * that already holds the other (a repeated import) is kept as it is.
 */
function mergeSummaries(first: string | null, second: string | null): string | null {
  if (first === null || second === null) return first ?? second;
  if (first.includes(second)) return first;
  if (second.includes(first)) return second;
  return `${first}\n\n${OTHER_SUMMARY_MARK}\n${second}`;
}

/**
 * The newer of two records of a review item: the one last reviewed (or, never reviewed, created) on
 * the later day; on the same day, the one reviewed more often.
 */
export function newerReviewItem(mine: ReviewItemRecord, theirs: ReviewItemRecord): ReviewItemRecord {
  // A card keeps its last review as a study day; an instant's own calendar day is its first ten characters.
  const stamp = (item: ReviewItemRecord): [string, number] => [item.card?.last_review ?? item.createdAt.slice(0, 10), item.card?.reps ?? 0];
  const [mineDay, mineReps] = stamp(mine);
  const [theirsDay, theirsReps] = stamp(theirs);
  return theirsDay > mineDay || (theirsDay === mineDay && theirsReps > mineReps) ? theirs : mine;
}

/**
 * Merges a backup's progress into the current one, in place: records only in the backup are added,
 * records in both keep the newer, the review logs are combined, and the lab date and start date are
 * taken from the backup only where none is set.
 */
export function mergeProgress(current: PlanProgress, incoming: PlanProgress): ImportChanges {
  const changes: ImportChanges = {
    sessions: { added: 0, updated: 0, removed: 0 },
    reviewItems: { added: 0, updated: 0, removed: 0 },
    reviewLog: { added: 0, removed: 0 },
    lab: false,
    startDate: false,
  };
  for (const [id, theirs] of Object.entries(incoming.sessions)) {
    const mine = Object.hasOwn(current.sessions, id) ? current.sessions[id] : undefined;
    if (!mine) {
      current.sessions[id] = theirs;
      changes.sessions.added += 1;
      continue;
    }
    const merged = mergeSessionRecord(mine, theirs);
    if (!same(merged, mine)) {
      current.sessions[id] = merged;
      changes.sessions.updated += 1;
    }
  }
  for (const [id, theirs] of Object.entries(incoming.reviewItems)) {
    const mine = Object.hasOwn(current.reviewItems, id) ? current.reviewItems[id] : undefined;
    if (!mine) {
      current.reviewItems[id] = theirs;
      changes.reviewItems.added += 1;
    } else if (newerReviewItem(mine, theirs) === theirs && !same(mine, theirs)) {
      current.reviewItems[id] = theirs;
      changes.reviewItems.updated += 1;
    }
  }
  const keyOf = (entry: PlanProgress['reviewLog'][number]): string => `${entry.item}\u0000${timeOf(entry.at) ?? entry.at}\u0000${entry.rating}`;
  const seen = new Set(current.reviewLog.map(keyOf));
  const added = incoming.reviewLog.filter((entry) => {
    const key = keyOf(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (added.length > 0) {
    changes.reviewLog.added = added.length;
    // Oldest first, as the log is written; the sort is stable for entries at the same instant.
    current.reviewLog = [...current.reviewLog, ...added]
      .map((entry) => ({ entry, time: timeOf(entry.at) ?? 0 }))
      .sort((a, b) => a.time - b.time)
      .map(({ entry }) => entry);
  }
  if (!current.lab && incoming.lab) {
    current.lab = incoming.lab;
    changes.lab = true;
  }
  if (!current.startDate && incoming.startDate) {
    current.startDate = incoming.startDate;
    changes.startDate = true;
  }
  return changes;
}

/** Replaces the current progress with the backup's, in place, and says what changed. */
export function replaceProgress(current: PlanProgress, incoming: PlanProgress): ImportChanges {
  const changes: ImportChanges = {
    sessions: { added: 0, updated: 0, removed: 0 },
    reviewItems: { added: 0, updated: 0, removed: 0 },
    reviewLog: { added: 0, removed: 0 },
    lab: current.lab !== incoming.lab,
    startDate: current.startDate !== incoming.startDate,
  };
  for (const [id, record] of Object.entries(incoming.sessions)) {
    if (!Object.hasOwn(current.sessions, id)) changes.sessions.added += 1;
    else if (!same(current.sessions[id], record)) changes.sessions.updated += 1;
  }
  for (const [id, item] of Object.entries(incoming.reviewItems)) {
    if (!Object.hasOwn(current.reviewItems, id)) changes.reviewItems.added += 1;
    else if (!same(current.reviewItems[id], item)) changes.reviewItems.updated += 1;
  }
  changes.sessions.removed = Object.keys(current.sessions).filter((id) => !Object.hasOwn(incoming.sessions, id)).length;
  changes.reviewItems.removed = Object.keys(current.reviewItems).filter((id) => !Object.hasOwn(incoming.reviewItems, id)).length;
  const before = new Set(current.reviewLog.map((entry) => JSON.stringify(entry)));
  const after = new Set(incoming.reviewLog.map((entry) => JSON.stringify(entry)));
  changes.reviewLog.added = [...after].filter((entry) => !before.has(entry)).length;
  changes.reviewLog.removed = [...before].filter((entry) => !after.has(entry)).length;
  current.sessions = incoming.sessions;
  current.reviewItems = incoming.reviewItems;
  current.reviewLog = incoming.reviewLog;
  current.lab = incoming.lab;
  current.startDate = incoming.startDate;
  return changes;
}
