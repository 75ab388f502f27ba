import { describe, expect, it, vi } from 'vitest';
import { cli, PLAN_ID, readStoreOnDisk, runBinary, scriptedPrompts, SLOW, tempDir } from '../helpers.ts';
import { json, ok, recordingPrompts, shippedPlanData, writePlan } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// `start` and `stop`: the study clock, kept in the store. Each case checks what is on disk.

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
const at = (time: string): { now: string } => ({ now: `2026-12-01T${time}` });
const clockOnDisk = (configDir: string): unknown => readStoreOnDisk(configDir).root?.clock ?? null;
const sessionOnDisk = (configDir: string, id: string, planId = PLAN_ID) => readStoreOnDisk(configDir, planId).sessions[id];

describe('start and stop', () => {
  it('keeps the clock in the store between runs; stop adds the minutes, and clock-ins add up', async () => {
    const configDir = tempDir();
    expect(flat(await ok(['start'], { configDir, ...at('09:00') }))).toContain('Clock started: 1. Shared Responsibility and Compute Types at 2026-12-01 09:00.');
    expect(clockOnDisk(configDir)).toMatchObject({ plan: PLAN_ID, session: 'shared-responsibility', startedAt: '2026-12-01T09:00:00+00:00', plannedMinutes: 60 });
    expect(flat(await ok(['stop'], { configDir, ...at('09:40') }))).toBe('Clock stopped: 1. Shared Responsibility and Compute Types, 40 min (40 min clocked towards it so far)');
    expect(clockOnDisk(configDir)).toBeNull();
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ clockedMinutes: 40, completedAt: null });
    // Begun: list and status show it in progress, with the minutes clocked so far.
    expect(flat(await ok(['list'], { configDir, ...at('09:45') }))).toMatch(/1 Shared Responsibility and Compute Types ◐ in progress 40\/60 min/);
    expect(flat(await ok(['status'], { configDir, ...at('09:45') }))).toMatch(/1 Shared Responsibility and Compute Types 40\/60 min ◐ in progress/);
    expect((await json<{ session: { status: string } }>(['next'], { configDir, ...at('09:45') })).session.status).toBe('in-progress');
    // The time spent in the totals and the day line counts it too, so every figure agrees.
    expect(flat(await ok(['status'], { configDir, ...at('09:45') }))).toMatch(/0 of 5 sessions done · 40 min spent of 5 h 30 min planned .*Day 1 .* 0\/2 · 40 min of 2 h/);
    expect((await json<{ progress: { minutesSpent: number } }>(['list'], { configDir, ...at('09:45') })).progress.minutesSpent).toBe(40);

    await ok(['start', '1'], { configDir, ...at('10:00') });
    expect(flat(await ok(['start', '1'], { configDir, ...at('10:05') }))).toContain('The clock is already running on 1. Shared Responsibility and Compute Types: 5 min since 2026-12-01 10:00.');
    await ok(['stop'], { configDir, ...at('10:25') });
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ clockedMinutes: 65 });
    expect(flat(await ok(['stop'], { configDir, ...at('10:30') }))).toBe('No clock is running; nothing changed. k8s-study start SESSION starts one.');
  });

  it('is shown by next, show and status while it runs, with the minutes so far', async () => {
    const configDir = tempDir();
    await ok(['start', '2'], { configDir, ...at('09:00') });
    const line = '⏱ Clock running on this session: 30 min since 2026-12-01 09:00';
    expect(flat(await ok(['show', '2'], { configDir, ...at('09:30') }))).toContain(line);
    expect(flat(await ok(['show', '1'], { configDir, ...at('09:30') }))).toContain('⏱ Clock running on 2. Security Architecture Example and Cloud Native Gaps: 30 min');
    expect(flat(await ok(['next'], { configDir, ...at('09:30') }))).toContain('⏱ Clock running on 2. Security Architecture Example and Cloud Native Gaps: 30 min since 2026-12-01 09:00');
    // A minute later, the minutes have moved on: no view of a running clock is kept.
    expect(flat(await ok(['next'], { configDir, ...at('09:31') }))).toContain(': 31 min since');
    expect(flat(await ok(['status'], { configDir, ...at('09:45') }))).toContain('⏱ Clock running on 2. Security Architecture Example and Cloud Native Gaps: 45 min');
    const status = await json<{ clock: unknown }>(['status'], { configDir, ...at('09:45') });
    expect(status.clock).toEqual({
      plan: PLAN_ID,
      session: 'architecture-cloud-native-gaps',
      label: '2. Security Architecture Example and Cloud Native Gaps',
      startedAt: '2026-12-01T09:00:00+00:00',
      minutes: 45,
      clockedBefore: 0,
      forgotten: false,
    });
    await ok(['stop'], { configDir, ...at('09:50') });
    expect(await ok(['next'], { configDir, ...at('09:55') })).not.toContain('Clock running');
    expect((await json<{ clock: unknown }>(['status'], { configDir, ...at('09:55') })).clock).toBeNull();
  });

  it('done records the clocked minutes, the running clock included, and stops it', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, ...at('09:00') });
    await ok(['stop'], { configDir, ...at('09:20') });
    await ok(['start', '1'], { configDir, ...at('09:30') });
    expect(flat(await ok(['done', '1', '--summary', 'mine'], { configDir, ...at('10:15') }))).toContain('✔ Done: 1. Shared Responsibility and Compute Types (1 h 5 min of 1 h planned, as clocked)');
    expect(clockOnDisk(configDir)).toBeNull();
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 65, clockedMinutes: 0 });
    // Given minutes win over the clock.
    await ok(['start', '2'], { configDir, ...at('10:20') });
    await ok(['done', '2', '--summary', 'mine', '--minutes', '50'], { configDir, ...at('11:00') });
    expect(sessionOnDisk(configDir, 'architecture-cloud-native-gaps')).toMatchObject({ minutesSpent: 50 });
    expect(clockOnDisk(configDir)).toBeNull();
  });

  it('on a terminal, done offers the clocked minutes as the time spent', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, ...at('09:00') });
    const prompts = recordingPrompts(['my summary', '45']);
    await ok(['done', '1'], { configDir, terminal: true, prompts, ...at('09:40') });
    expect(prompts.offered[1]).toEqual({ message: 'Time spent (e.g. 45, 90m, 1h30m):', default: 40 });
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 45 });
  });

  it('a clock of less than a minute is not taken as the time spent; short clock-ins still add up', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, now: '2026-12-01T10:00:00' });
    expect(flat(await ok(['done', '1', '--no-summary'], { configDir, now: '2026-12-01T10:00:20' }))).toContain('(1 h of 1 h planned)');
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 60 });
    // Three clock-ins of 20 s on the finished session make a minute.
    for (const minute of ['11', '12', '13']) {
      await ok(['start', '1'], { configDir, now: `2026-12-01T${minute}:00:00` });
      await ok(['stop'], { configDir, now: `2026-12-01T${minute}:00:20` });
    }
    expect(sessionOnDisk(configDir, 'shared-responsibility')?.minutesSpent).toBeCloseTo(61, 1);
  });

  it('adds time clocked on a finished session to its time spent', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'x', '--minutes', '60'], { configDir, ...at('09:00') });
    expect(flat(await ok(['start', '1'], { configDir, ...at('12:00') }))).toContain('The session is done already: k8s-study stop adds the time to what it took.');
    expect(flat(await ok(['stop'], { configDir, ...at('12:25') }))).toContain('25 min (added to its time spent: 1 h 25 min now)');
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 85 });
  });

  it('a second start stops the first, in this plan or in another, and each session keeps its minutes', async () => {
    const configDir = tempDir();
    const other = shippedPlanData();
    other.id = 'other-plan';
    other.title = 'Other Plan';
    const otherFile = writePlan(other);
    await ok(['start', '1'], { configDir, ...at('09:00') });
    expect(flat(await ok(['start', '2'], { configDir, ...at('09:30') }))).toContain('Clock stopped: 1. Shared Responsibility and Compute Types, 30 min');
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ clockedMinutes: 30 });
    expect(clockOnDisk(configDir)).toMatchObject({ session: 'architecture-cloud-native-gaps' });

    const out = flat(await ok(['--plan', otherFile, 'start', '3'], { configDir, ...at('10:00') }));
    expect(out).toContain('Clock stopped: 2. Security Architecture Example and Cloud Native Gaps, 30 min');
    expect(out).toContain('Clock started: 3. EKS Security Architecture');
    expect(sessionOnDisk(configDir, 'architecture-cloud-native-gaps')).toMatchObject({ clockedMinutes: 30 });
    expect(clockOnDisk(configDir)).toMatchObject({ plan: 'other-plan', session: 'eks-security-architecture' });
    // The shipped plan shows the clock of the other plan, naming it.
    expect(flat(await ok(['status'], { configDir, ...at('10:10') }))).toContain('⏱ Clock running on 3. EKS Security Architecture (plan other-plan): 10 min');
    // stop, run with the shipped plan, stops the clock wherever it runs.
    await ok(['stop'], { configDir, ...at('10:20') });
    expect(sessionOnDisk(configDir, 'eks-security-architecture', 'other-plan')).toMatchObject({ clockedMinutes: 20 });
    expect(sessionOnDisk(configDir, 'eks-security-architecture')).toBeUndefined();
    expect(clockOnDisk(configDir)).toBeNull();
  });

  it('counts the planned time for a clock forgotten past the end of its study day, and says so', async () => {
    const configDir = tempDir();
    await ok(['start', '3'], { configDir, ...at('14:00') });
    const out = flat(await ok(['stop'], { configDir, now: '2026-12-02T10:00' }));
    expect(out).toContain('Clock stopped: 3. EKS Security Architecture, 1 h 30 min');
    expect(out).toContain("It ran from 2026-12-01 14:00 past the end of that study day (20 h in all), so the session's planned 1 h 30 min is counted, not all of it.");
    expect(out).toContain('k8s-study undo takes this back; k8s-study stop --minutes TIME then counts what you give.');
    expect(sessionOnDisk(configDir, 'eks-security-architecture')).toMatchObject({ clockedMinutes: 90 });

    // Taken back, and stopped again with the time the person gives.
    await ok(['undo'], { configDir, now: '2026-12-02T10:01' });
    expect(clockOnDisk(configDir)).toMatchObject({ session: 'eks-security-architecture' });
    expect(sessionOnDisk(configDir, 'eks-security-architecture')?.clockedMinutes ?? 0).toBe(0);
    expect(flat(await ok(['stop', '--minutes', '2h'], { configDir, now: '2026-12-02T10:02' }))).toBe('Clock stopped: 3. EKS Security Architecture, 2 h (2 h clocked towards it so far)');
    expect(sessionOnDisk(configDir, 'eks-security-architecture')).toMatchObject({ clockedMinutes: 120 });
  });

  it('a sitting across the 04:00 day start, no longer than planned, counts whole, without a word about it', async () => {
    const configDir = tempDir();
    await ok(['start', '2'], { configDir, now: '2026-12-02T03:50' });
    expect(flat(await ok(['stop'], { configDir, now: '2026-12-02T04:10' }))).toBe(
      'Clock stopped: 2. Security Architecture Example and Cloud Native Gaps, 20 min (20 min clocked towards it so far)',
    );
  });

  it('on a terminal, asks how long a forgotten clock was used', async () => {
    const configDir = tempDir();
    await ok(['start', '3'], { configDir, ...at('14:00') });
    const prompts = scriptedPrompts(['1h15m']);
    const out = flat(await ok(['stop'], { configDir, now: '2026-12-02T10:00', terminal: true, prompts }));
    expect(out).toContain('The clock on 3. EKS Security Architecture has run since 2026-12-01 14:00, past the end of that study day (20 h in all).');
    expect(prompts.asked).toEqual(['How long did you study? (e.g. 45, 90m, 1h30m):']);
    expect(sessionOnDisk(configDir, 'eks-security-architecture')).toMatchObject({ clockedMinutes: 75 });
  });

  it('done caps a forgotten clock the same way when not on a terminal', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, ...at('09:00') });
    const out = flat(await ok(['done', '1', '--summary', 'x'], { configDir, now: '2026-12-03T09:00' }));
    expect(out).toContain("past the end of that study day (48 h in all), so the session's planned 1 h is counted");
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 60 });
  });

  it('undo takes back a start, a stop, and a done that stopped the clock', async () => {
    const configDir = tempDir();
    await ok(['start', '1'], { configDir, ...at('09:00') });
    expect(flat(await ok(['undo'], { configDir, ...at('09:01') }))).toContain('Taken back: started the clock on 1. Shared Responsibility and Compute Types');
    expect(clockOnDisk(configDir)).toBeNull();

    await ok(['start', '1'], { configDir, ...at('09:10') });
    await ok(['stop'], { configDir, ...at('09:40') });
    await ok(['undo'], { configDir, ...at('09:41') });
    expect(clockOnDisk(configDir)).toMatchObject({ startedAt: '2026-12-01T09:10:00+00:00' });
    expect(sessionOnDisk(configDir, 'shared-responsibility')?.clockedMinutes ?? 0).toBe(0);

    await ok(['done', '1', '--summary', 'x'], { configDir, ...at('10:10') });
    expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ minutesSpent: 60 });
    await ok(['undo'], { configDir, ...at('10:11') });
    expect(clockOnDisk(configDir)).toMatchObject({ startedAt: '2026-12-01T09:10:00+00:00' });
    expect(sessionOnDisk(configDir, 'shared-responsibility')?.completedAt ?? null).toBeNull();
  });

  it('start with every session done asks for one; unknown sessions are named', async () => {
    const configDir = tempDir();
    for (const session of ['1', '2', '3', '4', '5']) await ok(['done', session, '--summary', 'x'], { configDir });
    const all = await cli(['start'], { configDir });
    expect(all.status).toBe(2);
    expect(flat(all.stderr)).toBe('error: every session of this plan is done: name the one you study again, e.g. k8s-study start 1');
    const unknown = await cli(['start', 'nope'], { configDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown session "nope"');
    const badMinutes = await cli(['stop', '--minutes', 'soon'], { configDir });
    expect(badMinutes.status).toBe(2);
  });

  it(
    'survives the process: a clock started by one run is stopped by another, in a DST change',
    () => {
      const configDir = tempDir();
      const env = { TZ: 'Europe/Berlin' };
      // 01:30 summer time to 03:30 winter time: the clocks went back an hour at 03:00.
      expect(runBinary(['start', '1'], { configDir, now: '2026-10-25T01:30', env }).status).toBe(0);
      const stopped = runBinary(['stop'], { configDir, now: '2026-10-25T03:30', env });
      expect(stopped.stderr).toBe('');
      expect(flat(stopped.stdout)).toContain('Clock stopped: 1. Shared Responsibility and Compute Types, 3 h');
      expect(sessionOnDisk(configDir, 'shared-responsibility')).toMatchObject({ clockedMinutes: 180 });
    },
    SLOW,
  );
});
