import { describe, expect, it, vi } from 'vitest';
import { cli, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { expectSessionShape, flat, json, localInstant, ok, recordingPrompts, storeSnapshot, type SessionJson } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// The study loop on the shipped plan: next → check → done → next, and show, list, undo and note.
// Each test starts from an empty store; the clock is 2026-12-01T10:00 unless a test sets it.

const S1 = 'shared-responsibility';
const LINE_1 = 'Focus on understanding the shared responsibility model between the cloud provider (AWS) and the customer, particularly in Amazon EKS.';
const LINE_3 = "Understand AWS's responsibility for the Kubernetes control plane components (API server, controller manager, scheduler, ETCD).";


const ticked = (session: SessionJson): number[] => session.checklist.filter((item) => item.done).map((item) => item.number);

describe('next', () => {
  it('on a fresh store shows session 1 with its checklist, key points and how to tick and finish it', async () => {
    const out = await ok(['next']);
    expect(out).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(out).toContain('0 of 5 sessions done · 0 min spent of 5 h 30 min planned');
    expect(out).toMatch(/\[ \] 1\. Focus on understanding the shared responsibility model/);
    expect(out).toMatch(/\[ \] 3\. Understand AWS's responsibility/);
    expect(out).toContain('Key points');
    expect(out).toContain('Shared Responsibility Model: Understand the division of security');
    expect(flat(out)).toContain('Tick items: k8s-study check 1 1 · when finished: k8s-study done 1 (1 h planned, 0/3 ticked)');
    // Nothing is due and no lab is set: neither is mentioned.
    expect(out).not.toContain('Reviews due');
    expect(out).not.toMatch(/^Lab /m);
  });

  it('moves on after done, counts the reviews due and the lab countdown', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary', '--minutes', '55']);
    await ok(['lab', '2026-12-10'], { configDir });
    const later = await ok(['next'], { configDir, now: '2026-12-03T09:00' });
    expect(later).toContain('Next: 2. Security Architecture Example and Cloud Native Gaps');
    expect(later).toContain('1 of 5 sessions done · 55 min spent of 5 h 30 min planned');
    expect(later).toMatch(/^Reviews due: 8 — /m);
    expect(later).toMatch(/Run\s+k8s-study\s+review\./);
    expect(later).toMatch(/^Lab 2026-12-10, in 7 days/m);
    const doc = await json<{ session: SessionJson; reviewsDue: number; lab: unknown }>(['next'], { configDir, now: '2026-12-03T09:00' });
    expect(doc.session.number).toBe(2);
    expect(doc.reviewsDue).toBe(8);
    expect(doc.lab).toEqual({ date: '2026-12-10', daysLeft: 7 });
  });

  it('when every session is done says so and points at the reviews', async () => {
    const configDir = tempDir();
    for (const number of ['1', '2', '3', '4', '5']) await ok(['done', number, '--no-summary', '--at', 'yesterday'], { configDir });
    const out = await ok(['next'], { configDir });
    expect(out).toContain('5 of 5 sessions done');
    expect(out).toContain('All sessions are done.');
    expect(out).not.toContain('Next:');
    expect(out).toMatch(/^Reviews due: 17 — /m);
    expect(out).toMatch(/k8s-study\s+review\./);
    const doc = await json<{ session: unknown; reviewsDue: number; lab: unknown }>(['next'], { configDir });
    expect(doc).toEqual({ session: null, reviewsDue: 17, lab: null });
  });

  it('--json is the SPEC shape: { session: Session, reviewsDue, lab }', async () => {
    const { configDir } = await cli(['check', '1', '2']);
    await ok(['lab', '+9d'], { configDir });
    const doc = await json<Record<string, unknown>>(['next'], { configDir });
    expect(Object.keys(doc).sort()).toEqual(['lab', 'reviewsDue', 'session']);
    expectSessionShape(doc.session);
    expect(doc.session).toMatchObject({ id: S1, number: 1, day: 1, minutes: 60, status: 'in-progress', completedAt: null, minutesSpent: null, summary: null });
    expect(ticked(doc.session as SessionJson)).toEqual([2]);
    expect(doc.reviewsDue).toBe(0);
    expect(doc.lab).toEqual({ date: '2026-12-10', daysLeft: 9 });
  });
});

describe('list and ls', () => {
  it('show every session by day with its status and time, and the overall progress', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary', '--minutes', '55'], { configDir });
    await ok(['check', '3', '1'], { configDir });
    const out = await ok(['list'], { configDir });
    expect(out).toContain('1 of 5 sessions done · 55 min spent of 5 h 30 min planned');
    expect(out).toMatch(/^Day 1\n {2}1 {2}Shared Responsibility and Compute Types +✔ done +55\/60 min\n {2}2 {2}Security Architecture Example and Cloud Native Gaps +○ todo +–\/60 min$/m);
    expect(out).toMatch(/^Day 2\n {2}3 {2}EKS Security Architecture +◐ in progress +–\/90 min$/m);
    expect(out).toMatch(/^Day 3\n {2}5 {2}Review and Lab Preparation/m);
    expect(await ok(['ls'], { configDir })).toBe(out);
  });

  it('--json is the SPEC shape: { plan, sessions: [Session], progress }', async () => {
    const configDir = tempDir();
    await ok(['done', '2', '--summary', 'gaps', '--minutes', '1h10m'], { configDir });
    await ok(['check', '1', '1', '3'], { configDir });
    const doc = await json<{ plan: unknown; sessions: SessionJson[]; progress: unknown }>(['list'], { configDir });
    expect(Object.keys(doc).sort()).toEqual(['plan', 'progress', 'sessions']);
    expect(doc.plan).toEqual({ id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals' });
    expect(doc.progress).toEqual({ done: 1, total: 5, minutesPlanned: 330, minutesSpent: 70 });
    expect(doc.sessions.map((session) => [session.number, session.status])).toEqual([
      [1, 'in-progress'],
      [2, 'done'],
      [3, 'todo'],
      [4, 'todo'],
      [5, 'todo'],
    ]);
    for (const session of doc.sessions) expectSessionShape(session);
    expect(doc.sessions[1]).toMatchObject({ summary: 'gaps', minutesSpent: 70, completedAt: localInstant('2026-12-01T10:00') });
    expect(ticked(doc.sessions[0]!)).toEqual([1, 3]);
  });
});

describe('show', () => {
  it('finds a session by number, id or unique id prefix, and shows it in full', async () => {
    const configDir = tempDir();
    await ok(['done', '3', '--summary', 'IAM roles for service accounts', '--minutes', '80'], { configDir });
    const byNumber = await ok(['show', '3'], { configDir });
    expect(await ok(['show', 'eks-security-architecture'], { configDir })).toBe(byNumber);
    expect(await ok(['show', 'eks'], { configDir })).toBe(byNumber);
    expect(byNumber).toContain('3. EKS Security Architecture  day 2 · 1 h 30 min · eks-security-architecture');
    expect(byNumber).toContain('✔ done on 2026-12-01 10:00, 80 of 90 min');
    expect(byNumber).toMatch(/Checklist\n {2}\[ \] 1\. Study the EKS Security Architecture/);
    expect(byNumber).toMatch(/Key points\n {2}• EKS Architecture: /);
    expect(byNumber).toMatch(/Your summary\n {2}IAM roles for service accounts\n/);
    expect(byNumber).toMatch(/Reviews\n {2}keypoint:eks-architecture +due 2026-12-02\n/);
    expect(byNumber).toMatch(/ {2}session:eks-security-architecture +due 2026-12-02\n/);
  });

  it('without a summary says how to write one', async () => {
    const out = await ok(['show', '1']);
    expect(out).toContain('○ todo');
    expect(flat(out)).toContain('none yet: After each session, summarize the key points in your own words. (k8s-study note 1)');
    expect(out).not.toContain('Reviews\n');
  });

  it('--json is the SPEC Session', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'mine', '--minutes', '45']);
    const doc = await json<SessionJson>(['show', '1'], { configDir });
    expectSessionShape(doc);
    expect(doc).toMatchObject({ id: S1, number: 1, status: 'done', completedAt: localInstant('2026-12-01T10:00'), minutesSpent: 45, summary: 'mine' });
    expect(doc.checklist.map((item) => item.text)).toEqual([LINE_1, expect.stringMatching(/^Note the specific/), LINE_3]);
  });

  it('names an unknown or ambiguous session (exit 1)', async () => {
    const unknown = await cli(['show', '9']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('error: unknown session "9": use a number from 1 to 5 or an id (k8s-study list shows them)\n');
    expect(unknown.stdout).toBe('');
    const ambiguous = await cli(['show', 'a']);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain('session "a" is ambiguous: it could be 2 (architecture-cloud-native-gaps), 4 (additional-security-components)');
  });
});

