import { isCalendarDay, shiftDay, studyDay, type Day } from './dates.ts';
import type { Plan, PlanSession } from './plan.ts';
import { indexPlan } from './plan-index.ts';
import { sanitizeText } from './text.ts';

export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

/** What the store keeps for one session, keyed by session id. */
export interface SessionRecord {
  /** Ticked checklist item numbers (1-based). */
  checked?: number[];
  completedAt?: string | null;
  minutesSpent?: number | null;
  /** Kept through `undo`: it is the user's own writing. */
  summary?: string | null;
}

/** FSRS memory state of a review item, as ts-fsrs describes a card; dates are study days. */
export interface CardState {
  due: Day;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: Day | null;
}

/** A review item: `session:<id>`, `keypoint:<id>` or `term:<id>`. */
export interface ReviewItemRecord {
  /** The session whose completion created it; `undo` of that session removes it. */
  source: string;
  createdAt: string;
  /** The item's own next due day (before the lab cap). */
  due: Day;
  /** Null until the first review. */
  card: CardState | null;
}

export interface ReviewLogEntry {
  item: string;
  at: string;
  rating: Rating;
}

/** Everything recorded for one plan, keyed by the plan's id in the store. */
export interface PlanProgress {
  sessions: Record<string, SessionRecord>;
  reviewItems: Record<string, ReviewItemRecord>;
  reviewLog: ReviewLogEntry[];
  lab: Day | null;
  startDate: Day | null;
}

export type SessionStatus = 'todo' | 'in-progress' | 'done';

/** The SPEC's `Session` JSON shape: one session with what the user has recorded for it. */
export interface SessionView {
  id: string;
  number: number;
  title: string;
  day: number;
  minutes: number;
  status: SessionStatus;
  checklist: { number: number; text: string; done: boolean }[];
  keyPoints: { id: string; title: string; text: string }[];
  terms: { id: string; term: string; text: string }[];
  completedAt: string | null;
  minutesSpent: number | null;
  summary: string | null;
}

/** A fresh, empty progress record for a plan. */
export function emptyProgress(): PlanProgress {
  return { sessions: {}, reviewItems: {}, reviewLog: [], lab: null, startDate: null };
}

/** Whether the session is done, in progress (something ticked) or still to do. */
export function sessionStatus(session: PlanSession, record: SessionRecord | undefined): SessionStatus {
  if (record?.completedAt) return 'done';
  const ticked = (record?.checked ?? []).filter((number) => number >= 1 && number <= session.focus.length);
  return ticked.length > 0 ? 'in-progress' : 'todo';
}

/** Builds the view of one session: the plan's content with the user's ticks, time and summary. */
export function describeSession(plan: Plan, session: PlanSession, progress: PlanProgress): SessionView {
  const record = progress.sessions[session.id];
  const checked = new Set(record?.checked ?? []);
  const { keyPoints, terms } = indexPlan(plan);
  return {
    id: session.id,
    number: session.number,
    title: session.title,
    day: session.day,
    minutes: session.minutes,
    status: sessionStatus(session, record),
    checklist: session.focus.map((text, index) => ({ number: index + 1, text, done: checked.has(index + 1) })),
    keyPoints: session.keyPoints.flatMap((id) => {
      const point = keyPoints.get(id);
      return point ? [{ id: point.id, title: point.title, text: point.text }] : [];
    }),
    terms: session.terms.flatMap((id) => {
      const term = terms.get(id);
      return term ? [{ id: term.id, term: term.term, text: term.text }] : [];
    }),
    completedAt: record?.completedAt ?? null,
    minutesSpent: record?.minutesSpent ?? null,
    // The summary came from a terminal or a backup: treat it as untrusted text too.
    summary: record?.summary == null ? null : sanitizeText(record.summary),
  };
}

