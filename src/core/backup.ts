import * as z from 'zod/mini';
import { legacyEventId, type ReviewEvent } from './events.ts';
import {
  cardProblem,
  dict,
  isDayInRange,
  isInstant,
  itemProblem,
  MAX_MINUTES,
  MAX_SUMMARY_CHARS,
  RATINGS,
  sessionProblem,
  type CardState,
  type Dict,
  type ItemRecord,
  type PlanMeta,
  type Rating,
  type SessionRecord,
} from './records.ts';

// The JSON backup of one plan's progress (`export --format json`, `import FILE`). The envelope
// carries a format name and version so a backup from a newer k8s-study is refused, never misread.
// Version 2 gives every logged review its id (two identical reviews stay two); version 1 backups
// are read too, their reviews given the ids the store gives the same reviews when it upgrades.

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

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ITEM_ID = /^(?:session|keypoint|term):[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = z.string().check(z.regex(SLUG, { error: 'must be a lowercase slug such as "shared-responsibility"' }));
const itemId = z.string().check(z.regex(ITEM_ID, { error: 'must be a review item id such as "session:<id>", "keypoint:<id>" or "term:<id>"' }));
const day = z.string().check(z.refine((value) => isDayInRange(value), { error: 'must be a calendar day YYYY-MM-DD from 1970 to 2999' }));
const instant = z.string().check(z.refine((value) => isInstant(value), { error: 'must be an ISO 8601 instant with its offset, from 1970 to 2999' }));
const count = z.int().check(z.gte(0, { error: 'must be a whole number, 0 or more' }), z.lte(1_000_000, { error: 'must be at most 1,000,000' }));
const amount = (max: number) => z.number().check(z.gte(0, { error: 'must be a number, 0 or more' }), z.lte(max, { error: `must be at most ${max}` }));
const summary = z.string().check(z.maxLength(MAX_SUMMARY_CHARS, { error: `must be at most ${MAX_SUMMARY_CHARS} characters` }));

// Version 1: ticks by line number, the card with its own due day, reviews without ids.
const sessionRecordV1 = z.strictObject({
  checked: z.optional(z.array(z.int().check(z.positive({ error: 'must be a checklist item number, 1 or more' })))),
  completedAt: z.optional(z.nullable(instant)),
  minutesSpent: z.optional(z.nullable(amount(MAX_MINUTES))),
  summary: z.optional(z.nullable(summary)),
});

const cardV1 = z.looseObject({
  due: day,
  stability: amount(1_000_000),
  difficulty: amount(100),
  elapsed_days: amount(1_000_000),
  scheduled_days: amount(1_000_000),
  learning_steps: count,
  reps: count,
  lapses: count,
  state: z.int().check(z.gte(0), z.lte(3)),
  last_review: z.optional(z.nullable(z.string())),
});

const reviewItemV1 = z.strictObject({ source: slug, createdAt: instant, due: day, card: z.nullable(cardV1) });

const progressV1 = z.strictObject({
  sessions: z.record(slug, sessionRecordV1),
  reviewItems: z.record(itemId, reviewItemV1),
  reviewLog: z.array(z.strictObject({ item: itemId, at: instant, rating: z.enum(RATINGS as [string, ...string[]]) })),
  lab: z.nullable(day),
  startDate: z.nullable(day),
});

// Version 2: the store's own records, checked as the store checks them, and reviews with ids.
const sessionRecordV2 = z.custom<SessionRecord>((value) => sessionProblem(value) === null, { error: 'is not a session record (completedAt, minutesSpent, summary, ticks, clockedMinutes, changedAt)' });
const itemRecordV2 = z.custom<ItemRecord>((value) => itemProblem(value) === null, { error: 'is not a review item record (source, createdAt, due, card, changedAt)' });

const progressV2 = z.strictObject({
  sessions: z.record(slug, sessionRecordV2),
  reviewItems: z.record(itemId, itemRecordV2),
  reviewLog: z.array(
    z.strictObject({
      id: z.string().check(z.minLength(1), z.maxLength(100)),
      item: itemId,
      at: instant,
      rating: z.enum(RATINGS as [string, ...string[]]),
      practice: z.optional(z.literal(true)),
    }),
  ),
  lab: z.nullable(day),
  startDate: z.nullable(day),
});

const envelope = <T extends z.ZodMiniType>(progress: T) =>
  z.strictObject({
    format: z.literal(BACKUP_FORMAT),
    version: z.int(),
    plan: z.strictObject({ id: slug, title: z.string() }),
    exportedAt: instant,
    progress,
  });

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

type ProgressV1 = z.infer<typeof progressV1>;

/** A version 1 backup's progress in this version's records; reviews get the ids the store gives them on upgrade. */
function upgradeV1(planId: string, progress: ProgressV1): BackupProgress {
  const lastReview = new Map<string, string>();
  for (const entry of progress.reviewLog) lastReview.set(entry.item, entry.at);
  const sessions = dict<SessionRecord>();
  for (const [id, old] of Object.entries(progress.sessions)) {
    const record: SessionRecord = {
      completedAt: old.completedAt ?? null,
      minutesSpent: old.minutesSpent ?? null,
      summary: old.summary ?? null,
      ticks: [],
      clockedMinutes: 0,
      changedAt: old.completedAt ?? '1970-01-01T00:00:00Z',
    };
    if (old.checked && old.checked.length > 0) record.legacyTicks = [...new Set(old.checked)].sort((a, b) => a - b);
    sessions[id] = record;
  }
  const reviewItems = dict<ItemRecord>();
  for (const [id, old] of Object.entries(progress.reviewItems)) {
    const { due: _cardDue, last_review, ...rest } = (old.card ?? {}) as Record<string, unknown>;
    const card = old.card ? ({ ...rest, last_review: typeof last_review === 'string' ? last_review.slice(0, 10) : null } as unknown as CardState) : null;
    reviewItems[id] = { source: old.source, createdAt: old.createdAt, due: old.due, card, changedAt: lastReview.get(id) ?? old.createdAt };
  }
  return {
    sessions,
    reviewItems,
    reviewLog: progress.reviewLog.map((entry, index) => ({ id: legacyEventId(planId, index, entry), item: entry.item, at: entry.at, rating: entry.rating as Rating })),
    lab: progress.lab,
    startDate: progress.startDate,
  };
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
  if (version === 1) {
    const parsed = envelope(progressV1).safeParse(document);
    if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map(describeIssue) };
    for (const [id, item] of Object.entries(parsed.data.progress.reviewItems)) {
      const problem = item.card ? cardProblem({ ...item.card, last_review: null }) : null;
      if (problem) return { ok: false, reason: 'invalid', problems: [`progress.reviewItems[${JSON.stringify(id)}].card.${problem}`] };
    }
    const data = parsed.data;
    return { ok: true, backup: { ...data, format: BACKUP_FORMAT, version, progress: upgradeV1(data.plan.id, data.progress) } };
  }
  const parsed = envelope(progressV2).safeParse(document);
  if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map(describeIssue) };
  const data = parsed.data;
  // Records keyed by ids, copied into dictionaries without a prototype.
  const progress: BackupProgress = {
    ...data.progress,
    sessions: dict(Object.entries(data.progress.sessions)),
    reviewItems: dict(Object.entries(data.progress.reviewItems)),
    reviewLog: data.progress.reviewLog as BackupReview[],
  };
  return { ok: true, backup: { ...data, format: BACKUP_FORMAT, version, progress } };
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

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

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

