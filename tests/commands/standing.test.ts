import { describe, expect, it } from 'vitest';
import { cli, PLAN_ID, readStoreOnDisk, tempDir } from '../helpers.ts';
import { flat, json, ok, shippedPlanData, storeSnapshot, writePlan } from './support.ts';

// Where you stand: `status` (progress per day, time, reviews, streak, lab, records kept) and
// `schedule` (plan days on the calendar from the start date).

interface StatusJson {
  progress: { done: number; total: number; minutesPlanned: number; minutesSpent: number; minutesLeft: number; days: { day: number; date: string; done: number; total: number }[] };
  reviews: { due: number; done: number; next: string | null };
  streak: number;
  lab: Record<string, unknown> | null;
  orphans: string[];
}

const startOnDisk = (configDir: string): unknown => (readStoreOnDisk(configDir).root?.plans as Record<string, { startDate: unknown }> | undefined)?.[PLAN_ID]?.startDate;

describe('status', () => {
  it('shows progress per day with bars, time planned and spent, reviews, streak and the lab', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary', '--minutes', '50'], { configDir, now: '2026-12-01T20:00' });
    await ok(['done', '2', '--no-summary', '--minutes', '70'], { configDir, now: '2026-12-02T20:00' });
    await ok(['review', 'session:1', '--rating', 'good'], { configDir, now: '2026-12-03T09:00' });
    await ok(['lab', '2026-12-08'], { configDir, now: '2026-12-03T09:00' });

    const out = await ok(['status'], { configDir, now: '2026-12-03T10:00' });
    expect(flat(out)).toContain('2 of 5 sessions done · 2 h spent of 5 h 30 min planned · 3 h 30 min left');
    expect(out).toMatch(/^Day 1 {2}Tue 2026-12-01 {2}█{10} 2\/2 · 2 h of 2 h$/m);
    expect(out).toMatch(/^Day 2 {2}Wed 2026-12-02 {2}░{10} 0\/2 · 0 min of 2 h 30 min$/m);
    expect(out).toMatch(/^ {2}3 {2}EKS Security Architecture +–\/90 min {2}! behind$/m);
    expect(out).toMatch(/^Day 3 {2}Thu 2026-12-03 .* ← today$/m);
    expect(out).toContain('Reviews  1 done · 10 due now · due since 2026-12-02 (1 day overdue)');
    expect(out).toContain('Streak   3 study days in a row');
    expect(flat(out)).toContain('Lab 2026-12-08, in 5 days · 3 sessions (3 h 30 min) left over 2 plan days, on pace for the lab · 11 reviews before it (10 due now)');
    expect(out).not.toContain('Kept, no longer in the plan');
  });

  it('--json is the SPEC shape: { progress, reviews, streak, lab, orphans }', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary', '--minutes', '50'], { configDir, now: '2026-12-01T20:00' });
    await ok(['done', '2', '--no-summary', '--minutes', '70'], { configDir, now: '2026-12-02T20:00' });
    await ok(['review', 'session:1', '--rating', 'good'], { configDir, now: '2026-12-03T09:00' });
    await ok(['lab', '2026-12-08'], { configDir, now: '2026-12-03T09:00' });
    const report = await json<StatusJson>(['status'], { configDir, now: '2026-12-03T10:00' });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['progress', 'reviews', 'streak', 'lab', 'orphans']));
    expect(report.progress).toMatchObject({ done: 2, total: 5, minutesPlanned: 330, minutesSpent: 120, minutesLeft: 210 });
    expect(report.progress.days.map((day) => [day.day, day.date, day.done, day.total])).toEqual([
      [1, '2026-12-01', 2, 2],
      [2, '2026-12-02', 0, 2],
      [3, '2026-12-03', 0, 1],
    ]);
    expect(report.reviews).toEqual({ due: 10, done: 1, next: '2026-12-02' });
    expect(report.streak).toBe(3);
    expect(report.lab).toMatchObject({ date: '2026-12-08', daysLeft: 5, sessionsLeft: 3, minutesLeft: 210, reviewsLeft: 11 });
    expect(report.orphans).toEqual([]);

    const fresh = await json<StatusJson>(['status']);
    expect(fresh).toMatchObject({ reviews: { due: 0, done: 0, next: null }, streak: 0, lab: null, orphans: [] });
  });

  it('counts the streak to yesterday while nothing is done today, and breaks it on a day missed', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir, now: '2026-12-01T20:00' });
    await ok(['done', '2', '--no-summary'], { configDir, now: '2026-12-02T20:00' });
    expect((await json<StatusJson>(['status'], { configDir, now: '2026-12-03T09:00' })).streak).toBe(2);
    expect(await ok(['status'], { configDir, now: '2026-12-03T09:00' })).toContain('Streak   2 study days in a row');
    expect((await json<StatusJson>(['status'], { configDir, now: '2026-12-04T09:00' })).streak).toBe(0);
    expect(await ok(['status'], { configDir, now: '2026-12-04T09:00' })).toContain('Streak   none running: a study day today starts one');
    // A review is a study day too.
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-04T09:00' });
    expect((await json<StatusJson>(['status'], { configDir, now: '2026-12-04T09:30' })).streak).toBe(1);
  });

  it('lists records kept for ids the plan no longer has', async () => {
    const configDir = tempDir();
    await ok(['done', '2', '--summary', 'gaps', '--minutes', '40'], { configDir });
    const plan = shippedPlanData();
    plan.sessions = plan.sessions.filter((session) => session.id !== 'architecture-cloud-native-gaps');
    const file = writePlan(plan);
    const report = await json<StatusJson>(['--plan', file, 'status'], { configDir });
    expect(report.orphans).toEqual(['architecture-cloud-native-gaps', 'session:architecture-cloud-native-gaps']);
    const status = flat(await ok(['--plan', file, 'status'], { configDir }));
    expect(status).toContain('Kept, no longer in the plan (2): architecture-cloud-native-gaps, session:architecture-cloud-native-gaps');
    expect(status).toContain('A session or key point renamed in the plan file? Its old id back brings these records back.');
  });
});

