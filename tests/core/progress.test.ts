import { describe, expect, it } from 'vitest';
import { completeSession, emptyProgress, undoSession } from '../../src/core/progress.ts';
import { parsePlan } from '../../src/io/plan-file.ts';

const plan = parsePlan(
  `version: 1
id: p
title: P
sessions:
  - { id: one, title: One, day: 1, duration: 1h, focus: [a], keyPoints: [kp] }
  - { id: two, title: Two, day: 1, duration: 1h, focus: [b], keyPoints: [kp] }
  - { id: three, title: Three, day: 2, duration: 1h, focus: [c] }
keyPoints:
  - { id: kp, title: KP, text: k }
terms:
  - { id: kubelet, term: kubelet, text: the node agent }
`,
  'plan.yaml',
);
const [one, two, three] = plan.sessions as [typeof plan.sessions[0], typeof plan.sessions[0], typeof plan.sessions[0]];
const finish = (progress: ReturnType<typeof emptyProgress>, session: typeof one, day: string): string[] =>
  completeSession(plan, progress, session, {
    completedAt: new Date(`${day}T10:00`),
    completedAtText: `${day}T10:00:00+00:00`,
    minutesSpent: 60,
    summary: null,
    dayStartHour: 4,
  });

describe('review items through done and undo', () => {
  it('a term no session lists starts with the first session done, and survives its undo', () => {
    const progress = emptyProgress();
    expect(finish(progress, one, '2026-12-01')).toEqual(['session:one', 'keypoint:kp', 'term:kubelet']);
    expect(finish(progress, two, '2026-12-01')).toEqual(['session:two']);
    progress.reviewItems['term:kubelet']!.due = '2026-12-09';
    expect(undoSession(plan, progress, one).sort()).toEqual(['session:one']);
    // The key point and the unlisted term pass to session two, with their schedule.
    expect(progress.reviewItems['keypoint:kp']?.source).toBe('two');
    expect(progress.reviewItems['term:kubelet']).toMatchObject({ source: 'two', due: '2026-12-09' });
    // Undoing the last finished session removes them: nothing done is left to own them.
    expect(undoSession(plan, progress, two).sort()).toEqual(['keypoint:kp', 'session:two', 'term:kubelet']);
    expect(finish(progress, three, '2026-12-03')).toEqual(['session:three', 'term:kubelet']);
  });
});
