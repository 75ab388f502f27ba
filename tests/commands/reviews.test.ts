import { describe, expect, it } from 'vitest';
import { runDone } from '../../src/commands/done.ts';
import { runDue } from '../../src/commands/due.ts';
import { runLab } from '../../src/commands/lab.ts';
import { runNext } from '../../src/commands/next.ts';
import { runReview } from '../../src/commands/review.ts';
import { runUndo } from '../../src/commands/undo.ts';
import { Cancelled, StudyError, UsageError } from '../../src/errors.ts';
import { fakeContext, readStoreText, scriptedPrompts, tempDir } from '../helpers.ts';

const PLAN_ID = 'k8s-security-fundamentals';
const progressIn = (configDir: string) => JSON.parse(readStoreText(configDir) ?? '{}').plans[PLAN_ID];

async function finishFirstSession(configDir: string): Promise<void> {
  await runDone(fakeContext({ configDir, now: '2026-12-01T10:00' }).context, '1', { summary: 'AWS runs the control plane; I own RBAC, images, nodes' });
}

describe('due', () => {
  it('lists the items due now, most overdue first, with --upcoming adding the next ones', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    await runDone(fakeContext({ configDir, now: '2026-12-03T10:00' }).context, '2', { summary: false });
    const run = fakeContext({ configDir, now: '2026-12-04T10:00', json: true });
    await runDue(run.context, { upcoming: '3' });
    const { due, upcoming } = JSON.parse(run.stdout());
    expect(due[0]).toEqual({ id: 'session:shared-responsibility', kind: 'session', title: 'Shared Responsibility and Compute Types', due: '2026-12-02', overdueDays: 2 });
    expect(due.map((item: { overdueDays: number }) => item.overdueDays)).toEqual([...due.map((item: { overdueDays: number }) => item.overdueDays)].sort((a, b) => b - a));
    expect(due.map((item: { id: string }) => item.id)).toContain('session:architecture-cloud-native-gaps');
    expect(upcoming).toEqual([]);
    const human = fakeContext({ configDir, now: '2026-12-04T10:00' });
    await runDue(human.context, {});
    expect(human.stdout()).toContain('  2 days overdue   Shared Responsibility and Compute Types  session:shared-responsibility\n');
    expect(human.stdout()).toContain('  due today        EKS Architecture  keypoint:eks-architecture\n');
  });

  it('suggests portions for a backlog after time away', async () => {
    const configDir = tempDir();
    for (const [number, day] of [['1', '01'], ['2', '01'], ['3', '02'], ['4', '02'], ['5', '03']]) {
      await runDone(fakeContext({ configDir, now: `2026-12-${day}T10:00` }).context, number as string, { summary: false });
    }
    const run = fakeContext({ configDir, now: '2026-12-17T10:00' });
    await runDue(run.context, {});
    expect(run.stdout()).toContain('Due now: 17 review items');
    expect(run.stdout()).toContain('k8s-study review --limit 10');
    const prompts = { ...scriptedPrompts([]), text: async () => '', choose: async <T,>() => 'good' as T };
    const review = fakeContext({ configDir, now: '2026-12-17T10:00', interactive: true, prompts });
    await runReview(review.context, undefined, { limit: '3' });
    expect(review.stdout()).toContain('Taking the 3 most overdue of 17 due.');
    expect(review.stdout()).toContain('Reviewed 3, skipped 0; 14 still due.');
  });

  it('refuses a bad --upcoming', async () => {
    await expect(runDue(fakeContext({}).context, { upcoming: 'soon' })).rejects.toThrow(new UsageError('--upcoming "soon" is not a number of days from 0 to 365'));
  });
});

describe('review --rating', () => {
  it('records one review, moves the item by FSRS and logs it', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    const run = fakeContext({ configDir, now: '2026-12-02T09:00', json: true });
    await runReview(run.context, 'keypoint:control-plane', { rating: 'good' });
    const outcome = JSON.parse(run.stdout());
    expect(outcome).toMatchObject({ item: 'keypoint:control-plane', rating: 'good' });
    expect(outcome.nextDue > '2026-12-02').toBe(true);
    const progress = progressIn(configDir);
    expect(progress.reviewItems['keypoint:control-plane'].due).toBe(outcome.nextDue);
    expect(progress.reviewLog).toEqual([{ item: 'keypoint:control-plane', at: expect.stringMatching(/^2026-12-02T09:00:00/), rating: 'good' }]);
  });

  it('names unknown items and bad ratings, writing nothing', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    const before = readStoreText(configDir);
    await expect(runReview(fakeContext({ configDir }).context, 'keypoint:nope', { rating: 'good' })).rejects.toBeInstanceOf(StudyError);
    await expect(runReview(fakeContext({ configDir }).context, 'session:3', { rating: 'good' })).rejects.toThrow(/has not started yet/);
    await expect(runReview(fakeContext({ configDir }).context, 'term:etcd', { rating: 'great' })).rejects.toThrow(
      new UsageError('--rating "great" is not one of again, hard, good, easy'),
    );
    await expect(runReview(fakeContext({ configDir }).context, undefined, {})).rejects.toThrow(/review asks on a terminal.*--rating/);
    expect(readStoreText(configDir)).toBe(before);
  });
});

