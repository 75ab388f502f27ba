import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OTHER_SUMMARY_MARK } from '../../src/core/backup.ts';
import { parseInstant } from '../../src/core/dates.ts';
import type { ActionEvent, JournalEvent, RecordChange, ReviewEvent } from '../../src/core/events.ts';
import { applyReview } from '../../src/core/fsrs.ts';
import { dict, type ItemRecord, type Rating, type SessionRecord } from '../../src/core/records.ts';
import {
  asForeign,
  baselineChanges,
  canonicalJson,
  foreignEventProblem,
  orderEvents,
  ownEvents,
  replayStreams,
  streamsOf,
  type MergeRecords,
  type ReplayOutcome,
} from '../../src/core/sync-merge.ts';

// Merging other machines' events: each machine here is a store in memory that makes changes as the
// commands do (an event with the records before and after) and merges the others' as `sync` does.

const RETENTION = 0.9;
const DAY_START = 4;

interface Machine {
  id: string;
  records: MergeRecords;
  journal: JournalEvent[];
}

let counter = 0;
const eventId = (): string => `event-${(counter += 1)}`;

function machine(id: string): Machine {
  return { id, records: { sessions: dict(), items: dict(), meta: { lab: null, startDate: null } }, journal: [] };
}

/** A change as a command makes it: every record set, with what it was before. */
function act(m: Machine, at: string, kind: ActionEvent['kind'], set: { sessions?: Record<string, SessionRecord | null>; items?: Record<string, ItemRecord | null>; meta?: { lab: string | null; startDate: string | null } }): ActionEvent {
  const changes: RecordChange[] = [];
  for (const [id, after] of Object.entries(set.sessions ?? {})) {
    changes.push({ key: `session:${id}`, before: m.records.sessions[id] ?? null, after });
    if (after === null) delete m.records.sessions[id];
    else m.records.sessions[id] = after;
  }
  for (const [id, after] of Object.entries(set.items ?? {})) {
    changes.push({ key: `item:${id}`, before: m.records.items[id] ?? null, after });
    if (after === null) delete m.records.items[id];
    else m.records.items[id] = after;
  }
  if (set.meta) {
    changes.push({ key: 'meta', before: { ...m.records.meta }, after: set.meta });
    m.records.meta = { ...set.meta };
  }
  const event: ActionEvent = { id: eventId(), at, plan: 'tiny', kind, changes };
  m.journal.push(event);
  return event;
}

const done = (m: Machine, session: string, at: string, summary: string | null = null): ActionEvent =>
  act(m, at, 'done', {
    sessions: { [session]: { completedAt: at, minutesSpent: 30, summary, ticks: [], clockedMinutes: 0, changedAt: at } },
    items: Object.fromEntries(
      [`session:${session}`, 'keypoint:shared']
        .filter((id) => !m.records.items[id])
        .map((id) => [id, { source: session, createdAt: at, due: '2026-12-02', card: null, changedAt: at }]),
    ),
  });

const note = (m: Machine, session: string, at: string, summary: string | null): ActionEvent =>
  act(m, at, 'note', { sessions: { [session]: { ...m.records.sessions[session]!, summary, changedAt: at } as SessionRecord } });

/** `undo SESSION`: not done again; its items go unless another finished session lists them. */
function reopen(m: Machine, session: string, at: string): ActionEvent {
  const others = Object.entries(m.records.sessions).some(([id, record]) => id !== session && record.completedAt);
  const items: Record<string, ItemRecord | null> = { [`session:${session}`]: null };
  const shared = m.records.items['keypoint:shared'];
  if (shared?.source === session) {
    const heir = Object.entries(m.records.sessions).find(([id, record]) => id !== session && record.completedAt)?.[0];
    items['keypoint:shared'] = others && heir ? { ...shared, source: heir, changedAt: at } : null;
  }
  return act(m, at, 'reopen', { sessions: { [session]: { ...m.records.sessions[session]!, completedAt: null, minutesSpent: null, changedAt: at } }, items });
}

/** `check SESSION N`: a line ticked (or cleared when it was), by its text. */
function check(m: Machine, session: string, line: string, at: string): ActionEvent {
  const record = m.records.sessions[session] ?? { completedAt: null, minutesSpent: null, summary: null, ticks: [], clockedMinutes: 0, changedAt: at };
  const ticks = record.ticks.includes(line) ? record.ticks.filter((tick) => tick !== line) : [...record.ticks, line];
  return act(m, at, 'check', { sessions: { [session]: { ...record, ticks, changedAt: at } } });
}