/** The first session not yet done, in study order; null when all are done. */
export function pickNextSession(plan: Plan, progress: Pick<PlanProgress, 'sessions'>): PlanSession | null {
  return plan.sessions.find((session) => !progress.sessions[session.id]?.completedAt) ?? null;
}

export interface ProgressTotals {
  done: number;
  total: number;
  minutesPlanned: number;
  minutesSpent: number;
}

/** Sessions done of all, minutes planned in the plan and minutes spent on finished sessions. */
export function summarizeProgress(plan: Plan, progress: PlanProgress): ProgressTotals {
  let done = 0;
  let minutesSpent = 0;
  for (const session of plan.sessions) {
    const record = progress.sessions[session.id];
    if (record?.completedAt) {
      done += 1;
      minutesSpent += record.minutesSpent ?? 0;
    }
  }
  const minutesPlanned = plan.sessions.reduce((sum, session) => sum + session.minutes, 0);
  return { done, total: plan.sessions.length, minutesPlanned, minutesSpent };
}

/** Ticks (or clears) checklist items of a session; returns the numbers whose state changed. */
export function setChecked(progress: PlanProgress, session: PlanSession, numbers: readonly number[], ticked: boolean): number[] {
  const record = (progress.sessions[session.id] ??= {});
  const current = new Set(record.checked ?? []);
  const changed = numbers.filter((number) => current.has(number) !== ticked);
  for (const number of changed) {
    if (ticked) current.add(number);
    else current.delete(number);
  }
  record.checked = [...current].sort((a, b) => a - b);
  return changed;
}

export interface CompletionInput {
  completedAt: Date;
  completedAtText: string;
  minutesSpent: number;
  summary: string | null;
  dayStartHour: number;
}

/**
 * Marks a session done and creates its review items (SPEC §4): the session itself, the key points
 * and terms it lists that have no item yet, and, when it is the first session done, the terms no
 * session lists. Each is first due `firstAfter` study days after completion.
 */
export function completeSession(plan: Plan, progress: PlanProgress, session: PlanSession, input: CompletionInput): string[] {
  const record = (progress.sessions[session.id] ??= {});
  record.completedAt = input.completedAtText;
  record.minutesSpent = input.minutesSpent;
  if (input.summary !== null) record.summary = input.summary;
  const due = shiftDay(studyDay(input.completedAt, input.dayStartHour), plan.review.firstAfterDays);
  const listedTerms = new Set(plan.sessions.flatMap((candidate) => candidate.terms));
  const firstDone = !plan.sessions.some(
    (candidate) => candidate.id !== session.id && progress.sessions[candidate.id]?.completedAt,
  );
  const itemIds = [
    `session:${session.id}`,
    ...session.keyPoints.map((id) => `keypoint:${id}`),
    ...session.terms.map((id) => `term:${id}`),
    ...(firstDone ? plan.terms.filter((term) => !listedTerms.has(term.id)).map((term) => `term:${term.id}`) : []),
  ];
  const created: string[] = [];
  for (const id of itemIds) {
    if (progress.reviewItems[id]) continue;
    progress.reviewItems[id] = { source: session.id, createdAt: input.completedAtText, due, card: null };
    created.push(id);
  }
  return created;
}

/**
 * Marks a session not done. Its review items go, except that a key point or term another finished
 * session also lists passes to that session (a term no session lists, to any other finished one). The summary, ticks and review log are kept.
 */
export function undoSession(plan: Plan, progress: PlanProgress, session: PlanSession): string[] {
  const record = progress.sessions[session.id];
  if (record) {
    record.completedAt = null;
    record.minutesSpent = null;
  }
  const removed: string[] = [];
  for (const [id, item] of Object.entries(progress.reviewItems)) {
    if (item.source !== session.id) continue;
    const [kind, refId] = splitItemId(id);
    // A term no session lists belongs to whichever session was done first: any other finished one.
    const unlistedTerm = kind === 'term' && !plan.sessions.some((candidate) => candidate.terms.includes(refId));
    const heir = plan.sessions.find(
      (candidate) =>
        candidate.id !== session.id &&
        progress.sessions[candidate.id]?.completedAt &&
        (unlistedTerm || (kind === 'keypoint' && candidate.keyPoints.includes(refId)) || (kind === 'term' && candidate.terms.includes(refId))),
    );
    if (heir) {
      item.source = heir.id;
    } else {
      delete progress.reviewItems[id];
      removed.push(id);
    }
  }
  return removed;
}

