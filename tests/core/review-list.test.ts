import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { emptyProgress, type PlanProgress, type ReviewItemRecord } from '../../src/core/progress.ts';
import { countReviewItems, listReviewItems } from '../../src/core/reviews.ts';

const plan = {
  review: { beforeLab: true },
  sessions: [
    { id: 'a', title: 'Session A' },
    { id: 'b', title: 'Session B' },
  ],
  keyPoints: [{ id: 'iam', title: 'IAM' }],
  terms: [
    { id: 'etcd', term: 'etcd' },
    { id: 'kube-apiserver', term: 'kube-apiserver' },
  ],
} as unknown as Plan;

const item = (due: string, lastReview: string | null = null): ReviewItemRecord => ({
  source: 'a',
  createdAt: '2026-11-01T10:00:00+00:00',
  due,
  card: lastReview === null ? null : ({ last_review: lastReview } as ReviewItemRecord['card']),
});

function progressWith(items: Record<string, ReviewItemRecord>, lab: string | null = null): PlanProgress {
  return { ...emptyProgress(), reviewItems: items, lab };
}

describe('listReviewItems', () => {
  it('lists due items most overdue first, then by kind and id; soon-due ones apart; skips ids the plan lost', () => {
    const progress = progressWith({
      'term:kube-apiserver': item('2026-11-29'),
      'term:etcd': item('2026-11-29'),
      'keypoint:iam': item('2026-11-29'),
      'session:b': item('2026-12-01'),
      'session:a': item('2026-11-30'),
      'session:gone': item('2026-11-01'),
      'term:later': item('2026-12-02'),
      'keypoint:iam-later': item('2026-12-03'),
    });
    const { due, upcoming } = listReviewItems(plan, progress, '2026-12-01', 3);
    expect(due.map((entry) => [entry.id, entry.overdueDays])).toEqual([
      ['keypoint:iam', 2],
      ['term:etcd', 2],
      ['term:kube-apiserver', 2],
      ['session:a', 1],
      ['session:b', 0],
    ]);
    expect(due[0]).toEqual({ id: 'keypoint:iam', kind: 'keypoint', title: 'IAM', due: '2026-11-29', overdueDays: 2 });
    expect(upcoming).toEqual([]);
    progress.reviewItems['term:etcd'] = item('2026-12-03');
    expect(listReviewItems(plan, progress, '2026-12-01', 3).upcoming).toEqual([
      { id: 'term:etcd', kind: 'term', title: 'etcd', due: '2026-12-03', overdueDays: 0 },
    ]);
    expect(listReviewItems(plan, progress, '2026-12-01').upcoming).toEqual([]);
    expect(countReviewItems(plan, progress, '2026-12-01', 3)).toEqual({ due: 4, upcoming: 1 });
    expect(countReviewItems(plan, progress, '2026-12-01')).toEqual({ due: 4, upcoming: 0 });
  });

  it('with a lab date, has everything due by the day before, unless reviewed since', () => {
    const progress = progressWith(
      {
        'session:a': item('2026-12-20'),
        'session:b': item('2026-12-20', '2026-12-09T21:00:00+01:00'),
        'term:etcd': item('2026-12-20', '2026-12-08T09:00:00+01:00'),
        'keypoint:iam': item('2026-12-05'),
      },
      '2026-12-10',
    );
    const { due } = listReviewItems(plan, progress, '2026-12-09');
    expect(due.map((entry) => [entry.id, entry.due])).toEqual([
      ['keypoint:iam', '2026-12-05'],
      ['session:a', '2026-12-09'],
      ['term:etcd', '2026-12-09'],
    ]);
    expect(countReviewItems(plan, progress, '2026-12-09', 20)).toEqual({ due: 3, upcoming: 1 });
    // Once the lab is past, the cap no longer applies.
    expect(listReviewItems(plan, progress, '2026-12-11').due.map((entry) => entry.id)).toEqual(['keypoint:iam']);
  });
});
