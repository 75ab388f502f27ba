import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, runBinary, SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { bareRemote, syncOk } from '../sync-support.ts';
import { flat, json, ok, RAW_CONTROL, smallPlan, writePlan } from './support.ts';

// plans, due --all, status --all and stats on a store of several plans: the shipped one, a small
// plan whose file is at hand, and one whose file has gone since it was used.

const NOW = '2026-12-05T10:00';

interface Store {
  configDir: string;
  small: string;
  gone: string;
}

/** A store with progress in three plans; the file of "gone-plan" is deleted after use. */
async function threePlans(): Promise<Store> {
  const configDir = tempDir();
  const small = writePlan(smallPlan({ id: 'small-plan', title: 'Small Plan' }), 'small.yaml');
  const gone = writePlan(smallPlan({ id: 'gone-plan', title: 'Gone Plan' }), 'gone.yaml');
  await ok(['done', '1', '--summary', 'mine', '--minutes', '50', '--at', '2026-12-01'], { configDir, now: '2026-12-01T10:00' });
  await ok(['done', '2', '--no-summary', '--minutes', '70', '--at', '2026-12-02'], { configDir, now: '2026-12-02T10:00' });
  await ok(['review', 'session:1', '--rating', 'again'], { configDir, now: '2026-12-02T10:05' });
  await ok(['review', 'session:1', '--rating', 'good'], { configDir, now: '2026-12-03T10:05' });
  await ok(['lab', '2026-12-20'], { configDir, now: '2026-12-03T10:06' });
  await ok(['--plan', small, 'done', 'alpha', '--no-summary', '--minutes', '20', '--at', '2026-12-03'], { configDir, now: '2026-12-03T11:00' });
  await ok(['--plan', gone, 'done', 'alpha', '--no-summary', '--minutes', '30', '--at', '2026-11-28'], { configDir, now: '2026-11-28T11:00' });
  await ok(['--plan', gone, 'done', 'beta', '--no-summary', '--minutes', '30', '--at', '2026-11-29'], { configDir, now: '2026-11-29T11:00' });
  rmSync(gone);
  return { configDir, small, gone };
}

interface PlanRow {
  id: string;
  title: string;
  current: boolean;
  file: string | null;
  fileState: string;
  sessions: { done: number; total: number | null };
  reviewsDue: number;
  lab: string | null;
}