/** Splits `keypoint:iam` into its kind and id. */
export function splitItemId(itemId: string): [string, string] {
  const colon = itemId.indexOf(':');
  return colon < 0 ? ['', itemId] : [itemId.slice(0, colon), itemId.slice(colon + 1)];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullableString = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';
const isNullableNumber = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value));

function sessionRecordProblem(record: unknown): string | null {
  if (!isObject(record)) return 'is not an object';
  if (record.checked !== undefined && !(Array.isArray(record.checked) && record.checked.every((number) => Number.isInteger(number)))) return 'checked: is not a list of item numbers';
  if (!isNullableString(record.completedAt)) return 'completedAt: is not an instant';
  if (!isNullableNumber(record.minutesSpent)) return 'minutesSpent: is not a number';
  if (!isNullableString(record.summary)) return 'summary: is not text';
  return null;
}

const CARD_NUMBERS = ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'];

function reviewItemProblem(item: unknown): string | null {
  if (!isObject(item)) return 'is not an object';
  if (typeof item.source !== 'string') return 'source: is not a session id';
  if (typeof item.createdAt !== 'string') return 'createdAt: is not an instant';
  if (!isCalendarDay(item.due)) return 'due: is not a calendar day';
  if (item.card === null || item.card === undefined) return null;
  if (!isObject(item.card)) return 'card: is not an object';
  if (!isCalendarDay(item.card.due)) return 'card.due: is not a calendar day';
  if (item.card.last_review !== undefined && item.card.last_review !== null && !isCalendarDay(item.card.last_review)) return 'card.last_review: is not a calendar day';
  for (const field of CARD_NUMBERS) {
    if (typeof item.card[field] !== 'number' || !Number.isFinite(item.card[field])) return `card.${field}: is not a number`;
  }
  return null;
}

/**
 * What, in one part of a plan's stored progress (`sessions`, `reviewItems`, `reviewLog`, `lab`,
 * `startDate`), the commands could not use (a hand edit, a damaged file), as `where: what`; null when
 * nothing. It checks shapes only, quickly enough to run on every read: a full validation is what
 * `import` does to a backup. Parts it does not know are kept as they are, unchecked.
 */
export function findRecordDamage(key: string, value: unknown): string | null {
  if (value === undefined) return null;
  switch (key) {
    case 'sessions':
      if (!isObject(value)) return 'sessions: is not an object';
      for (const id in value) {
        const problem = sessionRecordProblem(value[id]);
        if (problem) return `sessions[${JSON.stringify(id)}]: ${problem}`;
      }
      return null;
    case 'reviewItems':
      if (!isObject(value)) return 'reviewItems: is not an object';
      for (const id in value) {
        const problem = reviewItemProblem(value[id]);
        if (problem) return `reviewItems[${JSON.stringify(id)}]: ${problem}`;
      }
      return null;
    case 'reviewLog':
      if (!Array.isArray(value)) return 'reviewLog: is not a list';
      for (let index = 0; index < value.length; index += 1) {
        const entry: unknown = value[index];
        if (!isObject(entry) || typeof entry.item !== 'string' || typeof entry.at !== 'string' || !RATINGS.includes(entry.rating as Rating)) {
          return `reviewLog[${index}]: is not a review (item, at, rating)`;
        }
      }
      return null;
    case 'lab':
    case 'startDate':
      return value === null || isCalendarDay(value) ? null : `${key}: is not a calendar day`;
    default:
      return null;
  }
}
