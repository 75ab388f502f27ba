import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../src/core/plan.ts';
import { detailOf, outlineOf } from '../../src/core/plan-outline.ts';
import type { Plan, PlanSession } from '../../src/core/plan.ts';
import {
  completeSession,
  describeSession,
  findOrphans,
  itemsOfSession,
  lineKey,
  pickNextSession,
  sessionStatus,
  setTicks,
  summarizeProgress,
  tickedLines,
  ticksLeftBehind,
  undoSession,
} from '../../src/core/progress.ts';
import { reviewItemTitle } from '../../src/core/reviews.ts';
import { dict } from '../../src/core/records.ts';
import { doneRecord, localDate, localInstant, planOf, recordsOf, sessionEntry, sessionRecord } from './plans.ts';

const AT = '2026-12-01T10:00:00+00:00';
const LATER = '2026-12-02T10:00:00+00:00';

/** A one-session plan with these checklist lines. */
const planWithFocus = (focus: string[]): Plan => planOf({ sessions: [sessionEntry('alpha', 1, { focus })] });
const only = (plan: Plan): PlanSession => plan.sessions[0] as PlanSession;
const orphansOf = (plan: Plan, records: ReturnType<typeof recordsOf>): string[] => findOrphans(plan, records, (id) => reviewItemTitle(plan, id) !== null);

describe('checklist ticks follow their text', () => {
  const v1 = planWithFocus(['Read the model', 'Note the roles', 'Draw the plane']);

  it('ticks by number and records the lines ticked', () => {
    const records = recordsOf();
    expect(setTicks(records, only(v1), [1, 3], true, AT)).toEqual([1, 3]);
    expect(records.sessions.alpha).toMatchObject({ ticks: ['Read the model', 'Draw the plane'], changedAt: AT, completedAt: null });
    expect([...tickedLines(only(v1), records.sessions.alpha)]).toEqual([1, 3]);
    expect(sessionStatus(only(v1), records.sessions.alpha)).toBe('in-progress');
  });

  it('changes nothing, and says so, when the lines already were so', () => {
    const records = recordsOf();
    setTicks(records, only(v1), [1], true, AT);
    expect(setTicks(records, only(v1), [1], true, LATER)).toEqual([]);
    expect(records.sessions.alpha?.changedAt).toBe(AT);
    expect(setTicks(records, only(v1), [2], false, LATER)).toEqual([]);
    expect(setTicks(recordsOf(), only(v1), [2], false, LATER)).toEqual([]);
  });

  it('clears a tick, back to todo', () => {
    const records = recordsOf();
    setTicks(records, only(v1), [1, 2], true, AT);
    expect(setTicks(records, only(v1), [1, 2], false, LATER)).toEqual([1, 2]);
    expect(records.sessions.alpha?.ticks).toEqual([]);
    expect(sessionStatus(only(v1), records.sessions.alpha)).toBe('todo');
  });

  it('keeps every tick on its line when the plan reorders the lines', () => {
    const records = recordsOf();
    setTicks(records, only(v1), [1, 3], true, AT);
    const reordered = planWithFocus(['Draw the plane', 'Note the roles', 'Read the model']);
    const view = describeSession(detailOf(reordered, only(reordered)), records.sessions.alpha);
    expect(view.checklist).toEqual([
      { number: 1, text: 'Draw the plane', done: true },
      { number: 2, text: 'Note the roles', done: false },
      { number: 3, text: 'Read the model', done: true },
    ]);
    expect(orphansOf(reordered, records)).toEqual([]);
  });

  it('drops only the tick of a reworded line, which the orphans list names', () => {
    const records = recordsOf();
    setTicks(records, only(v1), [1, 2], true, AT);
    const reworded = planWithFocus(['Read the model', 'Note who owns what', 'Draw the plane']);
    expect([...tickedLines(only(reworded), records.sessions.alpha)]).toEqual([1]);
    expect(ticksLeftBehind(only(reworded), records.sessions.alpha)).toEqual(['Note the roles']);
    expect(orphansOf(reworded, records)).toEqual(['alpha: tick "Note the roles"']);
    // Ticking on the new plan keeps the old tick (status still lists it) beside the new ones.
    setTicks(records, only(reworded), [3], true, LATER);
    expect(records.sessions.alpha?.ticks).toEqual(['Note the roles', 'Read the model', 'Draw the plane']);
    expect([...tickedLines(only(reworded), records.sessions.alpha)]).toEqual([1, 3]);
  });

  // `check 1` must tick line 1 only, and `check 3 --uncheck` must clear line 3 when it says it did,
  // even when the plan repeats a line word for word.
  it('refuses a plan whose session repeats a checklist line: its ticks could not be told apart', () => {
    const result = validatePlan({ version: 1, id: 'tiny', title: 'Tiny', sessions: [{ id: 'alpha', title: 'Alpha', day: 1, duration: '1h', focus: ['Take notes.', 'Read the model', 'Take  notes.'] }] });
    expect(result.plan).toBeNull();
    expect(result.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['sessions.0.focus.2', 'repeats an earlier checklist line of this session: ticks follow their text, so every line must differ'],
    ]);
  });

  it('matches a line however it is spaced', () => {
    expect(lineKey('  Read   the\tmodel \n')).toBe('Read the model');
    // Whatever the text: every run of whitespace one space, none at either end.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '\u3000', 'é') }), (text) => {
        expect(lineKey(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 500 },
    );
    const respaced = planWithFocus(['Read  the model', 'Note the roles', 'Draw the plane']);
    expect([...tickedLines(only(respaced), sessionRecord({ ticks: ['Read the model'] }))]).toEqual([1]);
  });

  it('reads ticks by position from an older store, and writes them as texts on the next change', () => {
    const records = recordsOf({ sessions: dict([['alpha', sessionRecord({ legacyTicks: [2, 3, 9] })]]), items: dict() });
    expect([...tickedLines(only(v1), records.sessions.alpha)].sort()).toEqual([2, 3]);
    expect(setTicks(records, only(v1), [1], true, LATER)).toEqual([1]);
    expect(records.sessions.alpha?.ticks).toEqual(['Read the model', 'Note the roles', 'Draw the plane']);
    expect(records.sessions.alpha).not.toHaveProperty('legacyTicks');
    expect(records.sessions.alpha?.changedAt).toBe(LATER);
  });

  it('writes position ticks as texts even when the change changes no tick', () => {
    const records = recordsOf({ sessions: dict([['alpha', sessionRecord({ legacyTicks: [2] })]]), items: dict() });
    expect(setTicks(records, only(v1), [2], true, LATER)).toEqual([]);
    expect(records.sessions.alpha).toMatchObject({ ticks: ['Note the roles'] });
    expect(records.sessions.alpha).not.toHaveProperty('legacyTicks');
  });
});

