import { mergeSummaries, replaceSummaryPart } from './backup.ts';
import type { Day } from './dates.ts';
import { eventProblem, isReview, type ActionEvent, type JournalEvent, type RecordChange, type ReviewEvent } from './events.ts';
import { replayReviews } from './fsrs.ts';
import { dict, has, isDayInRange, isRecord, itemProblem, sessionProblem, type Dict, type ItemRecord, type SessionRecord } from './records.ts';

// Merging the changes other machines made into this store's records (`sync`). Every machine
// publishes the journal events it made itself. A plan's records are then the replay of every
// machine's events, from nothing, in one order every machine computes alike (orderEvents: by the
// instants they were made at, each machine's own in its own order), so that every machine holding
// the same events holds the same records. In that replay:
//
// - a change of a session or a review item applies as it was made when the record is still what it
//   was where the change was made (nothing else changed it in between);
// - otherwise two machines changed it at once: each part of a session takes the change made to it,
//   a part both changed the newer record's, a summary both wrote both texts (backup.ts, as `import`
//   merges them); a review item keeps the one created first; a record removed on one machine and
//   changed on the other is kept;
// - a review item that `undo` of a session removed stays when another session that started it is
//   done (the other machine finished that one meanwhile);
// - a lab or start date is the one set last, wherever it was set;
// - every review answer counts once, by its id: the FSRS state of an item is computed again from
//   all its answers, in that order (fsrs.ts replayReviews).
// Records no event mentions (a hand edit, a store from before its journal) are left as they are.

/** The sync repository's format this build writes and the newest it reads. */
export const SYNC_FORMAT = 1;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MACHINE = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a name can be a plan id (a lowercase slug: it names a folder of the store). */
export const isPlanId = (value: unknown): value is string => typeof value === 'string' && SLUG.test(value);
/** Whether a name can be a machine id (it names a folder of the sync repository). */
export const isMachineId = (value: unknown): value is string => typeof value === 'string' && MACHINE.test(value);

/** Records as JSON with sorted keys: two records are the same when these are. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner) ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]])) : inner,
  );
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

const timeOf = (instant: string | null | undefined): number => {
  const time = instant ? Date.parse(instant) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
};

const isDayOrNull = (value: unknown): boolean => value === null || value === undefined || isDayInRange(value);

function changeProblem(change: RecordChange): string | null {
  const { key } = change;
  for (const [side, value] of [['before', change.before], ['after', change.after]] as const) {
    if (value === null || value === undefined) continue;
    let problem: string | null = null;
    if (key.startsWith('session:')) problem = sessionProblem(value);
    else if (key.startsWith('item:')) problem = itemProblem(value);
    else if (key === 'meta') problem = isRecord(value) && isDayOrNull(value.lab) && isDayOrNull(value.startDate) ? null : 'is not a lab and start date';
    if (problem) return `${key} ${side}: ${problem}`;
  }
  return null;
}

/**
 * What is wrong with an event another machine published, or null. It is checked like every other
 * input: its plan names a folder, its records become this store's.
 */
export function foreignEventProblem(value: unknown): string | null {
  const problem = eventProblem(value);
  if (problem) return problem;
  const event = value as JournalEvent;
  if (!isPlanId(event.plan)) return 'plan: is not a plan id';
  if (isReview(event)) {
    if (event.dueBefore !== undefined && !isDayInRange(event.dueBefore)) return 'dueBefore: is not a calendar day';
    if (!/^(session|keypoint|term):/.test(event.item)) return 'item: is not a review item id';
    return null;
  }
  for (const change of event.changes) {
    const found = changeProblem(change);
    if (found) return found;
  }
  return null;
}

/** The events a machine publishes: those it made itself (not brought from another machine, not a merge). */
export function ownEvents(journal: readonly JournalEvent[]): JournalEvent[] {
  return journal.filter((event) => event.origin === undefined && event.kind !== 'merge');
}

/** An event brought from another machine, as this store's journal keeps it: marked with its origin, its reset kept where it was made. */
export function asForeign(event: JournalEvent, machine: string): JournalEvent {
  const copy = { ...event, origin: machine } as JournalEvent & { resets?: true };
  delete copy.resets;
  return copy;
}

/**
 * Several machines' events in one order: the order they were made in (by their instants), each
 * machine's own in its own order; at the same instant, by machine id.
 */
