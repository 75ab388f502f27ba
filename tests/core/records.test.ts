import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardProblem,
  clockProblem,
  dict,
  has,
  isDayInRange,
  isInstant,
  itemProblem,
  MAX_MINUTES,
  MAX_SUMMARY_CHARS,
  metaProblem,
  sameJson,
  sessionProblem,
  splitItemId,
  type CardState,
} from '../../src/core/records.ts';
import { parseInstant } from '../../src/core/dates.ts';
import { itemRecord, sessionRecord } from './plans.ts';

// Every record read from the store (or a backup) passes these checks: whatever entered it must not
// make a later computation fail, so values are bounded, not just typed.

const card: CardState = { stability: 3.2, difficulty: 5.1, elapsed_days: 1, scheduled_days: 8, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: '2026-12-02' };

describe('sessionProblem', () => {
  it('accepts a record as the tool writes it', () => {
    expect(sessionProblem(sessionRecord())).toBeNull();
    expect(sessionProblem(sessionRecord({ completedAt: '2026-12-01T10:00:00+01:00', minutesSpent: MAX_MINUTES, summary: 'mine', ticks: ['a line'], legacyTicks: [1, 3] }))).toBeNull();
    expect(sessionProblem(sessionRecord({ completedAt: '2026-12-01T10:00Z', changedAt: '2026-12-01T10:00:00.123456789-0800' }))).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['completedAt in the year 9999', { completedAt: '9999-12-31T00:00Z' }, 'completedAt: is not an instant'],
    ['completedAt in 1969', { completedAt: '1969-12-31T23:00:00Z' }, 'completedAt: is not an instant'],
    ['completedAt without an offset', { completedAt: '2026-12-01T10:00:00' }, 'completedAt: is not an instant'],
    ['minutes over a year', { minutesSpent: MAX_MINUTES + 1 }, 'minutesSpent: is not a number of minutes from 0 to 525600'],
    ['negative minutes', { minutesSpent: -1 }, 'minutesSpent: is not a number of minutes from 0 to 525600'],
    ['minutes as text', { minutesSpent: '50' }, 'minutesSpent: is not a number of minutes from 0 to 525600'],
    ['infinite minutes', { minutesSpent: Infinity }, 'minutesSpent: is not a number of minutes from 0 to 525600'],
    ['a summary too long', { summary: 'x'.repeat(MAX_SUMMARY_CHARS + 1) }, 'summary: is not text'],
    ['ticks as numbers', { ticks: [1, 2] }, 'ticks: is not a list of checklist lines'],
    ['legacy ticks of line 0', { legacyTicks: [0] }, 'legacyTicks: is not a list of line numbers'],
    ['clocked minutes over a year', { clockedMinutes: MAX_MINUTES + 1 }, 'clockedMinutes: is not a number of minutes'],
    ['no changedAt', { changedAt: undefined }, 'changedAt: is not an instant'],
  ])('refuses %s', (_name, fields, problem) => {
    expect(sessionProblem({ ...sessionRecord(), ...(fields as object) })).toBe(problem);
  });

  it.each([null, [], 'record', 1])('refuses %j', (value) => {
    expect(sessionProblem(value)).toBe('is not an object');
  });
});

describe('itemProblem and cardProblem', () => {
  it('accept an item as the tool writes it, reviewed or not', () => {
    expect(itemProblem(itemRecord('2026-12-02'))).toBeNull();
    expect(itemProblem(itemRecord('2026-12-10', { card }))).toBeNull();
    expect(cardProblem({ ...card, last_review: null })).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['a stability of 1e308', { ...card, stability: 1e308 }, 'stability: is not a number from 0 to 1000000'],
    ['a NaN difficulty', { ...card, difficulty: Number.NaN }, 'difficulty: is not a number from 0 to 100'],
    ['a difficulty over 100', { ...card, difficulty: 101 }, 'difficulty: is not a number from 0 to 100'],
    ['negative reps', { ...card, reps: -1 }, 'reps: is not a number from 0 to 1000000'],
    ['an unknown state', { ...card, state: 4 }, 'state: is not a number from 0 to 3'],
    ['a last review in 3000', { ...card, last_review: '3000-01-01' }, 'last_review: is not a calendar day'],
    ['a last review that is an instant', { ...card, last_review: '2026-12-02T10:00:00Z' }, 'last_review: is not a calendar day'],
    ['no fields', {}, 'stability: is not a number from 0 to 1000000'],
  ])('cardProblem refuses %s', (_name, value, problem) => {
    expect(cardProblem(value)).toBe(problem);
    expect(itemProblem(itemRecord('2026-12-10', { card: value as CardState }))).toBe(`card.${problem}`);
  });

  it.each<[string, unknown, string]>([
    ['an empty source', { source: '' }, 'source: is not a session id'],
    ['a due day in 9999', { due: '9999-12-31' }, 'due: is not a calendar day'],
    ['a due day that does not exist', { due: '2027-02-29' }, 'due: is not a calendar day'],
    ['a creation in 9999', { createdAt: '9999-12-31T00:00Z' }, 'createdAt: is not an instant'],
    ['no changedAt', { changedAt: 'yesterday' }, 'changedAt: is not an instant'],
  ])('itemProblem refuses %s', (_name, fields, problem) => {
    expect(itemProblem({ ...itemRecord('2026-12-02'), ...(fields as object) })).toBe(problem);
  });
});

