import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { studyDay, toInstant } from '../../src/core/dates.ts';
import { completeSession, emptyProgress, type PlanProgress } from '../../src/core/progress.ts';
import { listReviewItems } from '../../src/core/reviews.ts';
import { applyReview, previewIntervals } from '../../src/core/schedule.ts';
import { parsePlan } from '../../src/io/plan-file.ts';
import { SHIPPED_PLAN } from '../helpers.ts';

// Node re-reads TZ when it is assigned, so one test file can walk several time zones.
const originalZone = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalZone;
});

const plan = parsePlan(readFileSync(SHIPPED_PLAN, 'utf8'), SHIPPED_PLAN);
const session = plan.sessions[0]!;

function finishAt(local: [number, number, number, number, number]): PlanProgress {
  const progress = emptyProgress();
  const at = new Date(local[0], local[1] - 1, local[2], local[3], local[4]);
  completeSession(plan, progress, session, { completedAt: at, completedAtText: toInstant(at), minutesSpent: 60, summary: null, dayStartHour: 4 });
  return progress;
}

function dueCount(progress: PlanProgress, local: [number, number, number, number, number]): number {
  const now = new Date(local[0], local[1] - 1, local[2], local[3], local[4]);
  return listReviewItems(plan, progress, studyDay(now)).due.length;
}

describe.each([
  // Last Sunday of March: 02:00 jumps to 03:00.
  ['Europe/Berlin', 'spring forward', [2026, 3, 28, 23, 30], [2026, 3, 29, 3, 30], [2026, 3, 29, 4, 0], '2026-03-29'],
  // Last Sunday of October: 03:00 falls back to 02:00, so 02:30 happens twice.
  ['Europe/Berlin', 'fall back', [2026, 10, 24, 22, 0], [2026, 10, 25, 2, 30], [2026, 10, 25, 4, 0], '2026-10-25'],
  // Late evening on the US west coast is already the next day in UTC.
  ['America/Los_Angeles', 'late evening', [2026, 12, 1, 23, 30], [2026, 12, 2, 0, 30], [2026, 12, 2, 4, 0], '2026-12-02'],
  ['America/Los_Angeles', 'spring forward', [2026, 3, 7, 23, 0], [2026, 3, 8, 3, 30], [2026, 3, 8, 4, 0], '2026-03-08'],
] as const)('%s, %s', (zone, _change, finished, beforeFour, atFour, dueDay) => {
  it(`a session finished then is first due on ${dueDay}, from 04:00 and not before`, () => {
    process.env.TZ = zone;
    const progress = finishAt([...finished]);
    expect(new Set(Object.values(progress.reviewItems).map((item) => item.due))).toEqual(new Set([dueDay]));
    expect(dueCount(progress, [...beforeFour])).toBe(0);
    expect(dueCount(progress, [...atFour])).toBe(8);
  });

  it('a review on that day moves the item by whole days, as on any other day', () => {
    process.env.TZ = zone;
    const progress = finishAt([...finished]);
    const item = progress.reviewItems['term:etcd']!;
    const now = new Date(atFour[0], atFour[1] - 1, atFour[2], atFour[3], atFour[4]);
    const expectedDays = previewIntervals(null, '2026-06-15', 0.9).good;
    // FSRS's default weights put a first "good" three days out, on an ordinary June day as on this one.
    expect(expectedDays).toBe(3);
    applyReview(item, progress.reviewLog, { itemId: 'term:etcd', rating: 'good', now, at: toInstant(now), dayStartHour: 4, retention: 0.9 });
    const days = (Date.parse(item.due) - Date.parse(dueDay)) / 86_400_000;
    expect(days).toBe(expectedDays);
    expect(progress.reviewLog[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T04:00:00[+-]\d{2}:\d{2}$/);
  });
});

describe('the lab caps every due day at the day before it', () => {
  it('pulls far-off items in, leaves nearer ones, and lets go after the lab', () => {
    process.env.TZ = 'UTC';
    const progress = finishAt([2026, 12, 1, 10, 0]);
    const etcd = progress.reviewItems['term:etcd']!;
    etcd.due = '2026-12-20';
    progress.lab = '2026-12-10';
    const onNinth = listReviewItems(plan, progress, '2026-12-09').due;
    expect(onNinth.find((item) => item.id === 'term:etcd')?.due).toBe('2026-12-09');
    expect(onNinth.find((item) => item.id === 'session:shared-responsibility')?.due).toBe('2026-12-02');
    expect(listReviewItems(plan, progress, '2026-12-08').due.map((item) => item.id)).not.toContain('term:etcd');
    expect(listReviewItems(plan, progress, '2026-12-11').due.map((item) => item.id)).not.toContain('term:etcd');
  });
});