export function orderEvents(streams: readonly { machine: string; events: readonly JournalEvent[] }[]): JournalEvent[] {
  const sorted = [...streams].sort((a, b) => (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0));
  const times = sorted.map((stream) => stream.events.map((event) => timeOf(event.at)));
  const heads = sorted.map(() => 0);
  const ordered: JournalEvent[] = [];
  for (;;) {
    let best = -1;
    for (let index = 0; index < sorted.length; index += 1) {
      if (heads[index]! >= sorted[index]!.events.length) continue;
      if (best < 0 || times[index]![heads[index]!]! < times[best]![heads[best]!]!) best = index;
    }
    if (best < 0) return ordered;
    ordered.push(sorted[best]!.events[heads[best]!]!);
    heads[best]! += 1;
  }
}

/**
 * Every machine's events as this store knows them, a stream a machine: its file in the sync folder,
 * and what this store's journal holds of it (its own events not yet published, another's brought in
 * before, should its file be gone from the remote), each in the order that machine made them.
 */
export function streamsOf(machine: string, journal: readonly JournalEvent[], files: readonly { machine: string; events: readonly JournalEvent[] }[]): { machine: string; events: JournalEvent[] }[] {
  const logged = new Map<string, JournalEvent[]>();
  for (const event of journal) {
    if (event.kind === 'merge') continue;
    const origin = event.origin ?? machine;
    const list = logged.get(origin);
    if (list) list.push(event);
    else logged.set(origin, [event]);
  }
  const streams = new Map<string, JournalEvent[]>();
  for (const file of files) {
    const inFile = new Set(file.events.map((event) => event.id));
    const earlier = (logged.get(file.machine) ?? []).filter((event) => !inFile.has(event.id));
    // This machine's own: what it published, then what it made since. Another's: what its file lost, then its file.
    streams.set(file.machine, file.machine === machine ? [...file.events, ...earlier] : [...earlier, ...file.events]);
  }
  for (const [origin, events] of logged) if (!streams.has(origin)) streams.set(origin, events);
  return [...streams.entries()].map(([id, events]) => ({ machine: id, events }));
}

/** One plan's records as a merge sees them. */
export interface MergeRecords {
  sessions: Dict<SessionRecord>;
  items: Dict<ItemRecord>;
  meta: { lab: Day | null; startDate: Day | null };
}

export interface ReplayInput {
  /** The plan's records here now: what the replay changes, and keeps where no event speaks. */
  records: MergeRecords;
  /** Every machine's events of the plan (this one's included), each machine's in its own order. */
  streams: readonly { machine: string; events: readonly JournalEvent[] }[];
  dayStartHour: number;
  /** The plan's FSRS target retention. */
  retention: number;
}

export interface ReplayOutcome {
  /** The records to set (null: to remove): only those that change. */
  sessions: Dict<SessionRecord | null>;
  items: Dict<ItemRecord | null>;
  /** The plan's dates. */
  meta: { lab: Day | null; startDate: Day | null };
}

const NO_SESSION: SessionRecord = { completedAt: null, minutesSpent: null, summary: null, ticks: [], clockedMinutes: 0, changedAt: '1970-01-01T00:00:00Z' };

/**
 * A session changed here (`current`) and, from `before`, elsewhere (`after`): each part takes the
 * change made to it; a part both changed takes the newer record's, except the summary, which keeps
 * both when they differ, and the ticks, which take both machines' ticking and clearing. A session
 * finished on one machine stays finished when the other only ticked or wrote.
 */
function mergeSessionChange(current: SessionRecord, beforeValue: unknown, after: SessionRecord): SessionRecord {
  const before = (beforeValue ?? NO_SESSION) as SessionRecord;
  const [timeCurrent, timeAfter] = [timeOf(current.changedAt), timeOf(after.changedAt)];
  const afterNewer = timeCurrent !== timeAfter ? timeAfter > timeCurrent : canonicalJson(after) > canonicalJson(current);
  const [newer, older] = afterNewer ? [after, current] : [current, after];
  const pick = <T>(read: (record: SessionRecord) => T): T => {
    if (same(read(after), read(before))) return read(current);
    if (same(read(current), read(before))) return read(after);
    return read(newer);
  };
  const done = pick((record) => [record.completedAt, record.minutesSpent] as const);
  let summary: string | null;
  if (same(after.summary, before.summary)) summary = current.summary;
  else if (same(current.summary, before.summary)) summary = after.summary;
  else {
    // The text this change rewrote (or took back) kept here beside another one: it is replaced
    // there, not kept as well; otherwise both are kept.
    const replaced = before.summary === null ? undefined : replaceSummaryPart(current.summary, before.summary, after.summary);
    summary = replaced !== undefined ? replaced : mergeSummaries(newer.summary, older.summary);
  }
  const added = after.ticks.filter((tick) => !before.ticks.includes(tick));
  const cleared = new Set(before.ticks.filter((tick) => !after.ticks.includes(tick)));
  const ticks = [...new Set([...current.ticks.filter((tick) => !cleared.has(tick)), ...added])];
  const merged: SessionRecord = {
    completedAt: done[0],
    minutesSpent: done[1],
    summary,
    ticks,
    clockedMinutes: pick((record) => record.clockedMinutes),
    changedAt: newer.changedAt,
  };
  const legacy = [...new Set([...(current.legacyTicks ?? []), ...(after.legacyTicks ?? [])])].sort((a, b) => a - b);
  if (legacy.length > 0) merged.legacyTicks = legacy;
  return merged;
}

