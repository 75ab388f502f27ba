import * as z from 'zod/mini';
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, type BackupProgress, type BackupReview } from './backup.ts';
import { allRecordsGood, isReviewV2, ITEM_ID, SLUG } from './backup-direct-check.ts';
import { legacyEventId } from './events.ts';
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
  type ItemRecord,
  type Rating,
  type SessionRecord,
} from './records.ts';

// Checking a backup completely before anything is applied (`import`): the envelope first, so that a
// newer format is named as such, then every record, with the bounds the store checks. Version 1
// backups are read too, their reviews given the ids the store gives the same reviews when it upgrades.
// A backup of this version that is wholly good is accepted by backup-direct-check.ts without this
// module; this one decides the rest and names what is wrong.

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
// The message names the field that is wrong, as the store's own check finds it.
const sessionRecordV2 = z.custom<SessionRecord>((value) => sessionProblem(value) === null, { error: (issue) => `is not a session record: ${sessionProblem(issue.input) ?? 'unreadable'}` });
const itemRecordV2 = z.custom<ItemRecord>((value) => itemProblem(value) === null, { error: (issue) => `is not a review item record: ${itemProblem(issue.input) ?? 'unreadable'}` });

const reviewV2 = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  item: itemId,
  at: instant,
  rating: z.enum(RATINGS as [string, ...string[]]),
  practice: z.optional(z.literal(true)),
});

const progressV2 = z.strictObject({
  sessions: z.record(slug, sessionRecordV2),
  reviewItems: z.record(itemId, itemRecordV2),
  reviewLog: z.array(reviewV2),
  lab: z.nullable(day),
  startDate: z.nullable(day),
});
/** The same, for records and a log that allRecordsGood and isReviewV2 have accepted: only the rest is checked again. */
const progressV2Checked = z.strictObject({
  sessions: z.custom<Record<string, SessionRecord>>(),
  reviewItems: z.custom<Record<string, ItemRecord>>(),
  reviewLog: z.custom<unknown[]>(),
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
  if (issue.code === 'unrecognized_keys') message = `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
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
    const progress = upgradeV1(data.plan.id, data.progress);
    // The upgraded records pass the same checks as the store's own, or the backup is refused.
    for (const [id, item] of Object.entries(progress.reviewItems)) {
      const problem = itemProblem(item);
      if (problem) return { ok: false, reason: 'invalid', problems: [`progress.reviewItems[${JSON.stringify(id)}]: ${problem}`] };
    }
    for (const [id, record] of Object.entries(progress.sessions)) {
      const problem = sessionProblem(record);
      if (problem) return { ok: false, reason: 'invalid', problems: [`progress.sessions[${JSON.stringify(id)}]: ${problem}`] };
    }
    return { ok: true, backup: { ...data, format: BACKUP_FORMAT, version, progress } };
  }
  // What a backup holds thousands of is checked directly first; the schema names what is wrong when that fails.
  const progress = (document as { progress?: Record<string, unknown> }).progress;
  const log = progress?.reviewLog;
  const checked =
    Array.isArray(log) && log.every(isReviewV2) && allRecordsGood(progress?.sessions, SLUG, sessionProblem) && allRecordsGood(progress?.reviewItems, ITEM_ID, itemProblem);
  const parsed = (checked ? envelope(progressV2Checked) : envelope(progressV2)).safeParse(document);
  if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map(describeIssue) };
  const data = parsed.data;
  // Records keyed by ids, copied into dictionaries without a prototype.
  const records: BackupProgress = {
    ...data.progress,
    sessions: dict(Object.entries(data.progress.sessions)),
    reviewItems: dict(Object.entries(data.progress.reviewItems)),
    reviewLog: data.progress.reviewLog as BackupReview[],
  };
  return { ok: true, backup: { ...data, format: BACKUP_FORMAT, version, progress: records } };
}

