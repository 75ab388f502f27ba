import { describe, expect, it, vi } from 'vitest';
import type { SessionRecord } from '../../src/core/records.ts';
import { cli, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { flat, json, localInstant, ok, recordingPrompts, storeSnapshot, writePlan } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// `done <session>`: the summary in your own words, the time spent, when it was finished; asking on
// a terminal for what was not given; and, on a session already done, corrections or nothing.
// The clock is 2026-12-01T10:00 (UTC) unless a test sets it.

const S1 = 'shared-responsibility';

describe('done with options', () => {
  it.each(['90', '90m', '1h30m', '1.5h'])('--minutes %s records 90 minutes', async (typed) => {
    const result = await cli(['done', '1', '--summary', 'mine', '--minutes', typed]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('✔ Done: 1. Shared Responsibility and Compute Types (1 h 30 min of 1 h planned)');
    expect(readStoreOnDisk(result.configDir).sessions[S1]).toMatchObject({ minutesSpent: 90, summary: 'mine', completedAt: localInstant('2026-12-01T10:00') });
  });

  it('keeps the summary, starts the review items and says what is next', async () => {
    const result = await cli(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC']);
    const out = flat(result.stdout);
    expect(out).toContain('✔ Done: 1. Shared Responsibility and Compute Types (1 h of 1 h planned)');
    expect(out).toContain('Your summary is saved.');
    expect(out).toContain('8 review items added, first due 2026-12-02: k8s-study due --upcoming 7 lists them.');
    expect(out).toContain('What is next: k8s-study next');
    const disk = readStoreOnDisk(result.configDir);
    expect(disk.sessions[S1]).toMatchObject({ summary: 'AWS runs the control plane; I own RBAC', minutesSpent: 60 });
    expect(Object.keys(disk.items).sort()).toEqual([
      'keypoint:control-plane',
      'keypoint:iam-access-control',
      'keypoint:shared-responsibility-model',
      'session:shared-responsibility',
      'term:etcd',
      'term:kube-apiserver',
      'term:kube-controller-manager',
      'term:kube-scheduler',
    ]);
    for (const item of Object.values(disk.items)) expect(item).toMatchObject({ source: S1, due: '2026-12-02', card: null });
  });

  it('--summary - reads the summary from standard input', async () => {
    const result = await cli(['done', '2', '--summary', '-'], { input: 'Control plane: API server, etcd\nand the scheduler\n' });
    expect(result.status).toBe(0);
    expect(readStoreOnDisk(result.configDir).sessions['architecture-cloud-native-gaps']?.summary).toBe('Control plane: API server, etcd\nand the scheduler');
  });

  it('--no-summary records it without one and says how to add it', async () => {
    const result = await cli(['done', '3', '--no-summary']);
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toContain('No summary yet. After each session, summarize the key points in your own words. Add it with k8s-study note 3.');
    expect(readStoreOnDisk(result.configDir).sessions['eks-security-architecture']).toMatchObject({ summary: null, minutesSpent: 90 });
  });

  it('--no-summary after a note written before keeps that note, and says it is kept', async () => {
    const { configDir } = await cli(['note', '3', '--summary', 'written while studying']);
    const result = await cli(['done', '3', '--no-summary'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('The summary you wrote before is kept.');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']).toMatchObject({ summary: 'written while studying' });
  });

  it('refuses --summary with --no-summary, in either order (exit 2): the summary typed is never dropped', async () => {
    for (const args of [
      ['done', '2', '--summary', 'AWS runs the control plane', '--no-summary'],
      ['done', '2', '--no-summary', '--summary=AWS runs the control plane'],
    ]) {
      const result = await cli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toBe('error: --summary and --no-summary say opposite things: give one of them\n');
      expect(readStoreOnDisk(result.configDir).root).toBeNull();
    }
  });

  it('refuses an empty summary, from the option or from standard input (exit 2), and records nothing', async () => {
    for (const [args, input] of [
      [['done', '1', '--summary', ''], ''],
      [['done', '1', '--summary', '  \n '], ''],
      [['done', '1', '--summary', '-'], ''],
      [['done', '1', '--summary', '-'], '   \n'],
    ] as const) {
      const result = await cli([...args], { input });
      expect(result.status, JSON.stringify([args, input])).toBe(2);
      expect(result.stderr).toBe('error: --summary is empty: write the summary in your own words, or pass --no-summary to record the session without one\n');
      expect(result.stdout).toBe('');
      expect(readStoreOnDisk(result.configDir).root).toBeNull();
    }
  });

  it('with the lab tomorrow or today, says the new review items are due now, as due lists them (by the day before the lab)', async () => {
    for (const [lab, dayBefore, overdue] of [['2026-12-02', '2026-12-01', 0], ['2026-12-01', '2026-11-30', 1]] as const) {
      const configDir = tempDir();
      await ok(['lab', lab], { configDir });
      const result = await cli(['done', '1', '--no-summary'], { configDir });
      expect(flat(result.stdout), lab).toContain('8 review items added, the first due now: k8s-study due lists them, k8s-study review takes them.');
      const due = JSON.parse((await cli(['--json', 'due'], { configDir })).stdout) as { due: { due: string; overdueDays: number }[] };
      expect(due.due, lab).toHaveLength(8);
      for (const item of due.due) expect([item.due, item.overdueDays], lab).toEqual([dayBefore, overdue]);
    }
  });

  it('--at yesterday dates it the day before, and its reviews from then', async () => {
    const result = await cli(['done', '1', '--no-summary', '--at', 'yesterday']);
    expect(result.status).toBe(0);
    // First due today (2026-12-01): plain `due` lists them.
    expect(flat(result.stdout)).toContain('8 review items added, the first due now: k8s-study due lists them, k8s-study review takes them.');
    const disk = readStoreOnDisk(result.configDir);
    expect(disk.sessions[S1]?.completedAt).toMatch(/^2026-11-30T/);
    expect(disk.items[`session:${S1}`]?.due).toBe('2026-12-01');
    expect((await json<{ due: { id: string }[] }>(['due'], { configDir: result.configDir })).due).toHaveLength(8);
  });

  it('--at a calendar day in the past works; in the future is refused, naming it (exit 2)', async () => {
    const past = await cli(['done', '1', '--no-summary', '--at', '2026-11-20']);
    expect(past.status).toBe(0);
    expect(readStoreOnDisk(past.configDir).sessions[S1]?.completedAt).toMatch(/^2026-11-20T/);
    for (const future of ['tomorrow', '+2d', '2026-12-25']) {
      const result = await cli(['done', '1', '--no-summary', '--at', future]);
      expect(result.status, future).toBe(2);
      expect(result.stderr, future).toBe(`error: --at "${future}" is in the future (today is 2026-12-01)\n`);
      expect(readStoreOnDisk(result.configDir).root, future).toBeNull();
    }
  });

  it('refuses a time or date that does not parse, naming the value (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['--minutes', '0'], '"0" is not a time from 1 minute to 24 hours'],
      [['--minutes', '25h'], '"25h" is not a time from 1 minute to 24 hours'],
      [['--minutes', 'an hour'], '"an hour" is not a time from 1 minute to 24 hours'],
      [['--at', 'someday'], '"someday" is not a date: use YYYY-MM-DD, today, yesterday or -2d'],
      [['--at', '2026-02-30'], '"2026-02-30" is not a date'],
    ];
    for (const [option, message] of cases) {
      const result = await cli(['done', '1', '--no-summary', ...option]);
      expect(result.status, option.join(' ')).toBe(2);
      expect(result.stderr, option.join(' ')).toContain(message);
      expect(result.stderr.trim().split('\n'), option.join(' ')).toHaveLength(1);
      expect(readStoreOnDisk(result.configDir).root).toBeNull();
    }
  });

  it('of an unknown session is exit 1', async () => {
    const result = await cli(['done', '6', '--no-summary']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: unknown session "6": use a number from 1 to 5 or an id (k8s-study list shows them)\n');
  });
});

describe('done on a terminal', () => {
  it('asks for the summary and the time (default: planned), and takes 1h30m', async () => {
    const prompts = recordingPrompts(['  I own RBAC and the nodes  ', '1h30m']);
    const result = await cli(['done', '3'], { terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(prompts.offered.map((prompt) => prompt.message)).toEqual([expect.stringContaining('Your summary (Enter to skip)'), expect.stringContaining('Time spent')]);
    expect(prompts.offered[0]?.message).toContain('After each session, summarize the key points in your own words.');
    expect(prompts.offered[1]?.default).toBe(90);
    expect(result.stdout).toContain('3. EKS Security Architecture');
    expect(readStoreOnDisk(result.configDir).sessions['eks-security-architecture']).toMatchObject({ summary: 'I own RBAC and the nodes', minutesSpent: 90 });
  });

  it('Enter at the summary records the session without one', async () => {
    const result = await cli(['done', '1'], { terminal: true, prompts: scriptedPrompts(['', '45']) });
    expect(result.status).toBe(0);
    expect(readStoreOnDisk(result.configDir).sessions[S1]).toMatchObject({ summary: null, minutesSpent: 45 });
  });

  it('asks only for what was not given', async () => {
    const onlyTime = recordingPrompts(['50m']);
    const given = await cli(['done', '1', '--summary', 'given'], { terminal: true, prompts: onlyTime });
    expect(given.status).toBe(0);
    expect(onlyTime.asked).toEqual([expect.stringContaining('Time spent')]);
    expect(readStoreOnDisk(given.configDir).sessions[S1]).toMatchObject({ summary: 'given', minutesSpent: 50 });

    const nothing = await cli(['done', '1', '--no-summary', '--minutes', '20'], { terminal: true, prompts: scriptedPrompts([]) });
    expect(nothing.status).toBe(0);
    expect(readStoreOnDisk(nothing.configDir).sessions[S1]).toMatchObject({ summary: null, minutesSpent: 20 });
  });

  it('with --json never asks', async () => {
    const result = await cli(['--json', 'done', '1'], { terminal: true, prompts: scriptedPrompts([]) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: S1, status: 'done', summary: null, minutesSpent: 60 });
  });

  it('without a terminal never asks: it records the session with the planned time', async () => {
    const result = await cli(['done', '1'], { terminal: false });
    expect(result.status).toBe(0);
    expect(readStoreOnDisk(result.configDir).sessions[S1]).toMatchObject({ summary: null, minutesSpent: 60 });
  });
});

describe('done on a session already done', () => {
  it('changes nothing, says when it was done and how to correct it (exit 0)', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'first', '--minutes', '55']);
    const before = storeSnapshot(configDir);
    for (const terminal of [false, true]) {
      const again = await cli(['done', '1'], { configDir, now: '2026-12-02T09:00', terminal, prompts: scriptedPrompts([]) });
      expect(again.stderr).toBe('');
      expect(again.status).toBe(0);
      const out = flat(again.stdout);
      expect(out).toContain('Session 1 was already done on 2026-12-01 at 10:00; nothing changed. (k8s-study undo 1 reopens it.)');
      expect(out).toContain('To correct it: k8s-study done 1 --minutes 45 or k8s-study done 1 --at yesterday.');
      expect(storeSnapshot(configDir)).toEqual(before);
    }
  });

  it('with a --summary says it was not saved and how to save it', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'first']);
    const before = storeSnapshot(configDir);
    const again = await cli(['done', '1', '--summary', 'second'], { configDir });
    expect(again.status).toBe(0);
    expect(flat(again.stdout)).toContain('Your --summary was not saved: k8s-study note 1 --summary TEXT writes or replaces the summary.');
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('with --json prints the session as it is, and says on stderr that the summary was not saved', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'first']);
    for (const args of [['--json', 'done', '1', '--summary', 'second'], ['--json', 'done', '1', '--minutes', '50', '--summary', 'second']]) {
      const again = await cli(args, { configDir });
      expect(again.status, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { summary: string }).summary).toBe('first');
      expect(again.stderr).toBe('warning: Your --summary was not saved: k8s-study note 1 --summary TEXT writes or replaces the summary.\n');
    }
    // Without a summary there is nothing to warn of.
    const quiet = await cli(['--json', 'done', '1'], { configDir });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('--minutes corrects the time and says what changed', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'mine', '--minutes', '55']);
    const result = await cli(['done', '1', '--minutes', '1h30m'], { configDir, now: '2026-12-02T09:00' });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toBe('✔ Corrected: 1. Shared Responsibility and Compute Types: minutes 55 → 90. ');
    expect(readStoreOnDisk(configDir).sessions[S1]).toMatchObject({ minutesSpent: 90, summary: 'mine', completedAt: localInstant('2026-12-01T10:00') });
    expect(await json(['show', '1'], { configDir })).toMatchObject({ minutesSpent: 90, completedAt: localInstant('2026-12-01T10:00') });
  });

  it('--at corrects the day; review items not yet reviewed follow it, a reviewed one keeps its day', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary']);
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
    const etcdDue = readStoreOnDisk(configDir).items['term:etcd']?.due;
    const result = await cli(['done', '1', '--at', '2026-11-28', '--minutes', '40'], { configDir, now: '2026-12-02T09:00' });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toBe('✔ Corrected: 1. Shared Responsibility and Compute Types: minutes 60 → 40; finished 2026-12-01 → 2026-11-28. ');
    const disk = readStoreOnDisk(configDir);
    // The day changes; the time of day it was recorded with (10:00) stays.
    expect(disk.sessions[S1]?.completedAt).toMatch(/^2026-11-28T10:00:00/);
    expect(disk.sessions[S1]?.minutesSpent).toBe(40);
    expect(disk.items[`session:${S1}`]?.due).toBe('2026-11-29');
    expect(disk.items['keypoint:control-plane']?.due).toBe('2026-11-29');
    expect(disk.items['term:etcd']?.due).toBe(etcdDue);
    const shown = await json<{ completedAt: string }>(['show', '1'], { configDir, now: '2026-12-02T09:00' });
    expect(shown.completedAt).toMatch(/^2026-11-28T/);
  });

  it('--at keeps a time of day after midnight on the study day it belongs to (the day starts at 04:00)', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary'], { now: '2026-12-02T02:30' });
    await ok(['done', '1', '--at', '2026-11-28'], { configDir, now: '2026-12-02T09:00' });
    const completedAt = readStoreOnDisk(configDir).sessions[S1]?.completedAt;
    expect(completedAt).toMatch(/^2026-11-29T02:30:00/);
    expect((await json<{ sessions: { status: string; completedAt: string }[] }>(['list'], { configDir, now: '2026-12-02T09:00' })).sessions[0]?.completedAt).toBe(completedAt);
  });

  it('a correction to the values already recorded changes nothing', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary', '--minutes', '45']);
    const before = storeSnapshot(configDir);
    const result = await cli(['done', '1', '--minutes', '45', '--at', 'today'], { configDir });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toContain('Session 1 was already done on 2026-12-01 at 10:00; nothing changed.');
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('refuses a correction into the future (exit 2), changing nothing', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary']);
    const before = storeSnapshot(configDir);
    const result = await cli(['done', '1', '--at', 'tomorrow'], { configDir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--at "tomorrow" is in the future');
    expect(storeSnapshot(configDir)).toEqual(before);
  });
});

