import { describe, expect, it, vi } from 'vitest';
import { cli, PLAN_ID, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { expectReviewItemShape, flat, json, localInstant, ok, storeSnapshot } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// Reviews: what is due, rating an item, the interactive sitting, and the lab date that caps them.
// Finishing session 1 of the shipped plan starts 8 review items (the session, 3 key points and 4
// terms), first due the next day.

interface DueJson {
  due: { id: string; kind: string; title: string; due: string; overdueDays: number }[];
  upcoming: { id: string; kind: string; title: string; due: string; overdueDays: number }[];
}

/** A store with session 1 done on 2026-12-01 (and session 2 on the 3rd, when asked). */
async function studied(options: { second?: boolean } = {}): Promise<string> {
  const configDir = tempDir();
  await ok(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC', '--minutes', '55'], { configDir, now: '2026-12-01T10:00' });
  if (options.second) await ok(['done', '2', '--no-summary'], { configDir, now: '2026-12-03T10:00' });
  return configDir;
}

const labOnDisk = (configDir: string): unknown => (readStoreOnDisk(configDir).root?.plans as Record<string, { lab: unknown }> | undefined)?.[PLAN_ID]?.lab;

describe('due', () => {
  it('lists the items due now, most overdue first; --upcoming adds those due soon', async () => {
    const configDir = await studied({ second: true });
    const out = await ok(['due'], { configDir, now: '2026-12-04T10:00' });
    expect(out).toMatch(/^Due now: 11 review items, most overdue first\n/);
    expect(flat(out)).toContain(' 2 days overdue Shared Responsibility and Compute Types session:shared-responsibility ');
    expect(out).toContain('  due today        EKS Architecture  keypoint:eks-architecture\n');
    expect(out.indexOf('2 days overdue')).toBeLessThan(out.indexOf('due today'));
    expect(out).toContain('Review them: k8s-study review.');

    const doc = await json<DueJson>(['due', '--upcoming', '7'], { configDir, now: '2026-12-04T10:00' });
    expect(Object.keys(doc).sort()).toEqual(['due', 'upcoming']);
    expect(doc.due).toHaveLength(11);
    for (const item of [...doc.due, ...doc.upcoming]) expectReviewItemShape(item);
    expect(doc.due[0]).toEqual({ id: 'session:shared-responsibility', kind: 'session', title: 'Shared Responsibility and Compute Types', due: '2026-12-02', overdueDays: 2 });
    const overdue = doc.due.map((item) => item.overdueDays);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));
    expect(doc.upcoming).toEqual([]);

    const early = await json<DueJson>(['due', '--upcoming', '2'], { configDir, now: '2026-12-01T12:00' });
    expect(early.due).toEqual([]);
    expect(early.upcoming.map((item) => item.id)).toContain('term:etcd');
    expect(early.upcoming.every((item) => item.due === '2026-12-02' && item.overdueDays === 0)).toBe(true);
    const upcoming = await ok(['due', '--upcoming', '2'], { configDir, now: '2026-12-01T12:00' });
    expect(upcoming).toContain('Nothing is due for review today.');
    expect(upcoming).toContain('Coming up in the next 2 days:\n  2026-12-02       Shared Responsibility and Compute Types\n');
    expect(upcoming).toContain('  2026-12-02       etcd  term:etcd\n');
  });

  it('with nothing due says so and how to look ahead', async () => {
    const out = await ok(['due']);
    expect(out).toBe('Nothing is due for review today.\nk8s-study due --upcoming 7 shows what comes next.\n');
    expect(await json(['due'])).toEqual({ due: [], upcoming: [] });
  });

  it('suggests portions for a backlog', async () => {
    const configDir = tempDir();
    for (const number of ['1', '2', '3', '4', '5']) await ok(['done', number, '--no-summary'], { configDir });
    const out = await ok(['due'], { configDir, now: '2026-12-10T10:00' });
    expect(out).toContain('Due now: 17 review items');
    expect(flat(out)).toContain('A backlog is easier in portions: k8s-study review --limit 10 takes the 10 most overdue.');
  });

  it('refuses an --upcoming that is not a number of days, naming it (exit 2)', async () => {
    for (const bad of ['soon', '-1', '366']) {
      const result = await cli(['due', '--upcoming', bad]);
      expect(result.status, bad).toBe(2);
      expect(result.stderr, bad).toContain(`"${bad}" is not a whole number of days from 0 to 365`);
      expect(result.stdout).toBe('');
    }
  });
});