// Two sessions share a key point and a term; one term is listed by no session.
const plan = planOf({
  review: { firstAfter: '2d' },
  sessions: [
    sessionEntry('one', 1, { keyPoints: ['kp', 'own'], terms: ['etcd'] }),
    sessionEntry('two', 1, { keyPoints: ['kp'], terms: ['etcd'] }),
    sessionEntry('three', 2),
  ],
  keyPoints: [
    { id: 'kp', title: 'Shared point', text: 'k' },
    { id: 'own', title: 'Own point', text: 'o' },
  ],
  terms: [
    { id: 'etcd', term: 'etcd', text: 'the store' },
    { id: 'kubelet', term: 'kubelet', text: 'the node agent' },
  ],
});
const [one, two, three] = plan.sessions as [PlanSession, PlanSession, PlanSession];

function finish(records: ReturnType<typeof recordsOf>, session: PlanSession, day: string, time = '10:00', summary: string | null = null): string[] {
  return completeSession(outlineOf(plan), records, session, { completedAt: localDate(day, time), at: localInstant(day, time), minutesSpent: 50, summary, dayStartHour: 4 });
}

describe('completeSession', () => {
  it('marks the session done and creates its items, its key points and terms, and the unlisted terms', () => {
    const records = recordsOf();
    expect(itemsOfSession(one)).toEqual(['session:one', 'keypoint:kp', 'keypoint:own', 'term:etcd']);
    expect(outlineOf(plan).unlistedTerms.map((term) => `term:${term.id}`)).toEqual(['term:kubelet']);
    expect(finish(records, one, '2026-12-01', '10:00', 'my words')).toEqual(['session:one', 'keypoint:kp', 'keypoint:own', 'term:etcd', 'term:kubelet']);
    expect(records.sessions.one).toMatchObject({ completedAt: localInstant('2026-12-01'), minutesSpent: 50, summary: 'my words', clockedMinutes: 0 });
    // firstAfter: 2d, counted in study days from the day it was finished.
    expect(new Set(Object.values(records.items).map((item) => item.due))).toEqual(new Set(['2026-12-03']));
    expect(new Set(Object.values(records.items).map((item) => item.source))).toEqual(new Set(['one']));
    expect(Object.values(records.items).every((item) => item.card === null)).toBe(true);
  });

  it('creates only the items still missing', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    expect(finish(records, two, '2026-12-02')).toEqual(['session:two']);
    expect(records.items['keypoint:kp']).toMatchObject({ source: 'one', due: '2026-12-03' });
    expect(records.items['session:two']?.due).toBe('2026-12-04');
  });

  it('counts a session finished at 01:00 for the study day before', () => {
    const records = recordsOf();
    finish(records, three, '2026-12-02', '01:00');
    expect(records.items['session:three']?.due).toBe('2026-12-03');
  });

  it('keeps the summary already written when none is given, and the ticks', () => {
    const records = recordsOf({ sessions: dict([['one', sessionRecord({ summary: 'written before', ticks: ['study one'], clockedMinutes: 20 })]]), items: dict() });
    finish(records, one, '2026-12-01');
    expect(records.sessions.one).toMatchObject({ summary: 'written before', ticks: ['study one'], clockedMinutes: 0 });
    expect(describeSession(detailOf(plan, one), records.sessions.one)).toMatchObject({ status: 'done', minutesSpent: 50, summary: 'written before' });
  });
});

