import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { shiftDay, studyDay, toInstant } from '../../src/core/dates.ts';
import { applyReview, previewIntervals } from '../../src/core/fsrs.ts';
import { outlineOf } from '../../src/core/plan-outline.ts';
import { completeSession } from '../../src/core/progress.ts';
import type { ItemRecord } from '../../src/core/records.ts';
import { countReviewItems, effectiveDue, listReviewItems, reviewItemAnswer, reviewItemTitle } from '../../src/core/reviews.ts';
import { itemRecord, planOf, recordsOf, sessionEntry, shippedPlan } from './plans.ts';

const plan = planOf({
  sessions: [sessionEntry('a', 1, { title: 'Session A' }), sessionEntry('b', 2, { title: 'Session B' })],
  keyPoints: [{ id: 'iam', title: 'IAM', text: 'Roles and users.' }],
  terms: [
    { id: 'etcd', term: 'etcd', text: 'The key-value store.' },
    { id: 'kube-apiserver', term: 'kube-apiserver', text: 'The front door.' },
  ],
});
const noCap = planOf({ review: { beforeLab: false }, sessions: [sessionEntry('a', 1)] });

/** An item due on `due`, last reviewed on `lastReview` (a study day) or never. */
const item = (due: string, lastReview: string | null = null): ItemRecord =>
  itemRecord(due, lastReview === null ? {} : { card: { stability: 5, difficulty: 5, elapsed_days: 1, scheduled_days: 5, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: lastReview } });

