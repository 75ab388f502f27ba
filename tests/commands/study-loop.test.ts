import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.ts';
import { runDone } from '../../src/commands/done.ts';
import { runList } from '../../src/commands/list.ts';
import { runNext } from '../../src/commands/next.ts';
import { runNote } from '../../src/commands/note.ts';
import { runShow } from '../../src/commands/show.ts';
import { runUndo } from '../../src/commands/undo.ts';
import { Cancelled, StudyError, UsageError } from '../../src/errors.ts';
import { fakeContext, readStoreText, scriptedPrompts, tempDir } from '../helpers.ts';

describe('next', () => {
  it('shows session 1 with its checklist and key points on a fresh store', async () => {
    const run = fakeContext({});
    await runNext(run.context);
    const out = run.stdout();
    expect(out).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(out).toContain('[ ] 1. Focus on understanding the shared responsibility model');
    expect(out).toContain('Shared Responsibility Model: Understand the division of security');
    expect(out).toContain('0 of 5 sessions done');
  });

  it('moves on once a session is done and says so when all are', async () => {
    const configDir = tempDir();
    for (const number of ['1', '2', '3', '4']) {
      await runDone(fakeContext({ configDir }).context, number, { summary: false });
    }
    const run = fakeContext({ configDir });
    await runNext(run.context);
    expect(run.stdout()).toContain('Next: 5. Review and Lab Preparation');
    await runDone(fakeContext({ configDir }).context, '5', { summary: false });
    const finished = fakeContext({ configDir, json: true });
    await runNext(finished.context);
    expect(JSON.parse(finished.stdout())).toMatchObject({ session: null });
    const human = fakeContext({ configDir });
    await runNext(human.context);
    expect(human.stdout()).toContain('All sessions are done.');
  });
});

describe('check', () => {
  it('ticks and clears items by number', async () => {
    const configDir = tempDir();
    await runCheck(fakeContext({ configDir }).context, '1', ['1', '3'], {});
    const run = fakeContext({ configDir, json: true });
    await runShow(run.context, 'shared');
    const view = JSON.parse(run.stdout());
    expect(view.checklist.map((item: { done: boolean }) => item.done)).toEqual([true, false, true]);
    expect(view.status).toBe('in-progress');
    await runCheck(fakeContext({ configDir }).context, '1', ['1'], { uncheck: true });
    const after = fakeContext({ configDir, json: true });
    await runShow(after.context, '1');
    expect(JSON.parse(after.stdout()).checklist.map((item: { done: boolean }) => item.done)).toEqual([false, false, true]);
  });

  it('refuses an item number the session does not have, naming it, and writes nothing', async () => {
    const configDir = tempDir();
    await expect(runCheck(fakeContext({ configDir }).context, '4', ['3'], {})).rejects.toThrow(
      new UsageError('checklist item "3" does not exist: session 4 has items 1 to 2'),
    );
    expect(readStoreText(configDir)).toBeNull();
  });

  it('offers a pre-ticked checkbox list on a terminal', async () => {
    const configDir = tempDir();
    await runCheck(fakeContext({ configDir }).context, '2', ['2'], {});
    const prompts = scriptedPrompts([[1, 3]]);
    await runCheck(fakeContext({ configDir, interactive: true, prompts }).context, '2', [], {});
    const run = fakeContext({ configDir, json: true });
    await runShow(run.context, '2');
    expect(JSON.parse(run.stdout()).checklist.map((item: { done: boolean }) => item.done)).toEqual([true, false, true]);
  });

  it('needs numbers when there is no terminal', async () => {
    await expect(runCheck(fakeContext({}).context, '1', [], {})).rejects.toBeInstanceOf(UsageError);
  });
});