describe('review ITEM --rating', () => {
  it('says when the item was not due yet, that the answer counts all the same, and how to answer without moving a date', async () => {
    const configDir = await studied();
    const early = await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-01T18:00' });
    expect(flat(early).trim()).toMatch(/^✔ term:etcd rated good; next review \S+ \(in \d+ days\) It was due 2026-12-02: answered early, it counts all the same \(with --practice, an answer moves no date\)\.$/);
    // Practice says no such thing, and neither does an answer on or after the day.
    expect(await ok(['review', 'term:kube-scheduler', '--rating', 'good', '--practice'], { configDir, now: '2026-12-01T18:00' })).not.toContain('It was due');
    expect(await ok(['review', 'term:kube-scheduler', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' })).not.toContain('It was due');
  });

  it('records one review: the item moves by FSRS, the review is in the journal', async () => {
    const configDir = await studied();
    const out = await ok(['review', 'keypoint:control-plane', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
    expect(out).toMatch(/^✔ keypoint:control-plane rated good; next review (\d{4}-\d{2}-\d{2}) \(in \d+ days\)\n$/);
    const disk = readStoreOnDisk(configDir);
    const item = disk.items['keypoint:control-plane'];
    expect(item?.card).toMatchObject({ reps: 1, last_review: '2026-12-02' });
    expect(item?.due).toMatch(/^2026-12-(0[3-9]|[12]\d)$/);
    expect(out).toContain(`next review ${item?.due}`);
    const reviews = disk.events.filter((event) => (event as { kind?: string }).kind === 'review');
    expect(reviews).toEqual([expect.objectContaining({ item: 'keypoint:control-plane', rating: 'good', at: localInstant('2026-12-02T09:00') })]);
    // No longer due; the other seven still are.
    const due = await json<DueJson>(['due'], { configDir, now: '2026-12-02T09:00' });
    expect(due.due.map((entry) => entry.id)).not.toContain('keypoint:control-plane');
    expect(due.due).toHaveLength(7);
  });

  it('--json prints the outcome', async () => {
    const configDir = await studied();
    const doc = await json<{ item: string; rating: string; nextDue: string }>(['review', 'session:1', '--rating', 'again'], { configDir, now: '2026-12-02T09:00' });
    expect(doc).toEqual({ item: 'session:shared-responsibility', rating: 'again', nextDue: expect.stringMatching(/^2026-12-0\d$/) });
    expect(readStoreOnDisk(configDir).items['session:shared-responsibility']?.due).toBe(doc.nextDue);
  });

  it('names an unknown item or one not started yet (exit 1), and a bad rating (exit 2); writes nothing', async () => {
    const configDir = await studied();
    const before = storeSnapshot(configDir);
    const cases: [string[], number, string][] = [
      [['review', 'keypoint:nope', '--rating', 'good'], 1, 'error: unknown review item "keypoint:nope": items are session:ID, keypoint:ID or term:ID (k8s-study due lists them)\n'],
      [['review', 'session:3', '--rating', 'good'], 1, 'error: review item "session:3" has not started yet: it starts when a session that lists it is done (k8s-study next shows what to study)\n'],
      [['review', 'term:cloud-controller-manager', '--rating', 'good'], 1, 'error: review item "term:cloud-controller-manager" has not started yet: it starts when a session that lists it is done (k8s-study next shows what to study)\n'],
      [['review', 'term:etcd', '--rating', 'great'], 2, `error: --rating: "great" is not one of again, hard, good, easy (or their keys, 1 to 4)\n`],
      [['review', '--rating', 'good'], 2, 'error: --rating needs the item to rate, e.g. k8s-study review keypoint:control-plane --rating good\n'],
    ];
    for (const [args, status, message] of cases) {
      const result = await cli(args, { configDir, now: '2026-12-02T09:00' });
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stderr, args.join(' ')).toBe(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('review --json without --rating is a usage error with nothing on standard output (exit 2)', async () => {
    const configDir = await studied();
    for (const args of [['--json', 'review'], ['--json', 'review', 'term:etcd'], ['review', '--json', 'term:etcd']]) {
      const result = await cli(args, { configDir, now: '2026-12-02T09:00', terminal: true, prompts: scriptedPrompts([]) });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toContain('review --json records one answer: give the item and --rating again|hard|good|easy');
    }
  });

  it('review without a terminal and without --rating is exit 2, naming what to type', async () => {
    const configDir = await studied();
    const before = storeSnapshot(configDir);
    const all = await cli(['review'], { configDir, now: '2026-12-02T09:00' });
    expect(all.status).toBe(2);
    expect(all.stderr).toBe('error: review asks on a terminal; without one, rate an item with: k8s-study review ITEM --rating again|hard|good|easy (k8s-study due lists items)\n');
    const one = await cli(['review', 'term:etcd'], { configDir, now: '2026-12-02T09:00' });
    expect(one.status).toBe(2);
    expect(one.stderr).toContain('k8s-study review term:etcd --rating again|hard|good|easy');
    expect(storeSnapshot(configDir)).toEqual(before);
  });
});

describe('review on a terminal', () => {
  const RECALL = 'What do you remember of it? (one line; e then Enter opens $EDITOR; Enter alone shows it)';
  const RATE = 'How well did you recall it?';
  const REVEAL_POINT = 'Recall what it says, then press Space or Enter to see it.';
  const REVEAL_TERM = 'Recall what it means, then press Space or Enter to see it.';

  it('walks the due items: a session recalled then shown with your summary, a key point revealed; skip and quit', async () => {
    const configDir = await studied();
    // session: Enter alone, then 3 (good); key point: reveal, skip; key point: reveal, quit.
    const prompts = scriptedPrompts(['', 'good', 'reveal', 'skip', 'reveal', 'quit']);
    const result = await cli(['review'], { configDir, now: '2026-12-02T09:00', terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = flat(result.stdout);
    expect(out).toContain('[1/8] session');
    // Before the answer: the title and the focus lines, not the summary.
    expect(out).toContain('1. Shared Responsibility and Compute Types • Focus on understanding the shared responsibility model');
    expect(out.indexOf('• Focus on understanding')).toBeLessThan(out.indexOf('Your summary AWS runs the control plane; I own RBAC'));
    expect(out).toContain('Key points • Shared Responsibility Model: Understand the division');
    expect(out).toContain('Terms • kube-api server: The heart of the K8S service');
    expect(out).toContain('✔ session:shared-responsibility rated good; next review');
    expect(out).toContain('[2/8] key point');
    expect(out).toContain('Kubernetes Control Plane Know the components (API server, etcd, scheduler, controller manager) and their functions.');
    expect(out).toContain('Reviewed 1, skipped 1; 7 still due (k8s-study review goes on).');
    expect(prompts.asked).toEqual([RECALL, RATE, REVEAL_POINT, RATE, REVEAL_POINT, RATE]);
    const reviews = readStoreOnDisk(configDir).events.filter((event) => (event as { kind?: string }).kind === 'review');
    expect(reviews.map((event) => (event as unknown as { item: string }).item)).toEqual(['session:shared-responsibility']);
  });

  it('reviews the one item named (a bare id works), a term shown by its meaning', async () => {
    const configDir = await studied();
    const prompts = scriptedPrompts(['reveal', 'easy']);
    const result = await cli(['review', 'etcd'], { configDir, now: '2026-12-02T09:00', terminal: true, prompts });
    expect(result.status).toBe(0);
    expect(prompts.asked).toEqual([REVEAL_TERM, RATE]);
    expect(flat(result.stdout)).toContain('Key Value store that stores cluster information');
    expect(flat(result.stdout)).toContain('Reviewed 1, skipped 0; 7 still due');
    expect(readStoreOnDisk(configDir).items['term:etcd']?.card).not.toBeNull();
  });

  it('--limit takes the most overdue first', async () => {
    const configDir = await studied();
    const prompts = { ...scriptedPrompts([]), text: async () => '', key: async <T>(_message: string, choices: { value: T }[]) => (choices.some((choice) => choice.value === 'reveal') ? 'reveal' : 'hard') as T };
    const result = await cli(['review', '--limit', '3'], { configDir, now: '2026-12-02T09:00', terminal: true, prompts });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Taking the 3 most overdue of 8 due.');
    expect(flat(result.stdout)).toContain('Reviewed 3, skipped 0; 5 still due');
  });

  it('with nothing due says so, asks nothing, and names the ways on; the same without a terminal', async () => {
    const configDir = await studied();
    const expected = 'Nothing is due for review today. k8s-study due --upcoming 7 shows what comes next; k8s-study review --practice --all practises without moving any date. ';
    const result = await cli(['review'], { configDir, now: '2026-12-01T12:00', terminal: true, prompts: scriptedPrompts([]) });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toBe(expected);
    // No terminal is needed to be told there is nothing to ask.
    expect(flat(await ok(['review'], { configDir, now: '2026-12-01T12:00' }))).toBe(expected);
  });
});

describe('lab', () => {
  it('sets the date, shows the countdown, and caps every due day at the day before', async () => {
    const configDir = await studied();
    const set = await ok(['lab', '2026-12-06'], { configDir, now: '2026-12-02T09:00' });
    expect(set).toMatch(/^Lab date set\.\nLab 2026-12-06, in 4 days: Deploy an Amazon EKS cluster/);
    expect(labOnDisk(configDir)).toBe('2026-12-06');

    const shown = flat(await ok(['lab'], { configDir, now: '2026-12-02T09:00' }));
    expect(shown).toContain('Lab 2026-12-06, in 4 days');
    expect(shown).toContain('4 sessions left (4 h 30 min planned over 3 plan days)');
    expect(shown).toContain('8 reviews to do before the lab, all due by the day before');
    expect(shown).toContain("Before the lab, review all the essential concepts to ensure you're well-prepared.");
    expect(shown).not.toContain('Lab date set.');
    expect(await json(['lab'], { configDir, now: '2026-12-02T09:00' })).toMatchObject({ date: '2026-12-06', daysLeft: 4, sessionsLeft: 4, minutesLeft: 270, reviewsLeft: 8 });

    // An easy answer would take etcd past the lab: it comes back the day before.
    const rated = flat(await ok(['review', 'term:etcd', '--rating', 'easy'], { configDir, now: '2026-12-02T09:00' }));
    expect(rated).toContain('next review 2026-12-05 (in 3 days, the day before the lab)');
    const due = await json<DueJson>(['due', '--upcoming', '30'], { configDir, now: '2026-12-02T09:00' });
    for (const item of [...due.due, ...due.upcoming]) expect(item.due <= '2026-12-05', item.id).toBe(true);
  });

  it('setting the date it already has changes nothing', async () => {
    const configDir = tempDir();
    await ok(['lab', '+7d'], { configDir });
    const before = storeSnapshot(configDir);
    const again = await ok(['lab', '2026-12-08'], { configDir });
    expect(again).not.toContain('Lab date set.');
    expect(again).toMatch(/^The lab was on that day already; nothing changed\.\nLab 2026-12-08, in 7 days/);
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('--clear removes it; with none set, says there was none to clear', async () => {
    const configDir = tempDir();
    await ok(['lab', 'tomorrow'], { configDir });
    expect(await ok(['lab', '--clear'], { configDir })).toBe('Lab date cleared.\n');
    expect(labOnDisk(configDir)).toBeNull();
    const before = storeSnapshot(configDir);
    expect(flat(await ok(['lab', '--clear'], { configDir }))).toBe('There was no lab date to clear. Set one with k8s-study lab +14d (or a date, YYYY-MM-DD). ');
    expect(storeSnapshot(configDir)).toEqual(before);
    expect(flat(await ok(['lab'], { configDir }))).toContain('No lab date set. Set one with k8s-study lab +14d (or a date, YYYY-MM-DD)');
    expect(await json(['lab'], { configDir })).toEqual({ date: null, daysLeft: null, passed: false, sessionsLeft: 5, minutesLeft: 330, reviewsLeft: 0, forecast: null });
  });

  it('refuses a date in the past, one that is not a date, and a date with --clear (exit 2), changing nothing', async () => {
    const configDir = tempDir();
    await ok(['lab', '2026-12-20'], { configDir });
    const before = storeSnapshot(configDir);
    const cases: [string[], string][] = [
      [['lab', '2026-11-30'], 'error: lab date "2026-11-30" is in the past (today is 2026-12-01): give today or a later day, such as +14d\n'],
      [['lab', 'yesterday'], 'error: lab date "yesterday" is in the past (today is 2026-12-01): give today or a later day, such as +14d\n'],
      [['lab', 'someday'], `error: "someday" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday or +3d\n`],
      [['lab', '2026-12-24', '--clear'], 'error: give a lab date or --clear, not both\n'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(message);
    }
    expect(storeSnapshot(configDir)).toEqual(before);
    expect(labOnDisk(configDir)).toBe('2026-12-20');
  });

  it('a lab that has passed reads as passed, with no before-lab advice, and no longer caps reviews', async () => {
    const configDir = await studied();
    await ok(['lab', '2026-12-04'], { configDir, now: '2026-12-02T09:00' });
    await ok(['review', 'term:etcd', '--rating', 'easy'], { configDir, now: '2026-12-02T09:00' });
    expect(readStoreOnDisk(configDir).items['term:etcd']?.due ?? '').toMatch(/^2026-12-(0[7-9]|[12]\d)$/);

    const lab = flat(await ok(['lab'], { configDir, now: '2026-12-06T09:00' }));
    expect(lab).toContain('Lab 2026-12-04, passed 2 days ago');
    expect(lab).toContain('Set the next one with k8s-study lab DATE, or remove it with k8s-study lab --clear.');
    expect(lab).not.toContain('before the lab');
    expect(lab).not.toContain('Before the lab');
    expect(flat(await ok(['next'], { configDir, now: '2026-12-06T09:00' }))).toContain('Lab 2026-12-04, passed 2 days ago');
    expect(flat(await ok(['status'], { configDir, now: '2026-12-06T09:00' }))).toContain('Lab 2026-12-04, passed 2 days ago');
    // etcd is due on its own day again, after the lab.
    const due = await json<DueJson>(['due', '--upcoming', '60'], { configDir, now: '2026-12-06T09:00' });
    expect(due.upcoming.find((item) => item.id === 'term:etcd')?.due).toBe(readStoreOnDisk(configDir).items['term:etcd']?.due);
  });
});
