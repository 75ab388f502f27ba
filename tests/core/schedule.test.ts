import { describe, expect, it } from 'vitest';
import { shiftDay } from '../../src/core/dates.ts';
import type { CardState, Rating, ReviewItemRecord, ReviewLogEntry } from '../../src/core/progress.ts';
import { applyReview, previewIntervals, replayReviews, scheduleReview } from '../../src/core/schedule.ts';

const interval = (due: string, from: string): number => (Date.parse(due) - Date.parse(from)) / 86_400_000;

describe('FSRS scheduling, day-level', () => {
  it('a first review moves the item out further the better the recall', () => {
    const days = previewIntervals(null, '2026-12-02', 0.9);
    expect(days.again).toBe(1);
    expect(days.again).toBeLessThan(days.hard);
    expect(days.hard).toBeLessThanOrEqual(days.good);
    expect(days.good).toBeLessThan(days.easy);
  });

  it.each<[Rating[]]>([[['good', 'good', 'good']], [['again', 'good', 'good']], [['easy', 'easy']]])('successive %j reviews on their due days keep growing the interval', (ratings) => {
    let card: CardState | null = null;
    let today = '2026-12-02';
    const intervals: number[] = [];
    for (const rating of ratings) {
      const next = scheduleReview(card, rating, today, 0.9);
      intervals.push(interval(next.due, today));
      card = next.card;
      today = next.due;
    }
    for (let index = 1; index < intervals.length; index += 1) {
      expect(intervals[index]).toBeGreaterThanOrEqual(intervals[index - 1] as number);
    }
    expect(intervals.every((days) => Number.isInteger(days) && days >= 1)).toBe(true);
  });

  it('again after a long interval brings the item back far sooner than good would', () => {
    let card = scheduleReview(null, 'easy', '2026-12-02', 0.9);
    card = scheduleReview(card.card, 'easy', card.due, 0.9);
    const lapse = scheduleReview(card.card, 'again', card.due, 0.9);
    const kept = scheduleReview(card.card, 'good', card.due, 0.9);
    expect(lapse.card.lapses).toBe(1);
    expect(interval(lapse.due, card.due)).toBeGreaterThanOrEqual(1);
    expect(interval(lapse.due, card.due) * 5).toBeLessThan(interval(kept.due, card.due));
  });

  it('again on a new item is due the next study day', () => {
    expect(scheduleReview(null, 'again', '2026-12-31', 0.9).due).toBe(shiftDay('2026-12-31', 1));
  });

  it('a higher retention target schedules sooner', () => {
    const relaxed = scheduleReview(null, 'good', '2026-12-02', 0.8);
    const strict = scheduleReview(null, 'good', '2026-12-02', 0.97);
    expect(strict.due < relaxed.due).toBe(true);
  });

  it('logs every review, and the log alone recomputes the schedule', () => {
    const item: ReviewItemRecord = { source: 's', createdAt: '2026-12-01T10:00:00+00:00', due: '2026-12-02', card: null };
    const log: ReviewLogEntry[] = [];
    const reviews: [string, Rating][] = [
      ['2026-12-02T09:00', 'good'],
      ['2026-12-05T21:00', 'hard'],
      ['2026-12-09T02:30', 'again'], // before 04:00: still the study day of the 8th
      ['2026-12-10T08:00', 'easy'],
    ];
    for (const [at, rating] of reviews) {
      applyReview(item, log, { itemId: 'term:etcd', rating, now: new Date(at), at: `${at}:00+00:00`, dayStartHour: 4, retention: 0.9 });
    }
    expect(log.map((entry) => entry.rating)).toEqual(['good', 'hard', 'again', 'easy']);
    expect(item.card?.last_review).toBe('2026-12-10');
    const replayed = replayReviews(log, 4, 0.9);
    expect(replayed).toEqual({ card: item.card, due: item.due });
  });
});