describe('metaProblem and clockProblem', () => {
  it.each<[unknown, string | null]>([
    [{ title: 'T', file: null, lab: null, startDate: null }, null],
    [{ title: 'T', file: '/plans/p.yaml', lab: '2026-12-10', startDate: '2026-12-01' }, null],
    [{ title: 'T', file: null, lab: '10/12/2026', startDate: null }, 'lab: is not a calendar day'],
    [{ title: 'T', file: null, lab: null, startDate: '3000-01-01' }, 'startDate: is not a calendar day'],
    [{ title: 1, file: null, lab: null, startDate: null }, 'title: is not text'],
    [{ title: 'T', file: 7, lab: null, startDate: null }, 'file: is not a path'],
  ])('metaProblem(%j) → %j', (value, problem) => {
    expect(metaProblem(value)).toBe(problem);
  });

  it.each<[unknown, string | null]>([
    [null, null],
    [{ plan: 'p', session: 'a', startedAt: '2026-12-01T10:00:00+01:00' }, null],
    [{ plan: 'p', startedAt: '2026-12-01T10:00:00+01:00' }, 'is not a plan and session'],
    [{ plan: 'p', session: 'a', startedAt: '9999-12-31T00:00Z' }, 'startedAt: is not an instant'],
    ['running', 'is not an object'],
  ])('clockProblem(%j) → %j', (value, problem) => {
    expect(clockProblem(value)).toBe(problem);
  });
});

describe('instants and days in range', () => {
  it.each<[unknown, boolean]>([
    ['2026-12-01T10:00:00+01:00', true],
    ['2026-12-01T10:00Z', true],
    ['1970-01-01T00:00:00Z', true],
    ['2999-12-31T23:59:59Z', true],
    ['9999-12-31T00:00Z', false],
    ['2026-12-01T10:00:00', false],
    ['2026-12-01', false],
    [1_700_000_000_000, false],
  ])('isInstant(%j) → %j', (value, expected) => {
    expect(isInstant(value)).toBe(expected);
  });

  it.each(['2026-02-30T10:00:00Z', '2026-02-29T10:00:00+01:00', '2026-12-01T24:00:00Z'])(
    'refuses %j, which parseInstant reads as no instant (a record holding it would be done at no time)',
    (value) => {
      expect(parseInstant(value)).toBeNull();
      expect(isInstant(value)).toBe(false);
      expect(sessionProblem(sessionRecord({ completedAt: value }))).toBe('completedAt: is not an instant');
    },
  );

  it.each<[unknown, boolean]>([
    ['2026-12-01', true],
    ['1970-01-01', true],
    ['1969-12-31', false],
    ['3000-01-01', false],
    ['2026-02-29', false],
  ])('isDayInRange(%j) → %j', (value, expected) => {
    expect(isDayInRange(value)).toBe(expected);
  });
});

describe('dictionaries of records have no prototype', () => {
  it('finds a session called `constructor` or `to-string`, and nothing a plain object inherits', () => {
    const sessions = dict([['constructor', 1]]);
    expect(Object.getPrototypeOf(sessions)).toBeNull();
    expect(sessions.constructor).toBe(1);
    expect(has(sessions, 'constructor')).toBe(true);
    expect(has(sessions, 'to-string')).toBe(false);
    sessions['to-string'] = 2;
    expect(has(sessions, 'to-string')).toBe(true);
    expect(sessions['toString']).toBeUndefined();
    expect(has(sessions, 'toString')).toBe(false);
    expect(has(sessions, '__proto__')).toBe(false);
    expect(Object.keys(sessions)).toEqual(['constructor', 'to-string']);
  });

  it('keeps a `__proto__` id as an entry, not a prototype', () => {
    const sessions = dict([['__proto__', 'kept']]);
    expect(Object.getPrototypeOf(sessions)).toBeNull();
    expect(has(sessions, '__proto__')).toBe(true);
    expect(Object.keys(sessions)).toEqual(['__proto__']);
  });

  it('has(), on a plain object too, sees only its own entries', () => {
    expect(has({}, 'constructor')).toBe(false);
    expect(has({ constructor: 0 }, 'constructor')).toBe(true);
  });
});

describe('splitItemId', () => {
  it.each([
    ['keypoint:iam', ['keypoint', 'iam']],
    ['term:kube-apiserver', ['term', 'kube-apiserver']],
    ['session:a:b', ['session', 'a:b']],
    ['plain', ['', 'plain']],
  ])('%s → %j', (id, parts) => {
    expect(splitItemId(id)).toEqual(parts);
  });
});

describe('sameJson', () => {
  /** The value with every object's keys in reverse order (the same JSON, written otherwise). */
  const reordered = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reordered);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reordered(inner)]));
  };
  /** JSON text with every object's keys sorted: equal exactly when two values hold the same. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1))) : inner));

  it('says two values are the same exactly when they write the same JSON, whatever the order of their keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, reordered(a))).toBe(true);
        expect(sameJson(a, b)).toBe(canonical(a) === canonical(b));
      }),
      { seed: 20261130, numRuns: 500 },
    );
  });

  it('tells apart what JSON tells apart, and counts a key set to undefined as absent', () => {
    expect(sameJson({ ticks: [1, 2] }, { ticks: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, gone: undefined })).toBe(true);
    expect(sameJson({ a: undefined }, { a: null })).toBe(false);
    // A record of the store (no prototype) and the same one parsed from a backup.
    expect(sameJson(Object.assign(dict(), { a: { b: [1] } }), { a: { b: [1] } })).toBe(true);
  });
});