describe('done', () => {
  it('keeps the summary and minutes and creates review items due the next day', async () => {
    const configDir = tempDir();
    const run = fakeContext({ configDir });
    await runDone(run.context, '1', { summary: 'AWS runs the control plane; I own RBAC', minutes: '50' });
    expect(run.stdout()).toContain('✔ Done: 1. Shared Responsibility and Compute Types');
    const store = JSON.parse(readStoreText(configDir) ?? '{}');
    const progress = store.plans['k8s-security-fundamentals'];
    expect(progress.sessions['shared-responsibility']).toMatchObject({ summary: 'AWS runs the control plane; I own RBAC', minutesSpent: 50 });
    expect(Object.keys(progress.reviewItems).sort()).toEqual([
      'keypoint:control-plane',
      'keypoint:iam-access-control',
      'keypoint:shared-responsibility-model',
      'session:shared-responsibility',
      'term:etcd',
      'term:kube-apiserver',
      'term:kube-controller-manager',
      'term:kube-scheduler',
    ]);
    expect(new Set(Object.values(progress.reviewItems).map((item) => (item as { due: string }).due))).toEqual(new Set(['2026-12-02']));
  });

  it('asks for the summary and the minutes on a terminal, defaulting to the planned time', async () => {
    const configDir = tempDir();
    const prompts = scriptedPrompts(['Control plane is AWS-managed', 60]);
    await runDone(fakeContext({ configDir, interactive: true, prompts }).context, '2', {});
    expect(prompts.asked[0]).toContain('summarize the key points in your own words');
    const run = fakeContext({ configDir, json: true });
    await runShow(run.context, '2');
    expect(JSON.parse(run.stdout())).toMatchObject({ status: 'done', summary: 'Control plane is AWS-managed', minutesSpent: 60 });
  });

  it('reads the summary from standard input with --summary -', async () => {
    const configDir = tempDir();
    await runDone(fakeContext({ configDir, stdin: 'line one\nline two\n' }).context, '1', { summary: '-' });
    const run = fakeContext({ configDir, json: true });
    await runShow(run.context, '1');
    expect(JSON.parse(run.stdout()).summary).toBe('line one\nline two');
  });

  it('records an earlier day with --at and refuses a future one', async () => {
    const configDir = tempDir();
    await runDone(fakeContext({ configDir }).context, '1', { summary: false, at: 'yesterday' });
    const store = JSON.parse(readStoreText(configDir) ?? '{}');
    expect(store.plans['k8s-security-fundamentals'].sessions['shared-responsibility'].completedAt).toMatch(/^2026-11-30T12:00:00/);
    await expect(runDone(fakeContext({ configDir }).context, '2', { at: '+2d' })).rejects.toThrow(/--at "\+2d" is in the future/);
  });

  it('refuses an empty --summary, naming the way to go without one, and writes nothing', async () => {
    const configDir = tempDir();
    for (const summary of ['', '   ', '-']) {
      await expect(runDone(fakeContext({ configDir, stdin: '\n' }).context, '1', { summary })).rejects.toThrow(
        new UsageError('--summary is empty: write the summary, or pass --no-summary to record the session without one'),
      );
    }
    expect(readStoreText(configDir)).toBeNull();
  });

  it('done again changes nothing and says when it was done', async () => {
    const configDir = tempDir();
    await runDone(fakeContext({ configDir }).context, '1', { summary: 'first' });
    const before = readStoreText(configDir);
    const run = fakeContext({ configDir, now: '2026-12-03T08:00' });
    await runDone(run.context, '1', { summary: 'second' });
    expect(run.stdout()).toContain('Session 1 was already done on 2026-12-01 at 10:00; nothing changed.');
    expect(readStoreText(configDir)).toBe(before);
    expect(run.stdout()).toContain('Your --summary was not saved: k8s-study note 1 --summary TEXT writes or replaces the summary.');
  });

  it('writes nothing when Ctrl-C interrupts the prompts', async () => {
    const configDir = tempDir();
    const prompts = scriptedPrompts(['my summary', new Cancelled()]);
    await expect(runDone(fakeContext({ configDir, interactive: true, prompts }).context, '1', {})).rejects.toBeInstanceOf(Cancelled);
    expect(readStoreText(configDir)).toBeNull();
  });

  it('names an unknown session', async () => {
    await expect(runDone(fakeContext({}).context, '9', {})).rejects.toThrow(new StudyError('unknown session "9": use a number from 1 to 5 or an id (k8s-study list shows them)'));
    await expect(runDone(fakeContext({}).context, '1', { minutes: 'lots' })).rejects.toThrow(/--minutes "lots"/);
  });
});