/** What makes a review item this item, apart from its schedule (which its answers decide). */
const shapeOf = (item: ItemRecord | null | undefined): unknown => (item ? { source: item.source, createdAt: item.createdAt } : null);

/** Of two records of one review item made on two machines, the one created first; the same one everywhere. */
function firstCreated(a: ItemRecord, b: ItemRecord): ItemRecord {
  const [timeA, timeB] = [timeOf(a.createdAt), timeOf(b.createdAt)];
  if (timeA !== timeB) return timeA < timeB ? a : b;
  return canonicalJson(a) <= canonicalJson(b) ? a : b;
}

/** The events of several machines in their one order, each id once (the same answer published by two machines counts once). */
export function replayOrder(streams: ReplayInput['streams']): JournalEvent[] {
  const seen = new Set<string>();
  return orderEvents(streams.map((stream) => ({ machine: stream.machine, events: stream.events.filter((event) => event.kind !== 'merge') }))).filter(
    (event) => !seen.has(event.id) && Boolean(seen.add(event.id)),
  );
}

/** A plan's records as every machine's events make them (see the top of this file): what to set here. */
export function replayStreams(input: ReplayInput): ReplayOutcome {
  const events = replayOrder(input.streams);
  const sessions = dict<SessionRecord>();
  const items = dict<ItemRecord>();
  const meta: MergeRecords['meta'] = { lab: null, startDate: null };
  const mentioned = new Set<string>();
  const setAt: Record<'lab' | 'startDate', number> = { lab: 0, startDate: 0 };
  /** Per item: the last version each session that started it (or took it over) gave, and whether `undo` removed it last. */
  const claims = new Map<string, Map<string, ItemRecord>>();
  const undone = new Map<string, boolean>();
  /** Per item `undo` removed: the version it removed (answers after it were not seen by that undo). */
  const removedVersion = new Map<string, ItemRecord>();

  for (const event of events) {
    if (isReview(event)) continue;
    for (const change of event.changes) applyChange(change, event);
  }

  function applyChange(change: RecordChange, event: ActionEvent): void {
    if (change.key.startsWith('session:')) {
      const id = change.key.slice('session:'.length);
      mentioned.add(change.key);
      const current = has(sessions, id) ? sessions[id]! : null;
      const after = (change.after ?? null) as SessionRecord | null;
      if (same(current, after)) return;
      let next: SessionRecord | null;
      if (same(current, change.before)) next = after;
      else if (after === null) next = current; // removed there, changed here: kept
      else next = current === null ? after : mergeSessionChange(current, change.before, after);
      if (next === null) delete sessions[id];
      else sessions[id] = next;
    } else if (change.key.startsWith('item:')) {
      const id = change.key.slice('item:'.length);
      mentioned.add(change.key);
      const current = has(items, id) ? items[id]! : null;
      const after = (change.after ?? null) as ItemRecord | null;
      if (after) {
        const byItem = claims.get(id) ?? new Map<string, ItemRecord>();
        byItem.set(after.source, after);
        claims.set(id, byItem);
      }
      if (same(shapeOf(current), shapeOf(after))) return;
      let next: ItemRecord | null;
      if (same(shapeOf(current), shapeOf(change.before as ItemRecord | null))) next = after;
      else if (after === null) next = current;
      else next = current === null ? after : firstCreated(current, after);
      if (next === null) delete items[id];
      else items[id] = next;
      undone.set(id, next === null && event.kind === 'reopen');
      if (next === null && event.kind === 'reopen' && itemProblem(change.before) === null) removedVersion.set(id, change.before as ItemRecord);
    } else if (change.key === 'meta' && isRecord(change.after)) {
      const before = isRecord(change.before) ? change.before : {};
      for (const field of ['lab', 'startDate'] as const) {
        const value = (change.after[field] ?? null) as Day | null;
        if ((before[field] ?? null) === value) continue;
        mentioned.add(`meta.${field}`);
        const at = timeOf(event.at);
        if (at > setAt[field] || (at === setAt[field] && String(value) > String(meta[field]))) {
          meta[field] = value;
          setAt[field] = at;
        }
      }
    }
    // The running study clock belongs to the machine it runs on; other keys are not records.
  }

  // Every answer of an item, from every machine, in the one order: the item's schedule is theirs.
  const takenBack = new Set<string>();
  for (const event of events) if (!isReview(event) && event.undoes) takenBack.add(event.undoes);
  const answers = new Map<string, ReviewEvent[]>();
  for (const event of events) {
    if (!isReview(event) || event.practice || takenBack.has(event.id)) continue;
    const list = answers.get(event.item);
    if (list) list.push(event);
    else answers.set(event.item, [event]);
  }

  // An item `undo` of a session removed stays when another finished session started it, or when it
  // was answered after the version that undo removed (removed on one machine, changed on another:
  // kept). Decided from the events alone, so every machine decides the same (a plan file may be
  // missing or edited on one of them).
  const isDone = (sessionId: string): boolean => has(sessions, sessionId) && Boolean(sessions[sessionId]!.completedAt);
  for (const [id, wasUndone] of undone) {
    if (!wasUndone) continue;
    const started = [...(claims.get(id) ?? new Map<string, ItemRecord>()).entries()].filter(([source]) => isDone(source));
    const removed = removedVersion.get(id);
    if (started.length > 0) items[id] = started.map(([, version]) => version).reduce((a, b) => firstCreated(a, b));
    else if (removed && (answers.get(id) ?? []).some((answer) => timeOf(answer.at) > timeOf(removed.changedAt))) items[id] = removed;
  }
  for (const [id, list] of answers) {
    const item = has(items, id) ? items[id]! : null;
    if (!item || !mentioned.has(`item:${id}`)) continue;
    const created = timeOf(item.createdAt);
    const counted = list.filter((event) => timeOf(event.at) >= created);
    const replayed = replayReviews(counted, item.due, input.dayStartHour, input.retention);
    if (!replayed) continue;
    const last = counted[counted.length - 1]!.at;
    items[id] = { ...item, card: replayed.card, due: replayed.due, changedAt: timeOf(last) > timeOf(item.changedAt) ? last : item.changedAt };
  }

  const outcome: ReplayOutcome = { sessions: dict(), items: dict(), meta: { ...input.records.meta } };
  for (const field of ['lab', 'startDate'] as const) if (mentioned.has(`meta.${field}`)) outcome.meta[field] = meta[field];
  for (const key of mentioned) {
    if (key.startsWith('session:')) {
      const id = key.slice('session:'.length);
      const now = has(input.records.sessions, id) ? input.records.sessions[id]! : null;
      const replayed = has(sessions, id) ? sessions[id]! : null;
      if (!same(now, replayed)) outcome.sessions[id] = replayed;
    } else if (key.startsWith('item:')) {
      const id = key.slice('item:'.length);
      const now = has(input.records.items, id) ? input.records.items[id]! : null;
      const replayed = has(items, id) ? items[id]! : null;
      if (!same(now, replayed)) outcome.items[id] = replayed;
    }
  }
  return outcome;
}