describe('schedule', () => {
  it('with nothing done starts today, and writes nothing', async () => {
    const configDir = tempDir();
    const out = await ok(['schedule'], { configDir });
    expect(flat(out)).toContain('Day 1 is Tue 2026-12-01 (today, as nothing is done yet; set another with --start DATE).');
    expect(out).toMatch(/^Tue 2026-12-01 {2}day 1 {2}← today\n {2}1 {2}Shared Responsibility and Compute Types +1 h {2}○ todo$/m);
    expect(out).toMatch(/^Wed 2026-12-02 {2}day 2\n {2}3 {2}EKS Security Architecture +1 h 30 min {2}○ todo$/m);
    expect(out).toMatch(/^Thu 2026-12-03 {2}day 3$/m);
    expect(out).toContain('Export it to your calendar: k8s-study export --format ics -o study.ics');
    expect(storeSnapshot(configDir)).toEqual({});
    expect(await json(['schedule'], { configDir })).toMatchObject({ start: '2026-12-01', startFrom: 'today', today: '2026-12-01' });
  });

  it('starts on the first day you studied and flags the sessions behind their date', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary', '--at', '2026-11-29'], { configDir });
    const out = await ok(['schedule'], { configDir });
    expect(flat(out)).toContain('Day 1 is Sun 2026-11-29 (the first day you studied; set another with --start DATE).');
    expect(out).toMatch(/^ {2}1 {2}Shared Responsibility and Compute Types +1 h {2}✔ done$/m);
    expect(out).toMatch(/^ {2}2 {2}Security Architecture Example .* {2}! behind by 2 days$/m);
    expect(out).toMatch(/^ {2}3 {2}EKS Security Architecture +1 h 30 min {2}! behind by 1 day$/m);
    expect(out).toMatch(/^Tue 2026-12-01 {2}day 3 {2}← today$/m);
    expect(flat(out)).toContain('3 sessions are behind schedule: k8s-study next picks up the first, or move the plan with k8s-study schedule --start DATE.');
  });

  it('--start stores the date of plan day 1', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary', '--at', '2026-11-29'], { configDir });
    const out = await ok(['schedule', '--start', '2026-11-30'], { configDir });
    expect(out).toContain('Start date set: day 1 is Mon 2026-11-30 (your start date).');
    expect(out).toMatch(/^ {2}2 {2}Security Architecture Example .* {2}! behind by 1 day$/m);
    expect(startOnDisk(configDir)).toBe('2026-11-30');
    // Kept: the next schedule starts there too, and so does next's "behind".
    expect(await ok(['schedule'], { configDir })).toContain('Day 1 is Mon 2026-11-30 (your start date).');
    expect(await json(['schedule'], { configDir })).toMatchObject({ start: '2026-11-30', startFrom: 'stored' });
    await ok(['schedule', '--start', 'tomorrow'], { configDir });
    expect(startOnDisk(configDir)).toBe('2026-12-02');
  });

  it('refuses a --start that is not a date, naming it (exit 2), and writes nothing', async () => {
    const configDir = tempDir();
    for (const bad of ['someday', '2026-13-01', '9999-12-31']) {
      const result = await cli(['schedule', '--start', bad], { configDir });
      expect(result.status, bad).toBe(2);
      expect(result.stderr, bad).toContain(`"${bad}"`);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual({});
  });
});
