import { describe, expect, it } from 'vitest';
import { runDone } from '../../src/commands/done.ts';
import { runNext } from '../../src/commands/next.ts';
import { runSchedule } from '../../src/commands/schedule.ts';
import { runStatus } from '../../src/commands/status.ts';
import { UsageError } from '../../src/errors.ts';
import { fakeContext, readStoreText, tempDir } from '../helpers.ts';

async function finish(configDir: string, session: string, at: string, minutes = '45'): Promise<void> {
  await runDone(fakeContext({ configDir, now: `${at}T20:00` }).context, session, { summary: `notes on ${session}`, minutes });
}

describe('status', () => {
  it('shows progress per day, time, reviews, streak, lab and records the plan no longer has', async () => {
    const configDir = tempDir();
    await finish(configDir, '1', '2026-12-01', '50');
    await finish(configDir, '2', '2026-12-02', '70');
    await fakeContext({ configDir }).context.updateProgress((progress) => {
      progress.lab = '2026-12-08';
      progress.reviewLog.push({ item: 'session:shared-responsibility', at: '2026-12-03T09:00:00', rating: 'good' });
      progress.sessions['old-session'] = { completedAt: '2026-11-20T10:00:00', minutesSpent: 30, summary: 'from an older plan' };
    });
    const json = fakeContext({ configDir, now: '2026-12-03T10:00', json: true });
    await runStatus(json.context);
    const report = JSON.parse(json.stdout());
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['progress', 'reviews', 'streak', 'lab', 'orphans']));
    expect(report.progress).toMatchObject({ done: 2, total: 5, minutesPlanned: 330, minutesSpent: 120, minutesLeft: 210 });
    expect(report.progress.days.map((day: { date: string; done: number; total: number }) => [day.date, day.done, day.total])).toEqual([
      ['2026-12-01', 2, 2],
      ['2026-12-02', 0, 2],
      ['2026-12-03', 0, 1],
    ]);
    expect(report.reviews).toEqual({ due: 11, done: 1, next: '2026-12-02' });
    expect(report.streak).toBe(3);
    expect(report.lab).toMatchObject({ date: '2026-12-08', daysLeft: 5, sessionsLeft: 3, minutesLeft: 210, studyDaysLeft: 2, fits: true, reviewsLeft: 11, reviewsDue: 11, ready: false });
    expect(report.orphans).toEqual(['old-session']);

    const human = fakeContext({ configDir, now: '2026-12-03T10:00' });
    await runStatus(human.context);
    const out = human.stdout();
    expect(out).toContain('2 of 5 sessions done · 2 h spent of 5 h 30 min planned · 3 h 30 min left');
    expect(out).toMatch(/Day 1 {2}Tue 2026-12-01 {2}█+ 2\/2 · 2 h of 2 h/);
    expect(out).toMatch(/3 {2}EKS Security Architecture\s+–\/90 min {2}! behind/);
    expect(out).toContain('Reviews  1 done · 11 due now · next: 2026-12-02 (1 day overdue)');
    expect(out).toContain('Streak   3 study days in a row');
    expect(out).toContain('Lab      2026-12-08, in 5 days · 3 sessions (3 h 30 min) left over 2 plan days, on pace · 11 reviews before it (11 due now)');
    expect(out).toContain('Kept, no longer in the plan (1): old-session');
  });
});

describe('schedule', () => {
  it('starts on the first study day, stores --start, and marks done, today and behind', async () => {
    const configDir = tempDir();
    const fresh = fakeContext({ configDir, now: '2026-12-01T10:00', json: true });
    await runSchedule(fresh.context, {});
    expect(JSON.parse(fresh.stdout())).toMatchObject({ start: '2026-12-01', startFrom: 'today' });
    expect(readStoreText(configDir)).toBeNull();

    const set = fakeContext({ configDir, now: '2026-12-05T10:00' });
    await runSchedule(set.context, { start: '-3d' });
    const out = set.stdout();
    expect(out).toContain('Start date set: day 1 is Wed 2026-12-02 (your start date).');
    expect(out).toMatch(/Wed 2026-12-02 {2}day 1\n\s+1 {2}Shared Responsibility and Compute Types\s+1 h {2}! behind by 3 days/);
    expect(out).toMatch(/Fri 2026-12-04 {2}day 3\n\s+5 {2}Review and Lab Preparation\s+1 h {2}! behind by 1 day/);
    expect(out).toContain('5 sessions are behind schedule');
    const stored = JSON.parse(readStoreText(configDir) ?? '{}');
    expect(stored.plans['k8s-security-fundamentals'].startDate).toBe('2026-12-02');

    await finish(configDir, '1', '2026-12-05');
    const later = fakeContext({ configDir, now: '2026-12-03T10:00' });
    await runSchedule(later.context, {});
    expect(later.stdout()).toMatch(/Thu 2026-12-03 {2}day 2 {2}← today/);
    expect(later.stdout()).toMatch(/1 {2}Shared Responsibility and Compute Types\s+1 h {2}✔ done/);
  });

  it('refuses a --start that is not a date, naming it, and writes nothing', async () => {
    const configDir = tempDir();
    await expect(runSchedule(fakeContext({ configDir }).context, { start: 'soon' })).rejects.toThrow(new UsageError('--start "soon" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday or +3d'));
    expect(readStoreText(configDir)).toBeNull();
  });
});

describe('next and the schedule', () => {
  it('says when the next session is behind its day, and not before', async () => {
    const configDir = tempDir();
    await finish(configDir, '1', '2026-12-01');
    const onTime = fakeContext({ configDir, now: '2026-12-01T21:00' });
    await runNext(onTime.context);
    expect(onTime.stdout()).not.toContain('Behind');
    const late = fakeContext({ configDir, now: '2026-12-04T10:00' });
    await runNext(late.context);
    expect(late.stdout()).toMatch(/Next: 2\. .*\nBehind: planned for day 1, Tue 2026-12-01, 3 days ago/);
    // The JSON shape of next stays as the spec has it.
    const json = fakeContext({ configDir, now: '2026-12-04T10:00', json: true });
    await runNext(json.context);
    expect(Object.keys(JSON.parse(json.stdout())).sort()).toEqual(['lab', 'reviewsDue', 'session']);
  });
});