describe('undoSession', () => {
  it('removes only what the session created, and keeps its summary and ticks', () => {
    const records = recordsOf();
    finish(records, three, '2026-12-01', '10:00', 'three words');
    finish(records, one, '2026-12-02');
    // Session three was first: it created the unlisted term.
    expect(records.items['term:kubelet']?.source).toBe('three');
    expect(undoSession(outlineOf(plan), records, one, LATER).sort()).toEqual(['keypoint:kp', 'keypoint:own', 'session:one', 'term:etcd']);
    expect(Object.keys(records.items).sort()).toEqual(['session:three', 'term:kubelet']);
    expect(records.sessions.one).toMatchObject({ completedAt: null, minutesSpent: null, changedAt: LATER });
    expect(undoSession(outlineOf(plan), records, three, LATER).sort()).toEqual(['session:three', 'term:kubelet']);
    expect(records.sessions.three).toMatchObject({ completedAt: null, summary: 'three words' });
  });

  it('passes a shared key point and term to another finished session that lists them, with their schedule', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    finish(records, two, '2026-12-01');
    records.items['keypoint:kp'] = { ...records.items['keypoint:kp']!, due: '2026-12-09' };
    expect(undoSession(outlineOf(plan), records, one, LATER).sort()).toEqual(['keypoint:own', 'session:one']);
    expect(records.items['keypoint:kp']).toMatchObject({ source: 'two', due: '2026-12-09', changedAt: LATER });
    expect(records.items['term:etcd']?.source).toBe('two');
    // The unlisted term passes to any finished session.
    expect(records.items['term:kubelet']?.source).toBe('two');
  });

  it('passes an unlisted term to a finished session that lists nothing', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    finish(records, three, '2026-12-02');
    expect(undoSession(outlineOf(plan), records, one, LATER)).not.toContain('term:kubelet');
    expect(records.items['term:kubelet']?.source).toBe('three');
    // With nothing finished left to own them, they go.
    expect(undoSession(outlineOf(plan), records, three, LATER).sort()).toEqual(['session:three', 'term:kubelet']);
    expect(Object.keys(records.items)).toEqual([]);
  });

  it('does not pass items to a session that is not finished', () => {
    const records = recordsOf({ sessions: dict([['two', sessionRecord({ ticks: ['study two'] })]]), items: dict() });
    finish(records, one, '2026-12-01');
    expect(undoSession(outlineOf(plan), records, one, LATER).sort()).toEqual(['keypoint:kp', 'keypoint:own', 'session:one', 'term:etcd', 'term:kubelet']);
  });

  it('removes items it created under ids the plan no longer lists for it, found by their source', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    records.items['keypoint:retired'] = { ...records.items['keypoint:own']! };
    expect(undoSession(outlineOf(plan), records, one, LATER)).toContain('keypoint:retired');
  });

  it('on a session never done changes no record and removes nothing', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    const before = JSON.stringify(records.items);
    expect(undoSession(outlineOf(plan), records, two, LATER)).toEqual([]);
    expect(JSON.stringify(records.items)).toBe(before);
    expect(records.sessions.two).toBeUndefined();
  });
});