/**
 * The records a machine holds that its own events do not account for (a store brought up from an
 * older format, whose records came without events): published once, when the machine first syncs,
 * as one event per plan, so that other machines get them too. Empty when the events account for all.
 */
export function baselineChanges(input: { records: MergeRecords; own: readonly JournalEvent[]; machine: string; dayStartHour: number; retention: number }): RecordChange[] {
  const empty: MergeRecords = { sessions: dict(), items: dict(), meta: { lab: null, startDate: null } };
  const replayed = replayStreams({ records: empty, streams: [{ machine: input.machine, events: input.own }], dayStartHour: input.dayStartHour, retention: input.retention });
  const changes: RecordChange[] = [];
  for (const [id, record] of Object.entries(input.records.sessions)) {
    if (!same(has(replayed.sessions, id) ? replayed.sessions[id] : null, record)) changes.push({ key: `session:${id}`, before: null, after: record });
  }
  for (const [id, record] of Object.entries(input.records.items)) {
    if (!same(shapeOf(has(replayed.items, id) ? replayed.items[id] : null), shapeOf(record))) changes.push({ key: `item:${id}`, before: null, after: record });
  }
  const { lab, startDate } = input.records.meta;
  if (lab !== replayed.meta.lab || startDate !== replayed.meta.startDate) changes.push({ key: 'meta', before: { lab: null, startDate: null }, after: { lab, startDate } });
  return changes;
}