describe('listReviewItems', () => {
  it('lists due items most overdue first, then by kind and id; soon-due ones apart; skips ids the plan lost', () => {
    const items: Record<string, ItemRecord> = {
      'term:kube-apiserver': item('2026-11-29'),
      'term:etcd': item('2026-11-29'),
      'keypoint:iam': item('2026-11-29'),
      'session:b': item('2026-12-01'),
      'session:a': item('2026-11-30'),
      'session:gone': item('2026-11-01'),
      'term:later': item('2026-12-02'),
      'keypoint:iam-later': item('2026-12-03'),
    };
    const { due, upcoming } = listReviewItems(plan, { lab: null, items }, '2026-12-01', 3);
    expect(due.map((entry) => [entry.id, entry.overdueDays])).toEqual([
      ['keypoint:iam', 2],
      ['term:etcd', 2],
      ['term:kube-apiserver', 2],
      ['session:a', 1],
      ['session:b', 0],
    ]);
    expect(due[0]).toEqual({ id: 'keypoint:iam', kind: 'keypoint', title: 'IAM', due: '2026-11-29', overdueDays: 2 });
    expect(upcoming).toEqual([]);
    items['term:etcd'] = item('2026-12-03');
    expect(listReviewItems(plan, { lab: null, items }, '2026-12-01', 3).upcoming).toEqual([{ id: 'term:etcd', kind: 'term', title: 'etcd', due: '2026-12-03', overdueDays: 0 }]);
    expect(listReviewItems(plan, { lab: null, items }, '2026-12-01', 1).upcoming).toEqual([]);
    expect(listReviewItems(plan, { lab: null, items }, '2026-12-01').upcoming).toEqual([]);
    expect(countReviewItems(plan, { lab: null, items }, '2026-12-01', 3)).toEqual({ due: 4, upcoming: 1 });
    expect(countReviewItems(plan, { lab: null, items }, '2026-12-01')).toEqual({ due: 4, upcoming: 0 });
  });

  it('orders upcoming items soonest first', () => {
    const items = { 'term:etcd': item('2026-12-05'), 'session:b': item('2026-12-03'), 'keypoint:iam': item('2026-12-03') };
    expect(listReviewItems(plan, { lab: null, items }, '2026-12-01', 7).upcoming.map((entry) => entry.id)).toEqual(['session:b', 'keypoint:iam', 'term:etcd']);
  });

  it('counts overdue days across months and years', () => {
    const { due } = listReviewItems(plan, { lab: null, items: { 'session:a': item('2025-12-01') } }, '2026-03-01');
    expect(due[0]?.overdueDays).toBe(90);
  });

  it('with a lab date, has everything due by the day before, unless reviewed since', () => {
    const items = {
      'session:a': item('2026-12-20'),
      'session:b': item('2026-12-20', '2026-12-09'),
      'term:etcd': item('2026-12-20', '2026-12-08'),
      'keypoint:iam': item('2026-12-05'),
    };
    const state = { lab: '2026-12-10', items };
    expect(listReviewItems(plan, state, '2026-12-09').due.map((entry) => [entry.id, entry.due, entry.overdueDays])).toEqual([
      ['keypoint:iam', '2026-12-05', 4],
      ['session:a', '2026-12-09', 0],
      ['term:etcd', '2026-12-09', 0],
    ]);
    expect(countReviewItems(plan, state, '2026-12-09', 20)).toEqual({ due: 3, upcoming: 1 });
    // Before the day before the lab, the capped items are upcoming on that day.
    expect(listReviewItems(plan, state, '2026-12-06', 3).upcoming.map((entry) => [entry.id, entry.due])).toEqual([
      ['session:a', '2026-12-09'],
      ['term:etcd', '2026-12-09'],
    ]);
    // On the lab day the cap still holds; once the lab is past, it no longer applies.
    expect(listReviewItems(plan, state, '2026-12-10').due.map((entry) => entry.id)).toEqual(['keypoint:iam', 'session:a', 'term:etcd']);
    expect(listReviewItems(plan, state, '2026-12-11').due.map((entry) => entry.id)).toEqual(['keypoint:iam']);
  });

  it('with beforeLab: false, a lab date changes no due day', () => {
    const items = { 'session:a': item('2026-12-20') };
    expect(listReviewItems(noCap, { lab: '2026-12-10', items }, '2026-12-09').due).toEqual([]);
    expect(effectiveDue(items['session:a'], noCap, '2026-12-10', '2026-12-01')).toBe('2026-12-20');
    expect(effectiveDue(items['session:a'], plan, '2026-12-10', '2026-12-01')).toBe('2026-12-09');
    expect(effectiveDue(items['session:a'], plan, null, '2026-12-01')).toBe('2026-12-20');
  });

  it('finds an item stored under an id every object has', () => {
    const tricky = planOf({ sessions: [sessionEntry('constructor', 1)] });
    const items = Object.assign(Object.create(null) as Record<string, ItemRecord>, { 'session:constructor': item('2026-12-01') });
    expect(listReviewItems(tricky, { lab: null, items }, '2026-12-01').due.map((entry) => entry.id)).toEqual(['session:constructor']);
    expect(reviewItemTitle(tricky, 'session:toString')).toBeNull();
  });
});

