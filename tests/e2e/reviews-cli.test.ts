import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { startTerminal } from './pty.ts';

// The story of the review reminders, told through the built binary with a fixed clock.
describe('review reminders (built binary)', () => {
  it('finish session 1 today: its notes, key points and terms are due tomorrow from 04:00; ratings move them', () => {
    const configDir = tempDir();
    expect(runCli(['done', '1', '--summary', 'AWS runs the control plane'], { configDir, now: '2026-12-01T20:00' }).status).toBe(0);

    const lateNight = runCli(['due', '--json'], { configDir, now: '2026-12-02T03:59' });
    expect(JSON.parse(lateNight.stdout).due).toEqual([]);
    const morning = JSON.parse(runCli(['due', '--json'], { configDir, now: '2026-12-02T04:00' }).stdout);
    expect(morning.due.map((item: { id: string }) => item.id).sort()).toEqual([
      'keypoint:control-plane',
      'keypoint:iam-access-control',
      'keypoint:shared-responsibility-model',
      'session:shared-responsibility',
      'term:etcd',
      'term:kube-apiserver',
      'term:kube-controller-manager',
      'term:kube-scheduler',
    ]);
    expect(runCli(['next'], { configDir, now: '2026-12-02T09:00' }).stdout).toContain('Reviews due: 8');

    const next: Record<string, string> = {};
    for (const [item, rating] of [['term:etcd', 'again'], ['term:kube-scheduler', 'hard'], ['keypoint:control-plane', 'good'], ['session:1', 'easy']]) {
      const result = runCli(['review', item as string, '--rating', rating as string, '--json'], { configDir, now: '2026-12-02T09:00' });
      expect(result.status, result.stderr).toBe(0);
      next[rating as string] = JSON.parse(result.stdout).nextDue;
    }
    expect(next.again).toBe('2026-12-03');
    expect(next.again! < next.hard! && next.hard! <= next.good! && next.good! < next.easy!).toBe(true);
    const human = runCli(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-03T09:00' });
    expect(human.stdout).toMatch(/^✔ term:etcd rated good; next review 2026-12-\d\d \(in \d+ days\)\n$/);
  });

  it('once a lab date is set, everything is due no later than the day before the lab', () => {
    const configDir = tempDir();
    runCli(['done', '1', '--no-summary'], { configDir, now: '2026-12-01T10:00' });
    runCli(['review', 'session:shared-responsibility', '--rating', 'easy'], { configDir, now: '2026-12-02T10:00' });
    const lab = runCli(['lab', '2026-12-05'], { configDir, now: '2026-12-02T10:00' });
    expect(lab.status).toBe(0);
    expect(lab.stdout).toContain('Lab 2026-12-05, in 3 days');
    expect(lab.stdout).toContain('4 sessions left (4 h 30 min planned over 3 plan days)');
    const due = JSON.parse(runCli(['due', '--upcoming', '60', '--json'], { configDir, now: '2026-12-02T10:00' }).stdout);
    const all = [...due.due, ...due.upcoming];
    expect(all).toHaveLength(8);
    for (const item of all) expect(item.due <= '2026-12-04').toBe(true);
    expect(JSON.parse(runCli(['next', '--json'], { configDir, now: '2026-12-02T10:00' }).stdout).lab).toEqual({ date: '2026-12-05', daysLeft: 3 });
    expect(runCli(['lab', '--clear'], { configDir, now: '2026-12-02T10:00' }).stdout).toContain('Lab date cleared.');
    expect(JSON.parse(runCli(['lab', '--json'], { configDir, now: '2026-12-02T10:00' }).stdout)).toBeNull();
  });

  it('exit codes: unknown item 1, bad rating or date 2, review without a terminal 2', () => {
    const configDir = tempDir();
    runCli(['done', '1', '--no-summary'], { configDir });
    const cases: [string[], number, RegExp][] = [
      [['review', 'term:nope', '--rating', 'good'], 1, /unknown review item "term:nope"/],
      [['review', 'term:etcd', '--rating', 'perfect'], 2, /--rating "perfect"/],
      [['review'], 2, /without one, rate an item with: k8s-study review ITEM --rating/],
      [['lab', '2026-02-30'], 2, /lab date "2026-02-30" is not a date/],
      [['due', '--upcoming', '-1'], 2, /--upcoming "-1"/],
      [['review', '--limit', 'all'], 2, /--limit "all"/],
    ];
    for (const [args, status, message] of cases) {
      const result = runCli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('review on a real terminal', () => {
  it('rates one item and quits, keeping that answer', async () => {
    const configDir = tempDir();
    runCli(['done', '1', '--summary', 'my words'], { configDir, now: '2026-12-01T10:00' });
    const env = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-02T09:00' };
    const terminal = startTerminal(['review'], env);
    await terminal.waitFor(/How well did you recall it\?/);
    expect(terminal.screen()).toContain('my words');
    terminal.type('\u001b[B'); // down: hard
    terminal.type('\u001b[B'); // down: good
    terminal.mark();
    terminal.type('\r');
    await terminal.waitFor(/rated good/);
    await terminal.waitFor(/Recall it, then press Enter/);
    terminal.mark();
    terminal.type('\r');
    await terminal.waitFor(/How well did you recall it\?/);
    for (let step = 0; step < 5; step += 1) terminal.type('\u001b[B'); // to "quit"
    terminal.type('\r');
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('Reviewed 1, skipped 0; 7 still due.');
    const due = JSON.parse(runCli(['due', '--json'], { configDir, now: '2026-12-02T09:00' }).stdout).due;
    expect(due.map((item: { id: string }) => item.id)).not.toContain('session:shared-responsibility');
  });
});
