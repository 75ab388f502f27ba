import { BACKUP_FORMAT, BACKUP_VERSION, type Backup, type BackupReview } from './backup.ts';
import { dict, isDayInRange, isInstant, isRecord, itemProblem, RATINGS, sessionProblem, type ItemRecord, type Rating, type SessionRecord } from './records.ts';

// A backup of this version checked without the schema library (backup-check.ts), whose schemas
// take milliseconds to build and microseconds a record: a backup of a large store holds tens of
// thousands of records. This accepts only what the schema accepts; whatever it does not accept goes
// to the schema, which accepts it or names what is wrong (tests/core/backup.test.ts holds the two
// to each other).

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ITEM_ID = /^(?:session|keypoint|term):[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether an object has exactly these keys, the optional ones perhaps not. */
function hasOnlyKeys(value: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  let found = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (required.includes(key)) found += 1;
    else if (!optional.includes(key)) return false;
  }
  return found === required.length;
}

/**
 * Whether a review entry is one the schema's version 2 review accepts: an id of 1 to 100
 * characters, an item id, an instant, a rating, and `practice: true` or nothing.
 */
export function isReviewV2(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value) if (key !== 'id' && key !== 'item' && key !== 'at' && key !== 'rating' && key !== 'practice') return false;
  return (
    typeof value.id === 'string' &&
    value.id.length >= 1 &&
    value.id.length <= 100 &&
    typeof value.item === 'string' &&
    ITEM_ID.test(value.item) &&
    isInstant(value.at) &&
    RATINGS.includes(value.rating as Rating) &&
    (value.practice === undefined || value.practice === true)
  );
}

/** Whether every record of a dictionary has an id matching `idPattern` and no problem (the store's own check). */
export function allRecordsGood(value: unknown, idPattern: RegExp, problemOf: (record: unknown) => string | null): boolean {
  if (!isRecord(value)) return false;
  for (const id of Object.keys(value)) if (!idPattern.test(id) || problemOf(value[id]) !== null) return false;
  return true;
}

const isDayOrNull = (value: unknown): boolean => value === null || isDayInRange(value);

/**
 * A parsed backup document of the current version, when every part of it is what the schema
 * accepts; else null (the schema then decides, and names any problem). Its records go into
 * dictionaries without a prototype, as the store's are (an id such as "constructor" is then only a record's).
 */
export function checkBackupDirectly(document: unknown): Backup | null {
  if (!isRecord(document) || !hasOnlyKeys(document, ['format', 'version', 'plan', 'exportedAt', 'progress'])) return null;
  const { plan, progress } = document;
  if (document.format !== BACKUP_FORMAT || document.version !== BACKUP_VERSION || !isInstant(document.exportedAt)) return null;
  if (!isRecord(plan) || !hasOnlyKeys(plan, ['id', 'title']) || typeof plan.id !== 'string' || !SLUG.test(plan.id) || typeof plan.title !== 'string') return null;
  if (!isRecord(progress) || !hasOnlyKeys(progress, ['sessions', 'reviewItems', 'reviewLog', 'lab', 'startDate'])) return null;
  const { sessions, reviewItems, reviewLog, lab, startDate } = progress;
  if (!isDayOrNull(lab) || !isDayOrNull(startDate) || !Array.isArray(reviewLog) || !reviewLog.every(isReviewV2)) return null;
  if (!allRecordsGood(sessions, SLUG, sessionProblem) || !allRecordsGood(reviewItems, ITEM_ID, itemProblem)) return null;
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    plan: { id: plan.id, title: plan.title },
    exportedAt: document.exportedAt as string,
    progress: {
      sessions: Object.assign(dict<SessionRecord>(), sessions),
      reviewItems: Object.assign(dict<ItemRecord>(), reviewItems),
      reviewLog: reviewLog as BackupReview[],
      lab: lab as string | null,
      startDate: startDate as string | null,
    },
  };
}
