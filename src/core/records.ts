import { digitsAt, FIRST_YEAR, isCalendarDate, isCalendarDay, isWrittenInstant, LAST_YEAR, type Day } from './dates.ts';

// What the store keeps, record by record, and the checks every record passes when a file is read.
// Records live in dictionaries without a prototype: a plan may call a session `constructor` or
// `to-string`, and a lookup must find that record, not something every JavaScript object has.

export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

/** A dictionary keyed by ids, with no prototype (so no id can collide with an inherited property). */
export type Dict<T> = Record<string, T>;

/** A new empty dictionary, or one holding the given entries. */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Dict<T> {
  const result = Object.create(null) as Dict<T>;
  if (entries) for (const [key, value] of entries) result[key] = value;
  return result;
}

/** Whether `key` is one of the dictionary's own entries (safe on any object). */
export function has(object: object, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** A plain object that is not an array or null: what JSON objects parse to. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether two values read from JSON write the same JSON, whatever the order of their keys: equal
 * texts, numbers and the like, lists of such values, objects with such values under the same keys
 * (a key whose value is undefined counts as absent, as JSON.stringify leaves it out). Comparing
 * thousands of records this way costs a fraction of writing each as text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  const first = a as Record<string, unknown>;
  const second = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(first)) {
    if (first[key] === undefined) continue;
    if (!Object.hasOwn(second, key) || !sameJson(first[key], second[key])) return false;
    keys += 1;
  }
  for (const key of Object.keys(second)) if (second[key] !== undefined) keys -= 1;
  return keys === 0;
}

/** What the store keeps for one session of a plan. */
export interface SessionRecord {
  /** When it was finished (an instant), or null while it is not done. */
  completedAt: string | null;
  /** Minutes spent on it, recorded when it was finished. */
  minutesSpent: number | null;
  /** The user's own words; kept through `undo`. */
  summary: string | null;
  /**
   * The text of every ticked checklist line. A tick belongs to its line's text, not its position:
   * reordering the plan's focus lines keeps it on its line, rewording the line leaves it behind.
   */
  ticks: string[];
  /**
   * Ticks by line number, kept from stores made before ticks followed their text, until the session
   * is next changed with its plan at hand (then they become texts).
   */
  legacyTicks?: number[];
  /** Minutes clocked with `start`/`stop` and not yet counted into a finished session. */
  clockedMinutes: number;
  /** When this record last changed (an instant): the newer record wins when stores are merged. */
  changedAt: string;
}

/** FSRS memory state of a review item (ts-fsrs's card without `due`, which the item keeps). */
export interface CardState {
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  /** The study day of the last review. */
  last_review: Day | null;
}

/** A review item: `session:<id>`, `keypoint:<id>` or `term:<id>`. */
export interface ItemRecord {
  /** The session whose completion created it; `undo` of that session removes it. */
  source: string;
  createdAt: string;
  /** The item's own next due day (before the lab cap). */
  due: Day;
  /** Null until the first review. */
  card: CardState | null;
  changedAt: string;
}

/** The plan-wide facts the store keeps beside the records. */
export interface PlanMeta {
  /** The plan's title when it was last used, for listing plans without their files. */
  title: string;
  /** The plan file it was last used with (absolute path), or null when unknown. */
  file: string | null;
  lab: Day | null;
  startDate: Day | null;
}

/** A running study clock: at most one per store. */
export interface Clock {
  plan: string;
  session: string;
  startedAt: string;
  /** The session as it was named when the clock started ("2. EKS Security Architecture"). */
  label?: string;
  /** The session's planned minutes: what a clock forgotten past the day's end counts. */
  plannedMinutes?: number;
}

/** Everything recorded for one plan, as commands see it. */
export interface PlanState {
  id: string;
  meta: PlanMeta;
  sessions: Dict<SessionRecord>;
  items: Dict<ItemRecord>;
}

/** A session record with nothing recorded yet. */
export function emptySession(changedAt: string): SessionRecord {
  return { completedAt: null, minutesSpent: null, summary: null, ticks: [], clockedMinutes: 0, changedAt };
}

export function emptyMeta(title = '', file: string | null = null): PlanMeta {
  return { title, file, lab: null, startDate: null };
}

// Bounds on what a record may hold: whatever entered the store (a backup, a hand edit) must not make
// a later computation fail. Minutes are bounded by a year; FSRS values by what its formulas produce.
export const MAX_MINUTES = 525_600;
const MAX_STABILITY = 1_000_000;
const MAX_COUNT = 1_000_000;
/** Longest summary kept: a book chapter, far above what anyone types as a summary. */
export const MAX_SUMMARY_CHARS = 100_000;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * Whether a value is an ISO 8601 instant with an offset, in the years the tool works with. Checked
 * by its fields (a real calendar day, hours and minutes in range), not by building a Date: stores of
 * thousands of records check every one as they are read.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  // Records read together share instants (an item's created and changed, a session's items): the
  // last one found good is not checked again.
  if (value === lastInstant) return true;
  // The form the tool writes, read without a regular expression (its date is checked with it); any
  // other ISO 8601 form with an offset by the pattern, then its date.
  const written = isWrittenInstant(value);
  if (!written && !INSTANT.test(value)) return false;
  const year = digitsAt(value, 0, 4);
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR && (written || isCalendarDate(year, digitsAt(value, 5, 2), digitsAt(value, 8, 2))))) return false;
  lastInstant = value;
  return true;
}
/** None yet: no input equals it (an empty text must be checked like any other). */
let lastInstant: string | undefined;