/** A review answer as `review ITEM --rating` records it: the item's new state, and the answer logged. */
function review(m: Machine, item: string, rating: Rating, at: string): ReviewEvent {
  const before = m.records.items[item]!;
  m.records.items[item] = applyReview(before, { rating, now: parseInstant(at)!, at, dayStartHour: DAY_START, retention: RETENTION });
  const event: ReviewEvent = { id: eventId(), at, plan: 'tiny', kind: 'review', item, rating, dueBefore: before.due };
  m.journal.push(event);
  return event;
}

/** `sync` on machine `m` with the machines whose files it reads: their events it lacks logged, its records replayed. */
function receive(m: Machine, ...others: Machine[]): ReplayOutcome & { added: JournalEvent[] } {
  const files = others.map((other) => ({ machine: other.id, events: ownEvents(other.journal) }));
  const streams = streamsOf(m.id, m.journal, files);
  const known = new Set(m.journal.map((event) => event.id));
  const added = streams.filter((stream) => stream.machine !== m.id).flatMap((stream) => stream.events.filter((event) => !known.has(event.id) && Boolean(known.add(event.id))).map((event) => asForeign(event, stream.machine)));
  const outcome = replayStreams({ records: m.records, streams, dayStartHour: DAY_START, retention: RETENTION });
  for (const [id, record] of Object.entries(outcome.sessions)) {
    if (record === null) delete m.records.sessions[id];
    else m.records.sessions[id] = record;
  }
  for (const [id, record] of Object.entries(outcome.items)) {
    if (record === null) delete m.records.items[id];
    else m.records.items[id] = record;
  }
  m.records.meta = outcome.meta;
  m.journal.push(...added);
  if (added.length > 0) m.journal.push({ id: eventId(), at: '2026-12-09T00:00:00+00:00', plan: 'tiny', kind: 'merge', changes: [] });
  return { ...outcome, added };
}

const picture = (m: Machine): string => canonicalJson(m.records);

