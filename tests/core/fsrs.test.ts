import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, shiftDay } from '../../src/core/dates.ts';
import { applyReview, previewIntervals, replayReviews, scheduleReview } from '../../src/core/fsrs.ts';
import type { CardState, ItemRecord, Rating } from '../../src/core/records.ts';
import { RATINGS } from '../../src/core/records.ts';
import { itemRecord, localDate, localInstant } from './plans.ts';

// Spaced repetition with FSRS at the level of whole study days (SPEC §4): ts-fsrs, default weights,
// no fuzz, no short-term steps.

describe('scheduleReview, day-level', () => {
  it('a first review moves the item out further the better the recall', () => {
    const days = previewIntervals({ card: null, due: '2026-12-02' }, '2026-12-02', 0.9);
    expect(days.again).toBe(1);
    expect(days.again).toBeLessThan(days.hard);
    expect(days.hard).toBeLessThanOrEqual(days.good);
    expect(days.good).toBeLessThan(days.easy);
  });

  it.each<[Rating[]]>([[['good', 'good', 'good']], [['again', 'good', 'good']], [['easy', 'easy']], [['hard', 'hard', 'hard']]])(
    'successive %j reviews on their due days keep growing the interval, in whole days',
    (ratings) => {
      let card: CardState | null = null;
      let today = '2026-12-02';
      const intervals: number[] = [];
      for (const rating of ratings) {
        const next = scheduleReview(card, today, rating, today, 0.9);
        intervals.push(daysBetween(today, next.due));
        expect(next.card.last_review).toBe(today);
        card = next.card;
        today = next.due;
      }
      for (let index = 1; index < intervals.length; index += 1) expect(intervals[index]).toBeGreaterThanOrEqual(intervals[index - 1] as number);
      expect(intervals.every((days) => Number.isInteger(days) && days >= 1)).toBe(true);
    },
  );

  it('again after a long interval brings the item back far sooner than good would', () => {
    let step = scheduleReview(null, '2026-12-02', 'easy', '2026-12-02', 0.9);
    step = scheduleReview(step.card, step.due, 'easy', step.due, 0.9);
    const lapse = scheduleReview(step.card, step.due, 'again', step.due, 0.9);
    const kept = scheduleReview(step.card, step.due, 'good', step.due, 0.9);
    expect(lapse.card.lapses).toBe(1);
    expect(daysBetween(step.due, lapse.due)).toBeGreaterThanOrEqual(1);
    expect(daysBetween(step.due, lapse.due) * 5).toBeLessThan(daysBetween(step.due, kept.due));
  });

  it('again on a new item is due the next study day, across a year end', () => {
    expect(scheduleReview(null, '2026-12-31', 'again', '2026-12-31', 0.9).due).toBe('2027-01-01');
  });

  it('a higher retention target schedules sooner', () => {
    const relaxed = scheduleReview(null, '2026-12-02', 'good', '2026-12-02', 0.8);
    const strict = scheduleReview(null, '2026-12-02', 'good', '2026-12-02', 0.97);
    expect(strict.due < relaxed.due).toBe(true);
  });

  it('a review made late counts the days actually elapsed', () => {
    const first = scheduleReview(null, '2026-12-02', 'good', '2026-12-02', 0.9);
    const onTime = scheduleReview(first.card, first.due, 'good', first.due, 0.9);
    const late = scheduleReview(first.card, first.due, 'good', shiftDay(first.due, 10), 0.9);
    expect(late.card.elapsed_days).toBeGreaterThan(onTime.card.elapsed_days);
    expect(late.card.stability).toBeGreaterThan(onTime.card.stability);
  });

  it('a clock set back counts as the day of the last review, never before it', () => {
    const first = scheduleReview(null, '2026-12-10', 'good', '2026-12-10', 0.9);
    const backInTime = scheduleReview(first.card, first.due, 'good', '2026-12-05', 0.9);
    expect(backInTime).toEqual(scheduleReview(first.card, first.due, 'good', '2026-12-10', 0.9));
    expect(backInTime.card.last_review).toBe('2026-12-10');
    expect(backInTime.due > '2026-12-10').toBe(true);
  });
});

describe('applyReview and replayReviews', () => {
  /** Answers given one by one with applyReview, as `review` does. */
  function answer(item: ItemRecord, reviews: [string, string, Rating][]): ItemRecord {
    let current = item;
    for (const [day, time, rating] of reviews) current = applyReview(current, { rating, now: localDate(day, time), at: localInstant(day, time), dayStartHour: 4, retention: 0.9 });
    return current;
  }
  const entriesOf = (reviews: [string, string, Rating][]) => reviews.map(([day, time, rating]) => ({ at: localInstant(day, time), rating }));

  it('moves the item and records when it changed', () => {
    const reviewed = answer(itemRecord('2026-12-02'), [['2026-12-02', '09:00', 'good']]);
    expect(reviewed).toMatchObject({ due: '2026-12-05', changedAt: localInstant('2026-12-02', '09:00'), source: 'alpha' });
    expect(reviewed.card).toMatchObject({ reps: 1, lapses: 0, last_review: '2026-12-02' });
  });

  it('counts a review at 02:30 for the study day before', () => {
    const reviewed = answer(itemRecord('2026-12-02'), [['2026-12-03', '02:30', 'again']]);
    expect(reviewed.card?.last_review).toBe('2026-12-02');
    expect(reviewed.due).toBe('2026-12-03');
  });

  it('the log of answers alone gives the same card and due day as answering one by one', () => {
    const reviews: [string, string, Rating][] = [
      ['2026-12-02', '09:00', 'good'],
      ['2026-12-05', '21:00', 'hard'],
      ['2026-12-09', '02:30', 'again'],
      ['2026-12-10', '08:00', 'easy'],
    ];
    const item = answer(itemRecord('2026-12-02'), reviews);
    expect(item.card?.last_review).toBe('2026-12-10');
    expect(replayReviews(entriesOf(reviews), '2026-12-02', 4, 0.9)).toEqual({ card: item.card, due: item.due });
  });

  it('for any sequence of answers, clocks set back included', () => {
    const review = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom(...RATINGS));
    fc.assert(
      fc.property(fc.array(review, { minLength: 1, maxLength: 8 }), fc.constantFrom(0.8, 0.9, 0.95), (answers, retention) => {
        const reviews = answers.map(([offset, hour, rating]): [string, string, Rating] => [shiftDay('2026-12-02', offset), `${String(hour).padStart(2, '0')}:15`, rating]);
        let item = itemRecord('2026-12-02');
        for (const [day, time, rating] of reviews) item = applyReview(item, { rating, now: localDate(day, time), at: localInstant(day, time), dayStartHour: 4, retention });
        expect(replayReviews(entriesOf(reviews), '2026-12-02', 4, retention)).toEqual({ card: item.card, due: item.due });
        expect(item.due > (item.card?.last_review ?? '')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('skips an entry whose instant does not parse, and gives null without answers', () => {
    expect(replayReviews([], '2026-12-02', 4, 0.9)).toBeNull();
    expect(replayReviews([{ at: 'not an instant', rating: 'good' }], '2026-12-02', 4, 0.9)).toBeNull();
    const one = [{ at: localInstant('2026-12-02'), rating: 'good' as const }];
    expect(replayReviews([{ at: 'garbage', rating: 'again' }, ...one], '2026-12-02', 4, 0.9)).toEqual(replayReviews(one, '2026-12-02', 4, 0.9));
  });
});