describe('undo and note', () => {
  it('undo reopens the session, removes its review items and keeps the summary', async () => {
    const configDir = tempDir();
    await runDone(fakeContext({ configDir }).context, '1', { summary: 'kept' });
    await runDone(fakeContext({ configDir }).context, '2', { summary: false });
    await runUndo(fakeContext({ configDir }).context, '1');
    const store = JSON.parse(readStoreText(configDir) ?? '{}').plans['k8s-security-fundamentals'];
    expect(store.sessions['shared-responsibility']).toMatchObject({ completedAt: null, summary: 'kept' });
    // Session 2 lists the control plane and all terms: those items stay, now owned by session 2.
    expect(Object.keys(store.reviewItems).sort()).toEqual([
      'keypoint:control-plane',
      'keypoint:eks-architecture',
      'session:architecture-cloud-native-gaps',
      'term:cloud-controller-manager',
      'term:etcd',
      'term:kube-apiserver',
      'term:kube-controller-manager',
      'term:kube-scheduler',
    ]);
  });

  it('note writes and replaces the summary', async () => {
    const configDir = tempDir();
    await runNote(fakeContext({ configDir }).context, '3', { summary: 'IAM roles for service accounts' });
    await runNote(fakeContext({ configDir }).context, '3', { summary: 'IRSA maps pods to IAM roles' });
    const run = fakeContext({ configDir, json: true });
    await runShow(run.context, '3');
    expect(JSON.parse(run.stdout())).toMatchObject({ summary: 'IRSA maps pods to IAM roles', status: 'todo' });
    await expect(runNote(fakeContext({ configDir }).context, '3', {})).rejects.toBeInstanceOf(UsageError);
  });
});

describe('list and show', () => {
  it('list gives every session by day with status and minutes', async () => {
    const configDir = tempDir();
    await runDone(fakeContext({ configDir }).context, '1', { summary: false, minutes: '45' });
    const run = fakeContext({ configDir, json: true });
    await runList(run.context);
    const result = JSON.parse(run.stdout());
    expect(result.plan).toEqual({ id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals' });
    expect(result.progress).toEqual({ done: 1, total: 5, minutesPlanned: 330, minutesSpent: 45 });
    expect(result.sessions.map((session: { status: string }) => session.status)).toEqual(['done', 'todo', 'todo', 'todo', 'todo']);
    const human = fakeContext({ configDir });
    await runList(human.context);
    expect(human.stdout()).toMatch(/Day 1\n\s+1\s+Shared Responsibility and Compute Types\s+✔ done\s+45\/60 min/);
  });

  it('works the same on any valid plan given with --plan', async () => {
    const folder = tempDir();
    const planFile = join(folder, 'plan.yaml');
    writeFileSync(planFile, 'version: 1\nid: tiny\ntitle: Tiny\nsessions:\n  - id: only\n    title: Only one\n    day: 1\n    duration: 20m\n    focus: [Read it]\n');
    const configDir = tempDir();
    await runCheck(fakeContext({ configDir, plan: planFile }).context, 'only', ['1'], {});
    await runDone(fakeContext({ configDir, plan: planFile }).context, '1', { summary: 'read' });
    const run = fakeContext({ configDir, plan: planFile });
    await runNext(run.context);
    expect(run.stdout()).toContain('All sessions are done.');
    // The shipped plan's progress is separate.
    const shipped = fakeContext({ configDir });
    await runNext(shipped.context);
    expect(shipped.stdout()).toContain('Next: 1. Shared Responsibility');
  });
});