describe('mergeForeignEvents', () => {
  it('applies a change made elsewhere as it was made, and a later change on top of it', () => {
    const [a, b] = [machine('a'), machine('b')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00', 'first words');
    receive(b, a);
    note(b, 'alpha', '2026-12-01T11:00:00+00:00', 'better words');
    receive(a, b);
    // A change made after seeing the other's replaces it: no "also written" copy of the old words.
    expect(a.records.sessions.alpha?.summary).toBe('better words');
    expect(picture(a)).toBe(picture(b));
  });

  it('keeps both summaries when two machines wrote one at the same time, and ends the same on both', () => {
    const [a, b] = [machine('a'), machine('b')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00', 'from the laptop');
    done(b, 'alpha', '2026-12-01T10:30:00+00:00', 'from the desktop');
    receive(a, b);
    receive(b, a);
    expect(a.records.sessions.alpha?.summary).toBe(`from the desktop\n\n${OTHER_SUMMARY_MARK}\nfrom the laptop`);
    expect(picture(a)).toBe(picture(b));
  });

  it('logs every review answer once, by its id, however often it arrives', () => {
    const [a, b] = [machine('a'), machine('b')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00');
    review(a, 'session:alpha', 'good', '2026-12-02T10:00:00+00:00');
    expect(receive(b, a).added.filter((event) => event.kind === 'review')).toHaveLength(1);
    expect(receive(b, a).added).toEqual([]);
    // The same answer published by two machines (a backup imported on both) is still one.
    const c = machine('c');
    c.journal.push(...ownEvents(a.journal));
    expect(receive(b, a, c).added).toEqual([]);
    expect(b.journal.filter((event) => event.kind === 'review')).toHaveLength(1);
    expect(b.records.items['session:alpha']).toEqual(a.records.items['session:alpha']);
  });

  it('schedules an item answered on two machines from all its answers, oldest first, the same on both', () => {
    const [a, b] = [machine('a'), machine('b')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00');
    receive(b, a);
    review(a, 'session:alpha', 'good', '2026-12-02T10:00:00+00:00');
    review(b, 'session:alpha', 'again', '2026-12-03T09:00:00+00:00');
    receive(a, b);
    receive(b, a);
    const item = a.records.items['session:alpha']!;
    expect(item.card?.reps).toBe(2);
    expect(item.card?.lapses).toBe(1);
    expect(item.card?.last_review).toBe('2026-12-03');
    // As if one machine had given both answers in turn.
    const one = machine('one');
    done(one, 'alpha', '2026-12-01T10:00:00+00:00');
    review(one, 'session:alpha', 'good', '2026-12-02T10:00:00+00:00');
    review(one, 'session:alpha', 'again', '2026-12-03T09:00:00+00:00');
    expect(item).toEqual(one.records.items['session:alpha']);
    expect(picture(a)).toBe(picture(b));
  });

  it('an item removed on one machine goes on the other; a date set later wins over one set earlier', () => {
    const [a, b] = [machine('a'), machine('b')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00');
    act(a, '2026-12-01T10:05:00+00:00', 'lab', { meta: { lab: '2026-12-20', startDate: null } });
    receive(b, a);
    act(a, '2026-12-01T12:00:00+00:00', 'reopen', { sessions: { alpha: { ...a.records.sessions.alpha!, completedAt: null, minutesSpent: null, changedAt: '2026-12-01T12:00:00+00:00' } }, items: { 'session:alpha': null, 'keypoint:shared': null } });
    act(a, '2026-12-01T13:00:00+00:00', 'lab', { meta: { lab: '2026-12-18', startDate: null } });
    act(b, '2026-12-01T14:00:00+00:00', 'lab', { meta: { lab: '2026-12-24', startDate: null } });
    receive(b, a);
    receive(a, b);
    expect(b.records.items).toEqual({});
    expect(b.records.meta.lab).toBe('2026-12-24');
    expect(picture(a)).toBe(picture(b));
  });

  it("merges in the order changes were made, whichever machine's are read first", () => {
    const [a, b, c] = [machine('a'), machine('b'), machine('c')];
    done(a, 'alpha', '2026-12-01T10:00:00+00:00', 'words of a');
    receive(b, a);
    note(b, 'alpha', '2026-12-01T11:00:00+00:00', 'words of b');
    // c has seen neither: b's note follows a's change, so it replaces it.
    receive(c, b, a);
    expect(c.records.sessions.alpha?.summary).toBe('words of b');
    receive(a, b, c);
    expect(picture(a)).toBe(picture(c));
  });

  it('any order of syncs between three machines ends with the same records everywhere (random histories)', () => {
    const sessions = ['alpha', 'beta'];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('done' as const), machine: fc.nat(2), session: fc.constantFrom(...sessions), words: fc.constantFrom('x', 'y', null) }),
      fc.record({ kind: fc.constant('note' as const), machine: fc.nat(2), session: fc.constantFrom(...sessions), words: fc.constantFrom('p', 'q', null) }),
      fc.record({ kind: fc.constant('review' as const), machine: fc.nat(2), session: fc.constantFrom(...sessions), rating: fc.constantFrom<Rating>('again', 'hard', 'good', 'easy') }),
      fc.record({ kind: fc.constant('lab' as const), machine: fc.nat(2), day: fc.constantFrom('2026-12-20', '2026-12-21') }),
      fc.record({ kind: fc.constant('reopen' as const), machine: fc.nat(2), session: fc.constantFrom(...sessions) }),
      fc.record({ kind: fc.constant('check' as const), machine: fc.nat(2), session: fc.constantFrom(...sessions), line: fc.constantFrom('read', 'draw') }),
      fc.record({ kind: fc.constant('sync' as const), machine: fc.nat(2), from: fc.nat(2) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const machines = [machine('a'), machine('b'), machine('c')];
        let minute = 0;
        const at = (): string => {
          minute += 7;
          return new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString().replace('.000Z', '+00:00');
        };
        for (const entry of steps) {
          const m = machines[entry.machine]!;
          if (entry.kind === 'done' && !m.records.sessions[entry.session]?.completedAt) done(m, entry.session, at(), entry.words);
          else if (entry.kind === 'note' && m.records.sessions[entry.session]) note(m, entry.session, at(), entry.words);
          else if (entry.kind === 'review' && m.records.items[`session:${entry.session}`]) review(m, `session:${entry.session}`, entry.rating, at());
          else if (entry.kind === 'lab') act(m, at(), 'lab', { meta: { lab: entry.day, startDate: null } });
          else if (entry.kind === 'reopen' && m.records.sessions[entry.session]?.completedAt) reopen(m, entry.session, at());
          else if (entry.kind === 'check') check(m, entry.session, entry.line, at());
          else if (entry.kind === 'sync' && entry.from !== entry.machine) receive(m, machines[entry.from]!);
        }
        // Everyone syncs with everyone, twice round.
        for (let round = 0; round < 2; round += 1) for (const m of machines) receive(m, ...machines.filter((other) => other !== m));
        expect(picture(machines[1]!)).toBe(picture(machines[0]!));
        expect(picture(machines[2]!)).toBe(picture(machines[0]!));
        // Nothing lost: every answer given anywhere is in every journal, once.
        const answers = machines.flatMap((m) => ownEvents(m.journal).filter((event) => event.kind === 'review').map((event) => event.id)).sort();
        for (const m of machines) expect(m.journal.filter((event) => event.kind === 'review').map((event) => event.id).sort()).toEqual(answers);
      }),
      { seed: Number(process.env.SEED ?? 20261201), numRuns: Number(process.env.RUNS ?? 150) },
    );
  });
});

describe('orderEvents', () => {
  it('interleaves machines by instant and keeps each machine in its own order', () => {
    const event = (id: string, at: string): JournalEvent => ({ id, at, plan: 'tiny', kind: 'note', changes: [] });
    const ordered = orderEvents([
      { machine: 'b', events: [event('b1', '2026-12-01T10:00:00Z'), event('b2', '2026-12-01T09:00:00Z')] },
      { machine: 'a', events: [event('a1', '2026-12-01T10:00:00Z'), event('a2', '2026-12-01T11:00:00Z')] },
    ]);
    expect(ordered.map((entry) => entry.id)).toEqual(['a1', 'b1', 'b2', 'a2']);
  });
});

describe('baselineChanges', () => {
  it('names the records a machine holds that its events do not account for (a store from an older format)', () => {
    const a = machine('a');
    done(a, 'alpha', '2026-12-01T10:00:00+00:00');
    expect(baselineChanges({ machine: 'a', records: a.records, own: a.journal, dayStartHour: DAY_START, retention: RETENTION })).toEqual([]);
    a.records.sessions.old = { completedAt: '2026-11-01T10:00:00+00:00', minutesSpent: 20, summary: 'from before', ticks: [], clockedMinutes: 0, changedAt: '2026-11-01T10:00:00+00:00' };
    a.records.meta.lab = '2026-12-30';
    const changes = baselineChanges({ machine: 'a', records: a.records, own: a.journal, dayStartHour: DAY_START, retention: RETENTION });
    expect(changes.map((change) => change.key)).toEqual(['session:old', 'meta']);
    // Published once, they reach the other machines like any change.
    a.journal.push({ id: eventId(), at: '2026-12-02T10:00:00+00:00', plan: 'tiny', kind: 'import', changes });
    const b = machine('b');
    receive(b, a);
    expect(picture(b)).toBe(picture(a));
  });
});

describe('foreignEventProblem', () => {
  const good: ActionEvent = { id: 'x', at: '2026-12-01T10:00:00+00:00', plan: 'tiny', kind: 'note', changes: [] };
  it.each([
    ['a plan id that is not a slug (it names a folder)', { ...good, plan: '../../elsewhere' }, 'plan: is not a plan id'],
    ['a session record the store could not use', { ...good, changes: [{ key: 'session:alpha', before: null, after: { completedAt: 'soon' } }] }, 'session:alpha after: completedAt: is not an instant'],
    ['an item record the store could not use', { ...good, changes: [{ key: 'item:session:alpha', before: null, after: { source: '' } }] }, 'item:session:alpha after: source: is not a session id'],
    ['a lab date that is not a day', { ...good, changes: [{ key: 'meta', before: null, after: { lab: 'next week', startDate: null } }] }, 'meta after: is not a lab and start date'],
    ['an answer of something that is no review item', { id: 'r', at: good.at, plan: 'tiny', kind: 'review', item: 'whatever', rating: 'good' }, 'item: is not a review item id'],
  ])('refuses %s', (_what, event, problem) => {
    expect(foreignEventProblem(event)).toBe(problem);
  });

  it('takes what the commands write', () => {
    const a = machine('a');
    done(a, 'alpha', '2026-12-01T10:00:00+00:00', 'words');
    review(a, 'session:alpha', 'good', '2026-12-02T10:00:00+00:00');
    for (const event of a.journal) expect(foreignEventProblem(JSON.parse(JSON.stringify(event)))).toBeNull();
  });
});
