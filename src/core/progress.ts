import { shiftDay, studyDay } from './dates.ts';
import type { Plan, PlanSession } from './plan.ts';
import { indexPlan } from './plan-index.ts';
import { listersOf, type PlanOutline, type SessionDetail, type SessionOutline } from './plan-outline.ts';
import { emptySession, splitItemId, type Dict, type ItemRecord, type PlanMeta, type SessionRecord } from './records.ts';
import { sanitizeText } from './text.ts';

// A plan's progress: which sessions are done, ticked or to do, and the changes `done`, `undo` and
// `check` make. Records are never changed in place; a change sets a new record through PlanRecords,
// so the store knows exactly what changed.

export { RATINGS, splitItemId, type Rating } from './records.ts';

/** Where the records of one plan are read and set: a store transaction, or plain dictionaries in memory. */
export interface PlanRecords {
  session(id: string): SessionRecord | undefined;
  setSession(id: string, record: SessionRecord | null): void;
  allSessions(): Dict<SessionRecord>;
  /** Whether some session record passes `test` (the records at hand are looked at first). */
  someSession(test: (id: string, record: SessionRecord) => boolean): boolean;
  item(id: string): ItemRecord | undefined;
  setItem(id: string, record: ItemRecord | null): void;
  allItems(): Dict<ItemRecord>;
  meta: PlanMeta;
  setMeta(meta: PlanMeta): void;
}

