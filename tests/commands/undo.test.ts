import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, PLAN_ID, readStoreOnDisk, runBinary, SLOW, startBinary, tempDir } from '../helpers.ts';
import { json, ok, shippedPlanData, writePlan } from './support.ts';

// `undo` with no session: takes back the last recorded change of the plan, from the journal, and
// says what it was; again goes one further back. Every case checks the records on disk afterwards.

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The plan's records as they are on disk: what "set back" is compared with. When each record last
 * changed is left out: a record set back is a change too, and carries the instant of the undo.
 */
function records(configDir: string): { sessions: unknown; items: unknown; lab: unknown } {
  const store = readStoreOnDisk(configDir);
  const plans = (store.root?.plans ?? {}) as Record<string, { lab?: unknown }>;
  const withoutStamp = (dict: Record<string, object>): Record<string, object> =>
    Object.fromEntries(Object.entries(dict).map(([id, record]) => [id, { ...record, changedAt: undefined }]));
  return { sessions: withoutStamp(store.sessions), items: withoutStamp(store.items), lab: plans[PLAN_ID]?.lab ?? null };
}

describe('undo with no session', () => {
  it('takes back each kind of change, newest first, setting the records on disk back each time', async () => {
    const configDir = tempDir();
    const before: ReturnType<typeof records>[] = [];
    const steps: [string[], string][] = [
      [['done', '1', '--summary', 'Shared model in my words', '--minutes', '50'], 'done 1. Shared Responsibility and Compute Types'],
      [['check', '2', '1'], 'ticks of 2. Security Architecture Example and Cloud Native Gaps'],
      [['note', '1', '--summary', 'Rewritten in my words'], 'rewrote the summary of 1. Shared Responsibility and Compute Types'],
      [['lab', '2026-12-20'], 'set the lab date to 2026-12-20'],
      [['done', '1', '--minutes', '70'], 'corrected 1. Shared Responsibility and Compute Types: minutes 50 → 70'],
      [['review', 'session:shared-responsibility', '--rating', 'good'], 'review of "Shared Responsibility and Compute Types" rated "good"'],
    ];
    for (const [args] of steps) {
      before.push(records(configDir));
      await ok(args, { configDir, now: args[0] === 'review' ? '2026-12-02T10:00' : '2026-12-01T10:00' });
    }
    expect(Object.keys((records(configDir).items as object) ?? {})).not.toHaveLength(0);

    for (const [args, what] of [...steps].reverse()) {
      const out = flat(await ok(['undo'], { configDir, now: '2026-12-02T12:00' }));
      expect(out, args.join(' ')).toContain(`Taken back: ${what}`);
      expect(records(configDir), `after taking back ${args.join(' ')}`).toEqual(before.pop());
    }
    // Everything taken back: the plan is as it was before the first change.
    const sessions = records(configDir).sessions as Record<string, { completedAt: string | null }>;
    expect(Object.values(sessions).every((record) => record.completedAt === null)).toBe(true);
    expect(flat(await ok(['undo'], { configDir }))).toBe('Nothing to take back: no change of this plan is recorded, or all are taken back already.');
    expect(await json(['undo'], { configDir })).toEqual({ kind: 'nothing' });
  });

  it('says, in full, a summary it takes back with the change that saved it (there is no redo)', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'AWS runs the control plane\nI own the nodes and RBAC', '--minutes', '50'], { configDir });
    await ok(['note', '1', '--summary', 'Rewritten in my words'], { configDir });
    const note = await ok(['undo'], { configDir });
    expect(note).toContain('The summary saved with it is taken back too. It was:\n  Rewritten in my words\n');
    const done = await ok(['undo'], { configDir });
    expect(done).toContain('The summary saved with it is taken back too. It was:\n  AWS runs the control plane\n  I own the nodes and RBAC\n');
    // A change that saved no summary says nothing of one; JSON carries the text.
    await ok(['done', '1', '--no-summary'], { configDir });
    expect(await ok(['undo'], { configDir })).not.toContain('summary');
    await ok(['done', '1', '--summary', 'again'], { configDir });
    expect(await json(['undo'], { configDir })).toMatchObject({ kind: 'undone', summaryTakenBack: 'again' });
  });

  it('prints what it took back as JSON, and the journal names the event it took back', async () => {
    const configDir = tempDir();
    await ok(['lab', '2026-12-20'], { configDir });
    const labEvent = readStoreOnDisk(configDir).events.at(-1)!;
    const result = await json<{ kind: string; what: string; at: string; day: string }>(['undo'], { configDir });
    expect(result).toEqual({ kind: 'undone', what: 'set the lab date to 2026-12-20', at: labEvent.at, day: '2026-12-01', summaryTakenBack: null });
    const undo = readStoreOnDisk(configDir).events.at(-1)!;
    expect(undo).toMatchObject({ kind: 'undo', undoes: labEvent.id });
    expect(flat(await ok(['lab'], { configDir }))).toContain('No lab date set');
  });

  it('takes back a review answer: the item is due as before, and status, show and export no longer count it', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'x', '--minutes', '60'], { configDir });
    await ok(['review', 'session:shared-responsibility', '--rating', 'good'], { configDir, now: '2026-12-02T10:00' });
    const firstAnswer = readStoreOnDisk(configDir).items['session:shared-responsibility'];
    await ok(['review', 'session:shared-responsibility', '--rating', 'again'], { configDir, now: '2026-12-06T10:00' });
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: '2026-12-06T11:00' })).reviews.done).toBe(2);

    expect(flat(await ok(['undo'], { configDir, now: '2026-12-06T11:00' }))).toContain('Taken back: review of "Shared Responsibility and Compute Types" rated "again"');
    // The card is the one the first answer made: its state, stability and due day.
    const after = readStoreOnDisk(configDir).items['session:shared-responsibility']!;
    expect({ card: after.card, due: after.due }).toEqual({ card: firstAnswer!.card, due: firstAnswer!.due });
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: '2026-12-06T11:00' })).reviews.done).toBe(1);
    const backup = await json<{ progress: { reviewLog: { rating: string }[] } }>(['export', '--format', 'json'], { configDir, now: '2026-12-06T11:00' });
    expect(backup.progress.reviewLog.map((review) => review.rating)).toEqual(['good']);

    // The first answer too: the item is back to never reviewed, due the day after the session.
    await ok(['undo'], { configDir, now: '2026-12-06T11:00' });
    const untouched = readStoreOnDisk(configDir).items['session:shared-responsibility']!;
    expect({ card: untouched.card, due: untouched.due }).toEqual({ card: null, due: '2026-12-02' });
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: '2026-12-06T11:00' })).reviews.done).toBe(0);
  });

  it('does not bring an answer back when a backup made before the undo is merged', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'x', '--minutes', '60'], { configDir });
    await ok(['review', 'session:shared-responsibility', '--rating', 'hard'], { configDir, now: '2026-12-02T10:00' });
    const backupFile = `${tempDir()}/backup.json`;
    await ok(['export', '--output', backupFile], { configDir, now: '2026-12-02T10:00' });
    await ok(['undo'], { configDir, now: '2026-12-02T11:00' });
    await ok(['import', backupFile], { configDir, now: '2026-12-02T12:00' });
    const reviews = readStoreOnDisk(configDir).events.filter((event) => event.kind === 'review');
    expect(reviews).toHaveLength(1);
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: '2026-12-02T12:00' })).reviews.done).toBe(0);
  });

  it('refuses to take back an import, saying how to restore, and changes nothing', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'x'], { configDir });
    const backupFile = `${tempDir()}/backup.json`;
    await ok(['export', '--output', backupFile], { configDir });
    await ok(['undo', '1'], { configDir });
    await ok(['import', backupFile, '--replace'], { configDir });
    const journal = readFileSync(`${configDir}/journal.jsonl`, 'utf8');
    const result = await cli(['undo'], { configDir });
    expect(result.status).toBe(1);
    const kept = join(configDir, 'replaced', 'k8s-security-fundamentals-2026-12-01-100000.json');
    expect(flat(result.stderr)).toContain(
      `the last change of this plan is "imported ${backupFile}, replacing what was there (kept in ${kept})" (2026-12-01 10:00), which undo does not take back: import the copy it kept of what was there (named above) with k8s-study import FILE --replace; nothing was changed`,
    );
    expect(readFileSync(`${configDir}/journal.jsonl`, 'utf8')).toBe(journal);
    // A merge keeps no copy (it loses nothing): a backup made before it is the way back.
    await ok(['undo', '1'], { configDir });
    await ok(['import', backupFile], { configDir });
    expect(flat((await cli(['undo'], { configDir })).stderr)).toMatch(/which undo does not take back: restore a backup made before it with k8s-study import FILE --replace; nothing was changed/);
  });

  it('takes back no answer a backup brought: after an import, an answer of yours goes back, then undo refuses at the import', async () => {
    const source = tempDir();
    await ok(['done', '1', '--summary', 'x'], { configDir: source, now: '2026-12-01T10:00' });
    await ok(['review', 'etcd', '--rating', 'good'], { configDir: source, now: '2026-12-02T10:00' });
    await ok(['review', 'kube-scheduler', '--rating', 'easy'], { configDir: source, now: '2026-12-02T10:05' });
    const backupFile = `${tempDir()}/backup.json`;
    await ok(['export', '--output', backupFile], { configDir: source, now: '2026-12-02T11:00' });
    for (const replace of [false, true]) {
      const configDir = tempDir();
      await ok(['done', '4', '--summary', 'mine'], { configDir, now: '2026-12-03T09:00' });
      await ok(['import', backupFile, ...(replace ? ['--replace'] : [])], { configDir, now: '2026-12-03T10:00' });
      await ok(['review', 'kube-apiserver', '--rating', 'hard'], { configDir, now: '2026-12-03T11:00' });
      expect(flat(await ok(['undo'], { configDir, now: '2026-12-03T12:00' }))).toContain('Taken back: review of "kube-api server" rated "hard"');
      const journal = readFileSync(`${configDir}/journal.jsonl`, 'utf8');
      const result = await cli(['undo'], { configDir, now: '2026-12-03T12:00' });
      expect(result.status, `replace: ${replace}`).toBe(1);
      expect(flat(result.stderr)).toMatch(/the last change of this plan is "imported .*backup\.json.*" .* which undo does not take back/);
      expect(readFileSync(`${configDir}/journal.jsonl`, 'utf8')).toBe(journal);
      const status = JSON.parse((await cli(['--json', 'status'], { configDir, now: '2026-12-03T12:00' })).stdout) as { reviews: { done: number } };
      expect(status.reviews.done, `replace: ${replace}`).toBe(2);
    }
  });

  it('refuses, saying what changed since and what to do, when a record it would set back has changed', async () => {
    const configDir = tempDir();
    const other = shippedPlanData();
    other.id = 'another-plan';
    const otherFile = writePlan(other);
    await ok(['start', '1'], { configDir, now: '2026-12-01T09:00' });
    await ok(['done', '1', '--minutes', '30', '--no-summary'], { configDir, now: '2026-12-01T09:30' });
    // A clock started in another plan since: the done above stopped a clock that is no longer there.
    await ok(['--plan', otherFile, 'start', '2'], { configDir, now: '2026-12-01T09:40' });
    const result = await cli(['undo'], { configDir, now: '2026-12-01T09:50' });
    expect(result.status).toBe(1);
    expect(flat(result.stderr)).toBe(
      'error: cannot take back "done 1. Shared Responsibility and Compute Types": the study clock has changed since (k8s-study stop stops the one running; then undo again); nothing was changed',
    );
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.completedAt).not.toBeNull();
  });

  it('keeps the changes of other plans out of it', async () => {
    const configDir = tempDir();
    const other = shippedPlanData();
    other.id = 'another-plan';
    const otherFile = writePlan(other);
    await ok(['done', '1', '--summary', 'in the shipped plan'], { configDir });
    await ok(['--plan', otherFile, 'lab', '2026-12-24'], { configDir });
    expect(flat(await ok(['undo'], { configDir }))).toContain('Taken back: done 1. Shared Responsibility and Compute Types');
    expect(readStoreOnDisk(configDir, 'another-plan').root?.plans).toMatchObject({ 'another-plan': { lab: '2026-12-24' } });
  });

  it('takes back ticks on the lines they were on after the plan reordered and reworded its lines', async () => {
    const configDir = tempDir();
    const plan = shippedPlanData();
    const planFile = writePlan(plan);
    await ok(['--plan', planFile, 'check', '2', '1', '3'], { configDir });
    await ok(['--plan', planFile, 'check', '2', '2'], { configDir });
    // The plan is edited: the lines of session 2 change order, and the first session gets a new title.
    const session = plan.sessions[1]!;
    session.focus = [session.focus[2]!, session.focus[1]!, session.focus[0]!];
    plan.sessions[0]!.title = 'Shared Responsibility (retitled)';
    writePlan(plan, 'plan.yaml', planFile.slice(0, planFile.lastIndexOf('/')));

    // The last change (the tick of "Pay attention to the Control Plane…") is taken back; the two
    // ticks before it stay on their own lines, now 3 and 1.
    await ok(['--plan', planFile, 'undo'], { configDir });
    const shown = await json<{ checklist: { text: string; done: boolean }[] }>(['--plan', planFile, 'show', '2'], { configDir });
    expect(shown.checklist.map((line) => line.done)).toEqual([true, false, true]);
    await ok(['--plan', planFile, 'undo'], { configDir });
    const cleared = await json<{ checklist: { done: boolean }[] }>(['--plan', planFile, 'show', '2'], { configDir });
    expect(cleared.checklist.map((line) => line.done)).toEqual([false, false, false]);
  });

  it(
    'two undo runs at once take back two different changes, never the same one twice',
    async () => {
      const configDir = tempDir();
      runBinary(['done', '1', '--summary', 'one', '--minutes', '40'], { configDir });
      runBinary(['done', '2', '--summary', 'two', '--minutes', '45'], { configDir });
      runBinary(['lab', '2026-12-20'], { configDir });
      const runs = [startBinary(['undo'], { configDir }), startBinary(['undo'], { configDir })];
      const results = await Promise.all(runs.map((run) => run.done));
      for (const result of results) expect(result.status, result.stderr).toBe(0);
      const said = results.map((result) => flat(result.stdout).match(/Taken back: (.*?) \(made/)![1]).sort();
      expect(said).toEqual(['done 2. Security Architecture Example and Cloud Native Gaps', 'set the lab date to 2026-12-20']);
      const store = readStoreOnDisk(configDir);
      const undone = store.events.filter((event) => event.kind === 'undo').map((event) => (event as { undoes?: string }).undoes);
      expect(new Set(undone).size).toBe(2);
      expect(store.sessions['shared-responsibility']?.completedAt).not.toBeNull();
      expect(store.sessions['architecture-cloud-native-gaps']?.completedAt ?? null).toBeNull();
    },
    SLOW,
  );
});