/** The merged record of a session: the newer record wins; ticks are combined; no summary is lost. */
export function mergeSessionRecord(mine: SessionRecord, theirs: SessionRecord): SessionRecord {
  const theirsWins = timeOf(theirs.changedAt) > timeOf(mine.changedAt);
  const [winner, other] = theirsWins ? [theirs, mine] : [mine, theirs];
  const merged: SessionRecord = { ...winner, ticks: [...new Set([...winner.ticks, ...other.ticks])], summary: mergeSummaries(winner.summary, other.summary) };
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
  const stamp = (item: ItemRecord): [string, number, number] => [item.card?.last_review ?? item.createdAt.slice(0, 10), item.card?.reps ?? 0, timeOf(item.changedAt)];
  const [mineDay, mineReps, mineChanged] = stamp(mine);
  const [theirsDay, theirsReps, theirsChanged] = stamp(theirs);
  if (theirsDay !== mineDay) return theirsDay > mineDay ? theirs : mine;
  if (theirsReps !== mineReps) return theirsReps > mineReps ? theirs : mine;
  return theirsChanged > mineChanged ? theirs : mine;
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
export function planMerge(current: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta }, knownReviewIds: ReadonlySet<string>, incoming: BackupProgress): ImportPlan {
  const changes = emptyChanges();
  const sessions = dict<SessionRecord | null>();
  for (const [id, theirs] of Object.entries(incoming.sessions)) {
    const mine = Object.hasOwn(current.sessions, id) ? current.sessions[id] : undefined;
    if (!mine) {
      sessions[id] = theirs;
      changes.sessions.added += 1;
      continue;
    }
    const merged = mergeSessionRecord(mine, theirs);
    if (!same(merged, mine)) {
      sessions[id] = merged;
      changes.sessions.updated += 1;
    }
  }
  const items = dict<ItemRecord | null>();
  for (const [id, theirs] of Object.entries(incoming.reviewItems)) {
    const mine = Object.hasOwn(current.items, id) ? current.items[id] : undefined;
    if (!mine) {
      items[id] = theirs;
      changes.reviewItems.added += 1;
    } else if (newerReviewItem(mine, theirs) === theirs && !same(mine, theirs)) {
      items[id] = theirs;
      changes.reviewItems.updated += 1;
    }
  }
  const seen = new Set(knownReviewIds);
  const reviews = incoming.reviewLog.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
  changes.reviewLog.added = reviews.length;
  const meta = { lab: current.meta.lab, startDate: current.meta.startDate };
  if (!meta.lab && incoming.lab) [meta.lab, changes.lab] = [incoming.lab, true];
  if (!meta.startDate && incoming.startDate) [meta.startDate, changes.startDate] = [incoming.startDate, true];
  return { sessions, items, reviews, meta, changes };
}

/**
 * Restoring a backup exactly: every record becomes the backup's (records it lacks go), and the
 * review history of the plan starts again from the backup's log.
 */
export function planReplace(current: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta }, knownReviewIds: ReadonlySet<string>, incoming: BackupProgress): ImportPlan {
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
  changes.reviewLog.added = incoming.reviewLog.filter((entry) => !knownReviewIds.has(entry.id)).length;
  changes.reviewLog.removed = [...knownReviewIds].filter((id) => !incomingIds.has(id)).length;
  changes.lab = current.meta.lab !== incoming.lab;
  changes.startDate = current.meta.startDate !== incoming.startDate;
  return { sessions, items, reviews: [...incoming.reviewLog], meta: { lab: incoming.lab, startDate: incoming.startDate }, changes };
}