/** PlanRecords over dictionaries in memory (changing them in place): for tests and previews. */
export function memoryRecords(state: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta: PlanMeta }): PlanRecords {
  return {
    session: (id) => (Object.hasOwn(state.sessions, id) ? state.sessions[id] : undefined),
    setSession: (id, record) => {
      if (record === null) delete state.sessions[id];
      else state.sessions[id] = record;
    },
    allSessions: () => state.sessions,
    someSession: (test) => Object.keys(state.sessions).some((id) => test(id, state.sessions[id]!)),
    item: (id) => (Object.hasOwn(state.items, id) ? state.items[id] : undefined),
    setItem: (id, record) => {
      if (record === null) delete state.items[id];
      else state.items[id] = record;
    },
    allItems: () => state.items,
    get meta() {
      return state.meta;
    },
    setMeta: (meta) => {
      state.meta = meta;
    },
  };
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

/** A checklist line as ticks compare it: the same words, however spaced. */
export function lineKey(text: string): string {
  // Most lines have nothing to change: looked at, not rewritten (a plan of a thousand sessions has thousands).
  return UNEVEN_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Whitespace lineKey changes: any but a single space between words. */
const UNEVEN_SPACE = /[^\S ]| {2}|^ | $/;

/** The 1-based numbers of the session's checklist lines that are ticked (by text, or by position in an older store). */
export function tickedLines(session: PlanSession, record: SessionRecord | undefined): Set<number> {
  const ticked = new Set<number>();
  if (!record) return ticked;
  if (record.ticks.length > 0) {
    const texts = new Set(record.ticks.map(lineKey));
    session.focus.forEach((line, index) => {
      if (texts.has(lineKey(line))) ticked.add(index + 1);
    });
  }
  for (const position of record.legacyTicks ?? []) if (position >= 1 && position <= session.focus.length) ticked.add(position);
  return ticked;
}

/** Ticks kept for lines the session no longer has (the line was reworded or removed). */
export function ticksLeftBehind(session: PlanSession, record: SessionRecord | undefined): string[] {
  if (!record) return [];
  const lines = new Set(session.focus.map(lineKey));
  return record.ticks.filter((tick) => !lines.has(lineKey(tick)));
}

/** Whether the session is done, in progress (something ticked) or still to do. */
export function sessionStatus(session: PlanSession, record: SessionRecord | undefined): SessionStatus {
  if (record?.completedAt) return 'done';
  // Begun: a line ticked, or time clocked on it.
  return tickedLines(session, record).size > 0 || (record?.clockedMinutes ?? 0) > 0 ? 'in-progress' : 'todo';
}

/** Builds the view of one session: the plan's content with the user's ticks, time and summary. */
export function describeSession(detail: SessionDetail, record: SessionRecord | undefined): SessionView {
  const { session } = detail;
  const ticked = tickedLines(session, record);
  return {
    id: session.id,
    number: session.number,
    title: session.title,
    day: session.day,
    minutes: session.minutes,
    status: sessionStatus(session, record),
    checklist: session.focus.map((text, index) => ({ number: index + 1, text, done: ticked.has(index + 1) })),
    keyPoints: detail.keyPoints.map((point) => ({ id: point.id, title: point.title, text: point.text })),
    terms: detail.terms.map((term) => ({ id: term.id, term: term.term, text: term.text })),
    completedAt: record?.completedAt ?? null,
    minutesSpent: record?.completedAt ? (record.minutesSpent ?? null) : null,
    // The summary came from a terminal or a backup: treat it as untrusted text too.
    summary: record?.summary == null ? null : sanitizeText(record.summary),
  };
}

const recordOf = (sessions: Dict<SessionRecord>, id: string): SessionRecord | undefined => (Object.hasOwn(sessions, id) ? sessions[id] : undefined);

/** The first session not yet done, in study order; null when all are done. */
export function pickNextSession<S extends SessionOutline>(plan: { sessions: S[] }, sessions: Dict<SessionRecord>): S | null {
  return plan.sessions.find((session) => !recordOf(sessions, session.id)?.completedAt) ?? null;
}

export interface ProgressTotals {
  done: number;
  total: number;
  minutesPlanned: number;
  minutesSpent: number;
}

/** Sessions done of all, minutes planned in the plan, and minutes spent: on finished sessions, and clocked on the others so far. */
export function summarizeProgress(plan: { sessions: SessionOutline[] }, sessions: Dict<SessionRecord>): ProgressTotals {
  let done = 0;
  let minutesSpent = 0;
  let minutesPlanned = 0;
  for (const session of plan.sessions) {
    minutesPlanned += session.minutes;
    const record = recordOf(sessions, session.id);
    if (record?.completedAt) {
      done += 1;
      minutesSpent += record.minutesSpent ?? 0;
    } else if (record) {
      // Time clocked on a session not done yet is time spent too (done then records it as its time).
      minutesSpent += record.clockedMinutes;
    }
  }
  return { done, total: plan.sessions.length, minutesPlanned, minutesSpent: Math.round(minutesSpent * 100) / 100 };
}

/**
 * The session's ticks as texts after ticking (or clearing) the given line numbers; ticks by
 * position from an older store become texts here. Returns the numbers whose state changed.
 */
export function setTicks(records: PlanRecords, session: PlanSession, numbers: readonly number[], ticked: boolean, at: string): number[] {
  const record = records.session(session.id) ?? emptySession(at);
  const current = tickedLines(session, record);
  const changed = numbers.filter((number) => current.has(number) !== ticked);
  for (const number of changed) {
    if (ticked) current.add(number);
    else current.delete(number);
  }
  // Ticks of lines no longer in the plan are kept (status lists them); those of its lines are rewritten.
  const kept = ticksLeftBehind(session, record);
  const texts = [...current].sort((a, b) => a - b).map((number) => session.focus[number - 1] ?? '');
  const { legacyTicks: _positions, ...rest } = record;
  const next: SessionRecord = { ...rest, ticks: [...kept, ...texts] };
  if (changed.length > 0 || record.legacyTicks) records.setSession(session.id, { ...next, changedAt: at });
  return changed;
}

export interface CompletionInput {
  completedAt: Date;
  /** The instant recorded (completedAt as written). */
  at: string;
  minutesSpent: number;
  summary: string | null;
  dayStartHour: number;
}

/** A session with the key points and terms it lists (the session in full has them, its outline does not). */
export type ListingSession = Pick<PlanSession, 'id' | 'keyPoints' | 'terms'>;

/** The review items finishing a session starts: the session itself, the key points and terms it lists. */
export function itemsOfSession(session: ListingSession): string[] {
  return [`session:${session.id}`, ...session.keyPoints.map((id) => `keypoint:${id}`), ...session.terms.map((id) => `term:${id}`)];
}

/**
 * Marks a session done and creates its review items (SPEC §4): the session itself, the key points
 * and terms it lists that have no item yet, and, when it is the first session done, the terms no
 * session lists. Each is first due `firstAfter` study days after completion. Returns the ids of the
 * items created.
 */
export function completeSession(plan: PlanOutline, records: PlanRecords, session: ListingSession, input: CompletionInput): string[] {
  const record = records.session(session.id) ?? emptySession(input.at);
  records.setSession(session.id, {
    ...record,
    completedAt: input.at,
    minutesSpent: input.minutesSpent,
    summary: input.summary ?? record.summary,
    clockedMinutes: 0,
    changedAt: input.at,
  });
  const due = shiftDay(studyDay(input.completedAt, input.dayStartHour), plan.review.firstAfterDays);
  // Terms no session lists start with the first session done: later, they exist (or passed on at
  // undo). Only a plan that has such terms needs to look at every other session.
  const firstDone =
    plan.unlistedTerms.length > 0 &&
    !records.someSession((id, record) => id !== session.id && Boolean(record.completedAt) && plan.sessions.some((candidate) => candidate.id === id));
  const created: string[] = [];
  for (const id of [...itemsOfSession(session), ...(firstDone ? plan.unlistedTerms.map((term) => `term:${term.id}`) : [])]) {
    if (records.item(id)) continue;
    records.setItem(id, { source: session.id, createdAt: input.at, due, card: null, changedAt: input.at });
    created.push(id);
  }
  return created;
}

/**
 * Marks a session not done. Its review items go, except that a key point or term another finished
 * session also lists passes to that session (a term no session lists, to any other finished one).
 * The summary, ticks and review history are kept. Returns the ids of the items removed.
 */
export function undoSession(plan: PlanOutline, records: PlanRecords, session: ListingSession, at: string): string[] {
  const record = records.session(session.id);
  if (record) records.setSession(session.id, { ...record, completedAt: null, minutesSpent: null, changedAt: at });
  const sessions = records.allSessions();
  const removed: string[] = [];
  const candidates = new Set([...itemsOfSession(session), ...plan.unlistedTerms.map((term) => `term:${term.id}`)]);
  // Items the session created under ids the plan no longer lists for it are found by their source.
  for (const [id, item] of Object.entries(records.allItems())) if (item.source === session.id) candidates.add(id);
  for (const id of candidates) {
    const item = records.item(id);
    if (!item || item.source !== session.id) continue;
    const [kind] = splitItemId(id);
    const listers = kind === 'keypoint' || kind === 'term' ? listersOf(plan, id).map((number) => plan.sessions[number - 1]!) : [];
    // A term no session lists passes to any other finished session; a key point or term to one that lists it.
    const heirs = kind === 'term' && listers.length === 0 ? plan.sessions : listers;
    const heir = heirs.find((candidate) => candidate.id !== session.id && recordOf(sessions, candidate.id)?.completedAt);
    if (heir) {
      records.setItem(id, { ...item, source: heir.id, changedAt: at });
    } else {
      records.setItem(id, null);
      removed.push(id);
    }
  }
  return removed;
}

/** Ids with records that the plan no longer has: session ids, review item ids, and ticks of lines reworded. */
export function findOrphans(plan: Plan, state: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord> }, hasItem: (id: string) => boolean): string[] {
  const { sessions: byId } = indexPlan(plan);
  const sessions = Object.keys(state.sessions).filter((id) => !byId.has(id)).sort();
  const items = Object.keys(state.items).filter((id) => !hasItem(id)).sort();
  const ticks: string[] = [];
  for (const session of plan.sessions) {
    for (const tick of ticksLeftBehind(session, recordOf(state.sessions, session.id))) ticks.push(`${session.id}: tick "${tick}"`);
  }
  return [...sessions, ...items, ...ticks];
}