describe('check', () => {
  it('ticks items by number, clears them with --uncheck, and keeps ticks by their line', async () => {
    const configDir = tempDir();
    const out = await ok(['check', '1', '1', '3'], { configDir });
    expect(out).toMatch(/\[x\] 1\. Focus on/);
    expect(out).toMatch(/\[ \] 2\. Note the specific/);
    expect(out).toMatch(/\[x\] 3\. Understand AWS/);
    expect(readStoreOnDisk(configDir).sessions[S1]?.ticks).toEqual([LINE_1, LINE_3]);
    expect(ticked(await json<SessionJson>(['show', '1'], { configDir }))).toEqual([1, 3]);

    const cleared = await ok(['check', '1', '3', '--uncheck'], { configDir });
    expect(cleared).toMatch(/\[ \] 3\. Understand AWS/);
    expect(readStoreOnDisk(configDir).sessions[S1]?.ticks).toEqual([LINE_1]);
  });

  it('says when nothing changed, and suggests done once every item is ticked', async () => {
    const configDir = tempDir();
    await ok(['check', '2', '1'], { configDir });
    const before = storeSnapshot(configDir);
    expect(await ok(['check', '2', '1'], { configDir })).toContain('Nothing changed: those items were already so.');
    expect(storeSnapshot(configDir)).toEqual(before);
    const all = await ok(['check', '2', '2', '3'], { configDir });
    expect(flat(all)).toContain('All 3 items ticked. When you have finished: k8s-study done 2');
  });

  it('refuses a number that is not on the checklist, naming it, and changes nothing (exit 2)', async () => {
    const configDir = tempDir();
    await ok(['check', '1', '1'], { configDir });
    const before = storeSnapshot(configDir);
    for (const bad of ['4', '0', 'x', '-1']) {
      const result = await cli(['check', '1', '2', bad], { configDir });
      expect(result.status, bad).toBe(2);
      expect(result.stderr, bad).toBe(`error: checklist item "${bad}" ${/^\d+$/.test(bad) ? 'does not exist' : 'is not an item number'}: session 1 has items 1 to 3\n`);
      expect(result.stdout).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('with no numbers and no terminal asks for numbers (exit 2)', async () => {
    const result = await cli(['check', '1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: check needs item numbers when not run on a terminal, e.g. k8s-study check 1 1 2\n');
    expect(readStoreOnDisk(result.configDir).root).toBeNull();
  });

  it('on a terminal with no numbers offers a checkbox list, pre-ticked, and saves what is left ticked', async () => {
    const configDir = tempDir();
    await ok(['check', '1', '1', '3'], { configDir });
    const prompts = recordingPrompts([[2, 3]]);
    const result = await cli(['check', '1'], { configDir, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(prompts.offered).toHaveLength(1);
    expect(prompts.offered[0]?.message).toContain('Shared Responsibility and Compute Types: tick what you have covered');
    expect(prompts.offered[0]?.choices?.map((choice) => [choice.value, Boolean(choice.checked)])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    // Wrapped under its text to the terminal's width (80 here), after the list's 3-column mark.
    expect(prompts.offered[0]?.choices?.[0]?.name.replace(/\n {3}/g, ' ')).toBe(LINE_1);
    expect(prompts.offered[0]?.choices?.[0]?.name.split('\n').every((line) => line.length <= 77)).toBe(true);
    expect(ticked(await json<SessionJson>(['show', '1'], { configDir }))).toEqual([2, 3]);
  });

  it('on a terminal with numbers asks nothing', async () => {
    const result = await cli(['check', '2', '2'], { terminal: true, prompts: scriptedPrompts([]) });
    expect(result.status).toBe(0);
    expect(ticked(await json<SessionJson>(['show', '2'], { configDir: result.configDir }))).toEqual([2]);
  });
});

describe('undo <session>', () => {
  it('marks it not done; its review items go; its summary and ticks stay', async () => {
    const configDir = tempDir();
    await ok(['check', '1', '2'], { configDir });
    await ok(['done', '1', '--summary', 'my words', '--minutes', '50'], { configDir });
    expect(Object.keys(readStoreOnDisk(configDir).items)).toHaveLength(8);
    const out = await ok(['undo', '1'], { configDir });
    expect(out).toContain('Reopened: 1. Shared Responsibility and Compute Types');
    expect(out).toContain('8 review items removed; your summary is kept.');
    const disk = readStoreOnDisk(configDir);
    expect(disk.items).toEqual({});
    expect(disk.sessions[S1]).toMatchObject({ completedAt: null, minutesSpent: null, summary: 'my words' });
    const shown = await json<SessionJson>(['show', '1'], { configDir });
    expect(shown).toMatchObject({ status: 'in-progress', completedAt: null, minutesSpent: null, summary: 'my words' });
    expect(ticked(shown)).toEqual([2]);
    expect((await json<{ due: unknown[]; upcoming: unknown[] }>(['due', '--upcoming', '30'], { configDir })).upcoming).toEqual([]);
  });

  it('keeps items another finished session also lists', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir });
    await ok(['done', '2', '--no-summary'], { configDir });
    const out = await ok(['undo', '1'], { configDir });
    // Session 1 lists 3 key points and 4 terms; session 2 shares control-plane and the 4 terms.
    expect(out).toContain('3 review items removed.');
    expect(Object.keys(readStoreOnDisk(configDir).items).sort()).toEqual([
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

  it('of a session not done changes nothing (exit 0); of an unknown one is exit 1', async () => {
    const configDir = tempDir();
    await ok(['check', '2', '1'], { configDir });
    const before = storeSnapshot(configDir);
    expect(flat(await ok(['undo', '2'], { configDir }))).toBe('Session 2 (Security Architecture Example and Cloud Native Gaps) is not done; nothing changed. ');
    expect(storeSnapshot(configDir)).toEqual(before);
    const unknown = await cli(['undo', 'nope'], { configDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown session "nope"');
  });
});

describe('note', () => {
  it('writes, replaces and clears the summary', async () => {
    const configDir = tempDir();
    const written = await ok(['note', '2', '--summary', 'First words'], { configDir });
    expect(written).toBe('Summary saved for 2. Security Architecture Example and Cloud Native Gaps:\n  First words\n');
    expect(readStoreOnDisk(configDir).sessions['architecture-cloud-native-gaps']?.summary).toBe('First words');
    await ok(['note', '2', '--summary', 'Better words'], { configDir });
    expect(readStoreOnDisk(configDir).sessions['architecture-cloud-native-gaps']?.summary).toBe('Better words');
    // Writing a note does not finish the session.
    expect((await json<SessionJson>(['show', '2'], { configDir })).status).toBe('todo');

    const cleared = await ok(['note', '2', '--clear'], { configDir });
    expect(cleared).toContain('Summary removed from 2. Security Architecture Example and Cloud Native Gaps.');
    expect(readStoreOnDisk(configDir).sessions['architecture-cloud-native-gaps']?.summary).toBeNull();
    const before = storeSnapshot(configDir);
    expect(flat(await ok(['note', '2', '--clear'], { configDir }))).toContain('2. Security Architecture Example and Cloud Native Gaps had no summary; nothing changed.');
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('reads the summary from standard input with --summary -', async () => {
    const { configDir } = await cli(['note', '1', '--summary', '-'], { input: '  from a pipe\n' });
    expect(readStoreOnDisk(configDir).sessions[S1]?.summary).toBe('from a pipe');
  });

  it('on a terminal asks for the summary, offering the one there is', async () => {
    const configDir = tempDir();
    await ok(['note', '3', '--summary', 'old words'], { configDir });
    const prompts = recordingPrompts(['  new words  ']);
    const result = await cli(['note', '3'], { configDir, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(prompts.offered).toEqual([{ message: expect.stringContaining('Your summary'), default: 'old words' }]);
    expect(result.stdout).toContain('3. EKS Security Architecture');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']?.summary).toBe('new words');
  });

  it('refuses what it cannot do: no summary and no terminal, an empty one, or --summary with --clear (exit 2)', async () => {
    const configDir = tempDir();
    const cases: [string[], string][] = [
      [['note', '1'], 'error: note needs --summary TEXT (or --summary - to read standard input) when not run on a terminal\n'],
      [['note', '1', '--summary', '   '], 'error: --summary is empty: write the summary in your own words, or leave the option out to be asked\n'],
      [['note', '1', '--summary', 'x', '--clear'], 'error: give one of --summary, --edit and --clear, not --summary and --clear\n'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(message);
    }
    expect(readStoreOnDisk(configDir).root).toBeNull();
  });

  it('with --json on a terminal, says --json never asks rather than that there is no terminal', async () => {
    const configDir = tempDir();
    const cases: [string[], string][] = [
      [['--json', 'note', '1'], 'error: note needs --summary TEXT (or --summary - to read standard input) with --json (which never asks)\n'],
      [['--json', 'check', '1'], 'error: check needs item numbers with --json (which never asks), e.g. k8s-study check 1 1 2\n'],
      [['--json', 'note', '1', '--edit'], 'error: note --edit opens your editor, which needs a terminal and no --json: give --summary TEXT (or --summary - to read standard input)\n'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir, terminal: true });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toBe(message);
    }
  });
});