describe('done under a session id that every JavaScript object has', () => {
  it('a session called `constructor` (a valid slug) is saved by done, check and note', async () => {
    const plan = writePlan(`version: 1
id: proto-plan
title: Proto Plan
sessions:
  - id: constructor
    title: Builders
    day: 1
    duration: 30m
    focus: [Read about builders, Write one]
  - id: to-string
    title: Strings
    day: 1
    duration: 20m
    focus: [Print it]
`);
    const configDir = tempDir();
    const args = (...rest: string[]): string[] => ['--plan', plan, ...rest];
    // The record on disk under that id itself, never what every object inherits under that name.
    const record = (): SessionRecord | undefined => {
      const sessions = readStoreOnDisk(configDir, 'proto-plan').sessions;
      return Object.hasOwn(sessions, 'constructor') ? sessions['constructor' as string] : undefined;
    };
    await ok(args('check', 'constructor', '2'), { configDir });
    expect(record()).toMatchObject({ ticks: ['Write one'] });
    await ok(args('note', 'constructor', '--summary', 'a builder makes things'), { configDir });
    expect(record()).toMatchObject({ summary: 'a builder makes things', ticks: ['Write one'] });
    await ok(args('done', 'constructor', '--minutes', '25'), { configDir });
    expect(record()).toMatchObject({ summary: 'a builder makes things', minutesSpent: 25, ticks: ['Write one'] });
    expect(record()?.completedAt).toMatch(/^2026-12-01T/);
    expect(readStoreOnDisk(configDir, 'proto-plan').items['session:constructor']).toMatchObject({ source: 'constructor', due: '2026-12-02' });
    expect(await json(args('show', '1'), { configDir })).toMatchObject({ id: 'constructor', status: 'done', summary: 'a builder makes things', minutesSpent: 25 });
    expect(await json(args('list'), { configDir })).toMatchObject({ progress: { done: 1, total: 2 } });
  });
});