describe('plans', () => {
  it('lists every plan of the store: the current one first, the others by title, with their files, sessions done of total and reviews due', async () => {
    const store = await threePlans();
    const { plans } = await json<{ plans: PlanRow[] }>(['plans'], { configDir: store.configDir, now: NOW });
    expect(plans.map((row) => [row.id, row.current, row.fileState, row.sessions, row.reviewsDue, row.lab])).toEqual([
      ['k8s-security-fundamentals', true, 'found', { done: 2, total: 5 }, 10, '2026-12-20'],
      ['gone-plan', false, 'missing', { done: 2, total: null }, 5, null],
      ['small-plan', false, 'found', { done: 1, total: 3 }, 3, null],
    ]);
    expect(plans[0]!.file).toBe(SHIPPED_PLAN);
    expect(plans[1]).toMatchObject({ title: 'Gone Plan', file: store.gone });
    expect(plans[2]).toMatchObject({ title: 'Small Plan', file: store.small });
  });

  it('says of a plan whose file has gone that it is gone and how to point at it; of the others, how to use them', async () => {
    const store = await threePlans();
    const text = await ok(['plans'], { configDir: store.configDir, now: NOW });
    expect(text).toMatch(/^3 plans in this store\n/);
    expect(text).toContain('▸ Kubernetes Security Fundamentals  (current)\n    2/5 sessions · 10 reviews due · lab 2026-12-20\n');
    expect(flat(text)).toContain(`gone-plan · its plan file ${store.gone} is gone point at it: k8s-study --plan FILE next (the next change made with it remembers where it is)`);
    expect(flat(text)).toContain(`use it: k8s-study --plan ${store.small} next`);
    expect(text).toContain('  Gone Plan\n    2 sessions done · 5 reviews due\n');
    // Run through npx, those commands are run the same way.
    const viaNpx = flat(await ok(['plans'], { configDir: store.configDir, now: NOW, env: { npm_lifecycle_event: 'npx' } }));
    expect(viaNpx).toContain('point at it: npx k8s-study --plan FILE next');
    expect(viaNpx).toContain(`use it: npx k8s-study --plan ${store.small} next`);
    expect(flat(await ok(['status', '--all'], { configDir: store.configDir, now: NOW, env: { npm_lifecycle_event: 'npx' } }))).toContain(`in full: npx k8s-study --plan ${store.small} status`);
  });

  it('the current plan follows --plan, and a current plan that cannot be read leaves the others listed', async () => {
    const store = await threePlans();
    const { plans } = await json<{ plans: PlanRow[] }>(['--plan', store.small, 'plans'], { configDir: store.configDir, now: NOW });
    expect(plans.map((row) => [row.id, row.current])).toEqual([
      ['small-plan', true],
      ['gone-plan', false],
      ['k8s-security-fundamentals', false],
    ]);
    const missing = await json<{ plans: PlanRow[] }>(['--plan', store.gone, 'plans'], { configDir: store.configDir, now: NOW });
    expect(missing.plans.map((row) => row.id)).toEqual(['gone-plan', 'k8s-security-fundamentals', 'small-plan']);
    expect(missing.plans.every((row) => !row.current)).toBe(true);
  });

  it('on a new store, lists the current plan with nothing done', async () => {
    const { plans } = await json<{ plans: PlanRow[] }>(['plans'], { now: NOW });
    expect(plans).toEqual([{ id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals', current: true, file: SHIPPED_PLAN, fileState: 'found', sessions: { done: 0, total: 5 }, reviewsDue: 0, lab: null }]);
  });
});

describe('due --all and status --all', () => {
  it('due --all lists each plan\'s items due: a plan without its file by id, with how to review each plan', async () => {
    const store = await threePlans();
    const result = await json<{ plans: { plan: { id: string }; fileState: string; due: { id: string; title: string; overdueDays: number }[]; upcoming: unknown[] }[] }>(['due', '--all'], {
      configDir: store.configDir,
      now: NOW,
    });
    expect(result.plans.map((entry) => [entry.plan.id, entry.due.length])).toEqual([
      ['k8s-security-fundamentals', 10],
      ['gone-plan', 5],
      ['small-plan', 3],
    ]);
    expect(result.plans[1]!.due.map((item) => [item.id, item.title, item.overdueDays])).toEqual([
      ['keypoint:point-one', 'keypoint:point-one', 6],
      ['session:alpha', 'session:alpha', 6],
      ['term:term-one', 'term:term-one', 6],
      ['keypoint:point-two', 'keypoint:point-two', 5],
      ['session:beta', 'session:beta', 5],
    ]);
    const text = await ok(['due', '--all', '--upcoming', '30'], { configDir: store.configDir, now: NOW });
    expect(text).toMatch(/^Due now: 18 review items in 3 of 3 plans\n/);
    expect(flat(text)).toContain(`its plan file ${store.gone} is gone: items are named by id until it is found again`);
    expect(text).toContain('Review them: k8s-study review\n');
    expect(text).toContain('Review them: k8s-study --plan FILE review\n');
    expect(flat(text)).toContain(`Review them: k8s-study --plan ${store.small} review `);
    // The current plan's items carry their titles.
    expect(flat(text)).toContain('3 days overdue Shared Responsibility Model keypoint:shared-responsibility-model');
    expect(text).toMatch(/6 days overdue +session:alpha\n/);
  });

  it('status --all gives each plan in short, and one study streak over all of them', async () => {
    const store = await threePlans();
    const result = await json<{ streak: number; plans: { plan: { id: string }; progress: Record<string, unknown>; reviews: Record<string, unknown>; lab: unknown }[] }>(['status', '--all'], {
      configDir: store.configDir,
      now: '2026-12-03T20:00',
    });
    expect(result.plans.map((entry) => [entry.plan.id, entry.progress, entry.reviews])).toEqual([
      ['k8s-security-fundamentals', { done: 2, total: 5, minutesPlanned: 330, minutesSpent: 120 }, { due: 10, done: 2, next: '2026-12-02' }],
      ['gone-plan', { done: 2, total: null, minutesPlanned: null, minutesSpent: 60 }, { due: 5, done: 0, next: '2026-11-29' }],
      ['small-plan', { done: 1, total: 3, minutesPlanned: 135, minutesSpent: 20 }, { due: 0, done: 0, next: '2026-12-04' }],
    ]);
    // Study days 1 to 3 December, in one plan or another (28 and 29 November, before a day without).
    expect(result.streak).toBe(3);
    expect(result.plans[0]!.lab).toEqual({ date: '2026-12-20', daysLeft: 17 });
    const text = await ok(['status', '--all'], { configDir: store.configDir, now: '2026-12-03T20:00' });
    expect(text).toMatch(/^3 plans · 3 study days in a row\n/);
    expect(text).toContain('2 sessions done · 1 h spent');
    expect(flat(text)).toContain(`its plan file ${store.gone} is gone: point at it with k8s-study --plan FILE status`);
    expect(flat(text)).toContain(`in full: k8s-study --plan ${store.small} status`);
  });

  it('--all views are never served stale: a change to another plan shows at once (the built binary and its cache of views)', { timeout: 60_000 }, async () => {
    const store = await threePlans();
    const before = runBinary(['due', '--all', '--json'], { configDir: store.configDir, now: NOW });
    expect(before.status, before.stderr).toBe(0);
    expect(runBinary(['due', '--all', '--json'], { configDir: store.configDir, now: NOW }).stdout).toBe(before.stdout);
    await ok(['--plan', store.small, 'review', 'session:alpha', '--rating', 'easy'], { configDir: store.configDir, now: NOW });
    const after = JSON.parse(runBinary(['due', '--all', '--json'], { configDir: store.configDir, now: NOW }).stdout) as { plans: { plan: { id: string }; due: unknown[] }[] };
    expect(after.plans.find((entry) => entry.plan.id === 'small-plan')?.due).toHaveLength(2);
    const status = runBinary(['status', '--all', '--json'], { configDir: store.configDir, now: NOW });
    await ok(['--plan', store.small, 'done', 'beta', '--no-summary'], { configDir: store.configDir, now: NOW });
    expect(runBinary(['status', '--all', '--json'], { configDir: store.configDir, now: NOW }).stdout).not.toBe(status.stdout);
  });
});

describe('stats', () => {
  interface Stats {
    plans: { id: string }[];
    weeks: number;
    days: { date: string; minutes: number; sessions: number; reviews: number }[];
    forecast: { date: string; due: number }[];
    recall: { week: string; reviews: number; recalled: number; share: number | null }[];
    totals: { studyDays: number; minutes: number; reviews: number; recalled: number };
  }

  it('counts clocked minutes on the day they were clocked, not the day the session was ticked since', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, now: '2026-12-01T09:00' });
    await ok(['stop'], { configDir, now: '2026-12-01T09:40' });
    await ok(['check', '1', '1'], { configDir, now: '2026-12-03T10:00' });
    const stats = await json<Stats>(['stats', '--weeks', '1'], { configDir, now: '2026-12-03T10:00' });
    expect(stats.days.filter((day) => day.minutes > 0).map((day) => [day.date, day.minutes])).toEqual([['2026-12-01', 40]]);
    // Another machine that received them by sync dates them alike, after ticking the session too.
    const remote = bareRemote();
    const other = tempDir();
    await syncOk(other, '2026-12-01T08:00', ['--remote', remote]);
    await syncOk(configDir, '2026-12-03T10:05', ['--remote', remote]);
    await syncOk(other, '2026-12-04T10:00');
    await ok(['check', '1', '2'], { configDir: other, now: '2026-12-04T10:05' });
    const there = await json<Stats>(['stats', '--weeks', '1'], { configDir: other, now: '2026-12-04T10:10' });
    expect(there.days.filter((day) => day.minutes > 0).map((day) => [day.date, day.minutes])).toEqual([['2026-12-01', 40]]);
  });

  it('--json gives the numbers: minutes per study day, reviews due over 30 days, recall per week', async () => {
    const store = await threePlans();
    const stats = await json<Stats>(['stats', '--weeks', '2'], { configDir: store.configDir, now: NOW });
    expect(stats.plans.map((plan) => plan.id)).toEqual(['k8s-security-fundamentals']);
    // Two weeks: Monday 23 November to today, Saturday 5 December.
    expect(stats.days[0]!.date).toBe('2026-11-23');
    expect(stats.days.at(-1)!.date).toBe('2026-12-05');
    const studied = stats.days.filter((day) => day.minutes > 0 || day.reviews > 0);
    expect(studied).toEqual([
      { date: '2026-12-01', minutes: 50, sessions: 1, reviews: 0 },
      { date: '2026-12-02', minutes: 70, sessions: 1, reviews: 1 },
      { date: '2026-12-03', minutes: 0, sessions: 0, reviews: 1 },
    ]);
    expect(stats.forecast).toHaveLength(30);
    expect(stats.forecast[0]).toEqual({ date: '2026-12-05', due: 10 });
    expect(stats.forecast.reduce((sum, day) => sum + day.due, 0)).toBe(11);
    expect(stats.recall).toEqual([
      { week: '2026-11-23', reviews: 0, recalled: 0, share: null },
      { week: '2026-11-30', reviews: 2, recalled: 1, share: 0.5 },
    ]);
    const all = await json<Stats>(['stats', '--all', '--weeks', '2'], { configDir: store.configDir, now: NOW });
    expect(all.plans.map((plan) => plan.id)).toEqual(['k8s-security-fundamentals', 'gone-plan', 'small-plan']);
    expect(all.totals).toEqual({ studyDays: 5, minutes: 200, reviews: 2, recalled: 1 });
    expect(all.forecast[0]!.due).toBe(10 + 5 + 3);
  });

  it('draws a heatmap, the forecast and recall that fit the terminal, told apart by glyphs without colour', async () => {
    const store = await threePlans();
    for (const columns of [50, 80, 120]) {
      const result = await cli(['stats', '--all'], { configDir: store.configDir, now: NOW, terminal: true, columns, env: { NO_COLOR: '1' } });
      expect(result.status).toBe(0);
      expect(result.stdout).not.toMatch(RAW_CONTROL);
      expect(result.stdout).not.toContain('\u001b[');
      const lines = result.stdout.split('\n');
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
      // The heatmap's rows, Monday to Sunday, this week last: 28 and 29 November (Saturday and
      // Sunday) 30 minutes each; 1 December 50 minutes, 2 December 70, 3 December 20 and a review.
      // At 50 columns 22 of the 26 weeks fit, and the heading says so.
      const heading = lines.indexOf(columns === 50 ? 'Study days, the last 22 weeks (minutes a day)' : 'Study days (minutes a day)');
      expect(heading, `${columns} columns`).toBeGreaterThan(0);
      const rows = lines.slice(heading + 2, heading + 9);
      expect(rows.map((row) => row.slice(0, 4).trim())).toEqual(['Mon', '', 'Wed', '', 'Fri', '', 'Sun']);
      expect(rows.map((row) => row.trimEnd().slice(-3))).toEqual(['· ·', '· ▒', '· ▓', '· ░', '· ·', '▒ ·', '· ▒']);
      expect(result.stdout).toMatch(/less · ░ ▒ ▓ █ more/);
      expect(result.stdout).toContain('19 reviews in all; most on Sat 2026-12-05: 18');
      expect(result.stdout).toMatch(/^ {2}Nov 30 {2}█+░+ {2}50 % {2}\(2 reviews\)$/m);
    }
    // With colour, the same glyphs (colour adds, never replaces).
    const coloured = await cli(['stats'], { configDir: store.configDir, now: NOW, terminal: true, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/less · ░ ▒ ▓ █ more/);
  });

  it('on a new store, says there is nothing yet rather than drawing empty charts', async () => {
    const text = await ok(['stats'], { now: NOW });
    expect(text).toContain('0 study days · 0 min · 0 reviews');
    expect(text).toContain('Nothing comes due in the next 30 days.');
    expect(text).toContain('No reviews answered in these weeks yet.');
  });

  it('--weeks takes 1 to 53', async () => {
    const result = await cli(['stats', '--weeks', '60'], { now: NOW });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"60" is not a whole number of weeks from 1 to 53');
  });
});