/** Whether a value is a calendar day in the years the tool works with. */
export function isDayInRange(value: unknown): value is Day {
  if (value === lastDay) return true;
  if (!isCalendarDay(value)) return false;
  const year = Number((value as string).slice(0, 4));
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) return false;
  lastDay = value as Day;
  return true;
}
let lastDay: string | undefined;

const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

/** What is wrong with a stored session record, or null. */
export function sessionProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object';
  if (value.completedAt !== null && !isInstant(value.completedAt)) return 'completedAt: is not an instant';
  if (value.minutesSpent !== null && !isNumberIn(value.minutesSpent, 0, MAX_MINUTES)) return `minutesSpent: is not a number of minutes from 0 to ${MAX_MINUTES}`;
  if (value.summary !== null && !(typeof value.summary === 'string' && value.summary.length <= MAX_SUMMARY_CHARS)) return 'summary: is not text';
  if (!Array.isArray(value.ticks) || !value.ticks.every((tick) => typeof tick === 'string')) return 'ticks: is not a list of checklist lines';
  if (value.legacyTicks !== undefined && !(Array.isArray(value.legacyTicks) && value.legacyTicks.every((number) => Number.isInteger(number) && number >= 1))) return 'legacyTicks: is not a list of line numbers';
  if (!isNumberIn(value.clockedMinutes, 0, MAX_MINUTES)) return 'clockedMinutes: is not a number of minutes';
  if (!isInstant(value.changedAt)) return 'changedAt: is not an instant';
  return null;
}

/** What is wrong with a stored FSRS card, or null. */
export function cardProblem(card: unknown): string | null {
  if (!isRecord(card)) return 'is not an object';
  // Field by field, each by its name: checked for every item of a store, mostly before the
  // checking code is optimised, where a loop over the names costs several times more.
  const wrong =
    !isNumberIn(card.stability, 0, MAX_STABILITY) ? (['stability', MAX_STABILITY] as const)
    : !isNumberIn(card.difficulty, 0, 100) ? (['difficulty', 100] as const)
    : !isNumberIn(card.elapsed_days, 0, MAX_COUNT) ? (['elapsed_days', MAX_COUNT] as const)
    : !isNumberIn(card.scheduled_days, 0, MAX_COUNT) ? (['scheduled_days', MAX_COUNT] as const)
    : !isNumberIn(card.learning_steps, 0, MAX_COUNT) ? (['learning_steps', MAX_COUNT] as const)
    : !isNumberIn(card.reps, 0, MAX_COUNT) ? (['reps', MAX_COUNT] as const)
    : !isNumberIn(card.lapses, 0, MAX_COUNT) ? (['lapses', MAX_COUNT] as const)
    : !isNumberIn(card.state, 0, 3) ? (['state', 3] as const)
    : null;
  if (wrong) return `${wrong[0]}: is not a number from 0 to ${wrong[1]}`;
  if (card.last_review !== null && !isDayInRange(card.last_review)) return 'last_review: is not a calendar day';
  return null;
}

/** What is wrong with a stored review item, or null. */
export function itemProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object';
  if (typeof value.source !== 'string' || value.source === '') return 'source: is not a session id';
  if (!isInstant(value.createdAt)) return 'createdAt: is not an instant';
  if (!isDayInRange(value.due)) return 'due: is not a calendar day';
  if (value.card !== null) {
    const problem = cardProblem(value.card);
    if (problem) return `card.${problem}`;
  }
  if (!isInstant(value.changedAt)) return 'changedAt: is not an instant';
  return null;
}

/** What is wrong with a plan's stored meta, or null. */
export function metaProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object';
  if (typeof value.title !== 'string') return 'title: is not text';
  if (value.file !== null && typeof value.file !== 'string') return 'file: is not a path';
  if (value.lab !== null && !isDayInRange(value.lab)) return 'lab: is not a calendar day';
  if (value.startDate !== null && !isDayInRange(value.startDate)) return 'startDate: is not a calendar day';
  return null;
}

/** What is wrong with a stored clock, or null. */
export function clockProblem(value: unknown): string | null {
  if (value === null) return null;
  if (!isRecord(value)) return 'is not an object';
  if (typeof value.plan !== 'string' || typeof value.session !== 'string') return 'is not a plan and session';
  if (!isInstant(value.startedAt)) return 'startedAt: is not an instant';
  if (value.label !== undefined && !(typeof value.label === 'string' && value.label.length <= 1000)) return 'label: is not a short text';
  if (value.plannedMinutes !== undefined && !isNumberIn(value.plannedMinutes, 0, MAX_MINUTES)) return 'plannedMinutes: is not a number of minutes';
  return null;
}

/** Splits `keypoint:iam` into its kind and id. */
export function splitItemId(itemId: string): [string, string] {
  const colon = itemId.indexOf(':');
  return colon < 0 ? ['', itemId] : [itemId.slice(0, colon), itemId.slice(colon + 1)];
}