describe('progress over the plan', () => {
  it('picks the first session not done, in study order, and totals the time', () => {
    const sessions = dict([['one', doneRecord('2026-12-01', { minutesSpent: 40 })], ['three', doneRecord('2026-12-02', { minutesSpent: 70 })]]);
    expect(pickNextSession(plan, sessions)?.id).toBe('two');
    expect(summarizeProgress(plan, sessions)).toEqual({ done: 2, total: 3, minutesPlanned: 180, minutesSpent: 110 });
    sessions.two = doneRecord('2026-12-02');
    expect(pickNextSession(plan, sessions)).toBeNull();
  });

  it('describes a session as the SPEC shapes it, with summaries made safe to print', () => {
    const view = describeSession(detailOf(plan, one), sessionRecord({ summary: 'mine\u001b]0;x\u0007 words', ticks: ['study one'], minutesSpent: 30 }));
    expect(view).toEqual({
      id: 'one',
      number: 1,
      title: 'Session one',
      day: 1,
      minutes: 60,
      status: 'in-progress',
      checklist: [{ number: 1, text: 'study one', done: true }],
      keyPoints: [
        { id: 'kp', title: 'Shared point', text: 'k' },
        { id: 'own', title: 'Own point', text: 'o' },
      ],
      terms: [{ id: 'etcd', term: 'etcd', text: 'the store' }],
      completedAt: null,
      // Minutes count only for a finished session.
      minutesSpent: null,
      summary: 'mine words',
    });
    expect(describeSession(detailOf(plan, three), undefined)).toMatchObject({ status: 'todo', summary: null, completedAt: null });
  });

  it('lists records kept for ids the plan no longer has', () => {
    const records = recordsOf();
    finish(records, one, '2026-12-01');
    records.sessions.retired = doneRecord('2026-11-20');
    records.items['term:gone'] = { ...records.items['term:etcd']!, source: 'retired' };
    expect(orphansOf(plan, records)).toEqual(['retired', 'term:gone']);
  });
});

describe('a plan whose session ids are names every object has', () => {
  const tricky = planOf({
    sessions: [sessionEntry('constructor', 1, { keyPoints: ['to-string'], focus: ['build it'] }), sessionEntry('to-string', 2, { focus: ['print it'] })],
    keyPoints: [{ id: 'to-string', title: 'Strings', text: 's' }],
    terms: [{ id: 'has-own-property', term: 'hasOwnProperty', text: 'h' }],
  });
  const [ctor, toString] = tricky.sessions as [PlanSession, PlanSession];

  it.each([
    ['dictionaries without a prototype', () => recordsOf()],
    ['plain objects', () => recordsOf({ sessions: {}, items: {} })],
  ])('is studied end to end through memoryRecords over %s: tick, finish, describe, undo', (_name, makeRecords) => {
    const records = makeRecords();
    expect(pickNextSession(tricky, records.sessions)?.id).toBe('constructor');
    expect(describeSession(detailOf(tricky, ctor), records.session('constructor')).status).toBe('todo');
    expect(setTicks(records, ctor, [1], true, AT)).toEqual([1]);
    expect(sessionStatus(ctor, records.session('constructor'))).toBe('in-progress');
    const created = completeSession(outlineOf(tricky), records, ctor, { completedAt: localDate('2026-12-01'), at: AT, minutesSpent: 30, summary: 'x', dayStartHour: 4 });
    expect(created).toEqual(['session:constructor', 'keypoint:to-string', 'term:has-own-property']);
    expect(records.session('constructor')?.completedAt).toBe(AT);
    expect(records.item('keypoint:to-string')?.source).toBe('constructor');
    expect(pickNextSession(tricky, records.sessions)?.id).toBe('to-string');
    expect(summarizeProgress(tricky, records.sessions)).toMatchObject({ done: 1, minutesSpent: 30 });
    expect(records.session('to-string')).toBeUndefined();
    expect(records.session('toString')).toBeUndefined();
    expect(records.session('hasOwnProperty')).toBeUndefined();
    expect(findOrphans(tricky, records, (id) => reviewItemTitle(tricky, id) !== null)).toEqual([]);
    expect(undoSession(outlineOf(tricky), records, ctor, LATER).sort()).toEqual(['keypoint:to-string', 'session:constructor', 'term:has-own-property']);
    expect(describeSession(detailOf(tricky, ctor), records.session('constructor'))).toMatchObject({ status: 'in-progress', summary: 'x' });
    expect(describeSession(detailOf(tricky, toString), records.session('to-string')).status).toBe('todo');
  });
});