describe('review on a terminal', () => {
  it('walks the due items: session with summary and checklist, key point and term revealed on request', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    // session (rate), key point (reveal, skip), key point (reveal, quit)
    const prompts = scriptedPrompts(['easy', '', 'skip', '', 'quit']);
    const run = fakeContext({ configDir, now: '2026-12-02T09:00', interactive: true, prompts });
    await runReview(run.context, undefined, {});
    const out = run.stdout().replace(/[ \n]+/g, ' ');
    expect(out).toContain('[1/8] session');
    expect(out).toContain('AWS runs the control plane; I own RBAC, images, nodes');
    expect(out).toContain('[ ] 1. Focus on understanding the shared responsibility model');
    expect(out).toContain('[2/8] key point');
    expect(out).toContain('Know the components (API server, etcd, scheduler, controller manager) and their functions.');
    expect(prompts.asked.filter((message) => message.startsWith('How well'))).toHaveLength(3);
    expect(out).toContain('Reviewed 1, skipped 1; 7 still due.');
    expect(progressIn(configDir).reviewLog.map((entry: { item: string }) => entry.item)).toEqual(['session:shared-responsibility']);
  });

  it('keeps every answer given before Ctrl-C', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    const prompts = scriptedPrompts(['good', '', 'hard', '', new Cancelled()]);
    const run = fakeContext({ configDir, now: '2026-12-02T09:00', interactive: true, prompts });
    await expect(runReview(run.context, undefined, {})).rejects.toBeInstanceOf(Cancelled);
    expect(progressIn(configDir).reviewLog.map((entry: { rating: string }) => entry.rating)).toEqual(['good', 'hard']);
  });
});

describe('lab', () => {
  it('sets the date, counts down, and caps every due day at the day before', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    await runReview(fakeContext({ configDir, now: '2026-12-02T09:00' }).context, 'session:1', { rating: 'easy' });
    await runLab(fakeContext({ configDir, now: '2026-12-02T09:00' }).context, '2026-12-06', {});
    const outlook = fakeContext({ configDir, now: '2026-12-02T09:00', json: true });
    await runLab(outlook.context, undefined, {});
    expect(JSON.parse(outlook.stdout())).toEqual({
      date: '2026-12-06',
      daysLeft: 4,
      sessionsLeft: 4,
      minutesLeft: 270,
      studyDaysLeft: 3,
      reviewsLeft: 8,
      fits: true,
    });
    const due = fakeContext({ configDir, now: '2026-12-02T09:00', json: true });
    await runDue(due.context, { upcoming: '30' });
    const { due: dueNow, upcoming } = JSON.parse(due.stdout());
    for (const item of [...dueNow, ...upcoming]) expect(item.due <= '2026-12-05').toBe(true);
    expect(upcoming.find((item: { id: string }) => item.id === 'session:shared-responsibility')?.due).toBe('2026-12-05');
  });

  it('warns in next when the sessions left will not fit before the lab', async () => {
    const configDir = tempDir();
    await runLab(fakeContext({ configDir }).context, 'tomorrow', {});
    const run = fakeContext({ configDir });
    await runNext(run.context);
    expect(run.stdout()).toContain("At the plan's pace the 3 days of sessions left will not fit in the 1 day before the lab");
    expect(run.stdout()).toContain('Lab 2026-12-02, tomorrow');
  });

  it('clears the date, and refuses past or malformed dates', async () => {
    const configDir = tempDir();
    await runLab(fakeContext({ configDir }).context, '+7d', {});
    await runLab(fakeContext({ configDir }).context, undefined, { clear: true });
    expect(progressIn(configDir).lab).toBeNull();
    await expect(runLab(fakeContext({ configDir }).context, 'yesterday', {})).rejects.toThrow(/lab date "yesterday" is in the past/);
    await expect(runLab(fakeContext({ configDir }).context, 'soon', {})).rejects.toThrow(/lab date "soon" is not a date/);
  });
});

describe('undo and reviews', () => {
  it('undo removes what that session created and nothing else', async () => {
    const configDir = tempDir();
    await finishFirstSession(configDir);
    await runDone(fakeContext({ configDir, now: '2026-12-02T10:00' }).context, '3', { summary: false });
    const before = Object.keys(progressIn(configDir).reviewItems);
    await runUndo(fakeContext({ configDir, now: '2026-12-02T11:00' }).context, '3');
    const after = Object.keys(progressIn(configDir).reviewItems);
    expect(before.filter((id) => !after.includes(id)).sort()).toEqual(['keypoint:eks-architecture', 'keypoint:networking-security', 'session:eks-security-architecture']);
    expect(after).toContain('keypoint:iam-access-control');
  });
});