describe('countReviewItems says what listReviewItems lists', () => {
  it('for any items, lab and day', () => {
    const ids = ['session:a', 'session:b', 'keypoint:iam', 'term:etcd', 'term:kube-apiserver', 'term:gone', 'session:constructor'];
    const day = fc.integer({ min: 0, max: 40 }).map((offset) => shiftDay('2026-11-20', offset));
    const entry = fc.tuple(fc.constantFrom(...ids), day, fc.option(day, { nil: null }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.option(day, { nil: null }), day, fc.integer({ min: 0, max: 10 }), (entries, lab, today, upcomingDays) => {
        const items = Object.fromEntries(entries.map(([id, due, lastReview]) => [id, item(due, lastReview)]));
        const listed = listReviewItems(plan, { lab, items }, today, upcomingDays);
        expect(countReviewItems(plan, { lab, items }, today, upcomingDays)).toEqual({ due: listed.due.length, upcoming: listed.upcoming.length });
        expect(listed.due.every((view) => view.due <= today && view.overdueDays >= 0)).toBe(true);
        expect(listed.upcoming.every((view) => view.due > today && view.due <= shiftDay(today, upcomingDays))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('review item titles and answers', () => {
  it.each([
    ['session:a', { kind: 'session', title: 'Session A' }, null],
    ['keypoint:iam', { kind: 'keypoint', title: 'IAM' }, 'Roles and users.'],
    ['term:etcd', { kind: 'term', title: 'etcd' }, 'The key-value store.'],
    ['term:gone', null, null],
    ['chapter:a', null, null],
  ])('%s', (id, title, answer) => {
    expect(reviewItemTitle(plan, id)).toEqual(title);
    expect(reviewItemAnswer(plan, id)).toBe(answer);
  });
});

// Node re-reads TZ when it is assigned, so one test file can walk several time zones.
const originalZone = process.env.TZ;
afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

describe('study days in local time, across DST changes', () => {
  const shipped = shippedPlan();
  const first = shipped.sessions[0]!;
  type Local = readonly [number, number, number, number, number];
  const local = ([y, m, d, h, min]: Local): Date => new Date(y, m - 1, d, h, min);

  function finishAt(when: Local): ReturnType<typeof recordsOf> {
    const records = recordsOf();
    const at = local(when);
    completeSession(outlineOf(shipped), records, first, { completedAt: at, at: toInstant(at), minutesSpent: 60, summary: null, dayStartHour: 4 });
    return records;
  }
  const dueCount = (records: ReturnType<typeof recordsOf>, when: Local): number => listReviewItems(shipped, { lab: null, items: records.items }, studyDay(local(when))).due.length;

  describe.each([
    // Last Sunday of March: 02:00 jumps to 03:00.
    ['Europe/Berlin', 'spring forward', [2026, 3, 28, 23, 30], [2026, 3, 29, 3, 30], [2026, 3, 29, 4, 0], '2026-03-29'],
    // Last Sunday of October: 03:00 falls back to 02:00, so 02:30 happens twice.
    ['Europe/Berlin', 'fall back', [2026, 10, 24, 22, 0], [2026, 10, 25, 2, 30], [2026, 10, 25, 4, 0], '2026-10-25'],
    // Late evening on the US west coast is already the next day in UTC.
    ['America/Los_Angeles', 'late evening', [2026, 12, 1, 23, 30], [2026, 12, 2, 0, 30], [2026, 12, 2, 4, 0], '2026-12-02'],
    ['America/Los_Angeles', 'spring forward', [2026, 3, 7, 23, 0], [2026, 3, 8, 3, 30], [2026, 3, 8, 4, 0], '2026-03-08'],
    // East of UTC by more than the day start: 02:00 local is still the day before in UTC.
    ['Pacific/Auckland', 'morning', [2026, 12, 1, 20, 0], [2026, 12, 2, 3, 59], [2026, 12, 2, 4, 0], '2026-12-02'],
  ] as const)('%s, %s', (zone, _change, finished, beforeFour, atFour, dueDay) => {
    it(`a session finished then is first due on ${dueDay}, from 04:00 and not before`, () => {
      process.env.TZ = zone;
      // The zone took effect: none of these is UTC.
      expect(local(atFour).getTimezoneOffset()).not.toBe(0);
      const records = finishAt(finished);
      expect(new Set(Object.values(records.items).map((entry) => entry.due))).toEqual(new Set([dueDay]));
      expect(dueCount(records, beforeFour)).toBe(0);
      expect(dueCount(records, atFour)).toBe(8);
    });

    it('a review on that day moves the item by whole days, as on any other day', () => {
      process.env.TZ = zone;
      const records = finishAt(finished);
      const etcd = records.items['term:etcd']!;
      const now = local(atFour);
      // FSRS's default weights put a first "good" three days out, on an ordinary June day as on this one.
      expect(previewIntervals({ card: null, due: '2026-06-15' }, '2026-06-15', 0.9).good).toBe(3);
      const reviewed = applyReview(etcd, { rating: 'good', now, at: toInstant(now), dayStartHour: 4, retention: 0.9 });
      expect(reviewed.due).toBe(shiftDay(dueDay, 3));
      expect(reviewed.card?.last_review).toBe(dueDay);
      expect(reviewed.changedAt).toMatch(/^\d{4}-\d{2}-\d{2}T04:00:00[+-]\d{2}:\d{2}$/);
    });
  });
});
