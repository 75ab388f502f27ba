import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, readStoreOnDisk, tempDir } from '../helpers.ts';
import { committedState, leftovers, onlyWaited, run, SOAK, startRun, writeGeneratedPlan } from './support.ts';

// Many k8s-study runs at once on one store, as separate processes of the built binary: every
// change lands, none is lost or doubled, and the store stays valid. Each writer's expected effect
// is known from a reference store where the same commands ran one after another.

const NOW = '2026-12-01T10:00';
const PLAN_ID = 'concurrency';
const RATINGS = ['again', 'hard', 'good', 'easy'] as const;

const sessionId = (index: number): string => `s${String(index + 1).padStart(3, '0')}`;

interface Job {
  /** The command the writer runs (after --plan FILE). */
  args: string[];
  /** What must be in place before the race (run in-process, in both stores). */
  before?: string[];
  kind: 'done' | 'check' | 'note' | 'review' | 'lab';
}

/** The writers: a mix of every kind of change, each on its own session (the lab writers share the plan's lab date). */
function jobsFor(count: number): Job[] {
  return Array.from({ length: count }, (_, index): Job => {
    const id = sessionId(index);
    switch (index % 5) {
      case 0:
        return { kind: 'done', args: ['done', id, '--summary', `summary of ${id}`, '--minutes', String(10 + index)] };
      case 1:
        return { kind: 'check', args: ['check', id, '1', '3'] };
      case 2:
        return { kind: 'note', args: ['note', id, '--summary', `note on ${id}`] };
      case 3:
        return { kind: 'review', before: ['done', id, '--at', '2026-11-28', '--no-summary'], args: ['review', `session:${id}`, '--rating', RATINGS[index % 4]!] };
      default:
        return { kind: 'lab', args: ['lab', `2026-12-${String(10 + (index % 19)).padStart(2, '0')}`] };
    }
  });
}

const canonical = (value: unknown): string => JSON.stringify(value);

/** Session 1's summary as committed now, or null (also while a commit replaces the files being read). */
function summaryNow(configDir: string): string | null {
  try {
    return readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary ?? null;
  } catch {
    return null;
  }
}

describe('concurrent writers on one store', () => {
  it.each(SOAK ? [24, 40, 40, 40] : [24])('%i writers at once (done, check, note, review, lab) and readers: nothing lost, nothing doubled', { timeout: 600_000 }, async (count) => {
    const folder = tempDir();
    const planFile = writeGeneratedPlan(folder, PLAN_ID, 40);
    const configDir = join(folder, 'store');
    const referenceDir = join(folder, 'reference');
    const jobs = jobsFor(count);
    for (const job of jobs) {
      for (const dir of job.before ? [configDir, referenceDir] : []) {
        const prepared = await cli(['--plan', planFile, ...job.before!], { configDir: dir, now: NOW });
        expect(prepared.status, prepared.stderr).toBe(0);
      }
    }
    // The reference: the same commands, one after another.
    for (const job of jobs) {
      const result = await cli(['--plan', planFile, ...job.args], { configDir: referenceDir, now: NOW });
      expect(result.status, `${job.args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const doneBefore = Object.values(readStoreOnDisk(configDir, PLAN_ID).sessions).filter((record) => record.completedAt !== null).length;

    const writers = jobs.map((job) => run(['--plan', planFile, ...job.args], { configDir, now: NOW }));
    const readers = Array.from({ length: 4 }, () => run(['--plan', planFile, '--json', 'list'], { configDir, now: NOW }));
    const results = await Promise.all(writers);
    jobs.forEach((job, index) => {
      const result = results[index]!;
      const what = `${job.args.join(' ')}: ${result.stderr}`;
      expect(result.hung, what).toBe(false);
      expect(result.status, what).toBe(0);
      expect(onlyWaited(result.stderr), what).toBe(true);
    });
    for (const reader of await Promise.all(readers)) {
      expect(reader.status, reader.stderr).toBe(0);
      // A reader sees a whole store: before some changes, after others, never half of one.
      const list = JSON.parse(reader.stdout) as { progress: { done: number } };
      expect(list.progress.done).toBeGreaterThanOrEqual(doneBefore);
      expect(list.progress.done).toBeLessThanOrEqual(doneBefore + jobs.filter((job) => job.kind === 'done').length);
    }

    const actual = committedState(configDir, PLAN_ID);
    const expected = committedState(referenceDir, PLAN_ID);
    expect(actual.sessions).toEqual(expected.sessions);
    expect(actual.items).toEqual(expected.items);
    // Every change is in the journal once. Lab changes depend on which lab writer came first, so
    // those are compared by the date each one set; the last one committed is the lab date now.
    const isLab = (event: Record<string, unknown>): boolean => event.kind === 'lab';
    expect(actual.events.filter((event) => !isLab(event)).map(canonical).sort()).toEqual(expected.events.filter((event) => !isLab(event)).map(canonical).sort());
    const labSet = (events: Record<string, unknown>[]): unknown[] => events.filter(isLab).map((event) => (event.changes as { after: { lab: unknown } }[])[0]?.after.lab);
    expect(labSet(actual.events).sort()).toEqual(labSet(expected.events).sort());
    expect(actual.meta?.lab).toBe(labSet(actual.events).at(-1));
    expect(leftovers(configDir)).toEqual([]);
  });

  it('one session changed by many runs at once: every tick is kept, and done is recorded once', { timeout: 600_000 }, async () => {
    const folder = tempDir();
    const planFile = writeGeneratedPlan(folder, PLAN_ID, 5);
    const configDir = join(folder, 'store');
    const checks = await Promise.all(Array.from({ length: 20 }, (_, index) => run(['--plan', planFile, 'check', 's001', String((index % 3) + 1)], { configDir, now: NOW })));
    for (const result of checks) expect(result.status, result.stderr).toBe(0);
    expect(readStoreOnDisk(configDir, PLAN_ID).sessions.s001?.ticks.sort()).toEqual(['explain', 'read', 'write']);
    const done = await Promise.all(Array.from({ length: 6 }, (_, index) => run(['--plan', planFile, 'done', 's002', '--summary', `run ${index}`], { configDir, now: NOW })));
    for (const result of done) expect(result.status, result.stderr).toBe(0);
    expect(done.filter((result) => result.stdout.includes('✔ Done'))).toHaveLength(1);
    expect(done.filter((result) => result.stdout.includes('was already done'))).toHaveLength(5);
    expect(readStoreOnDisk(configDir, PLAN_ID).events.filter((event) => event.kind === 'done')).toHaveLength(1);
  });

  it('120 note writers at once all succeed, and every one of their changes is in the journal', { timeout: 600_000 }, async () => {
    const folder = tempDir();
    const planFile = writeGeneratedPlan(folder, PLAN_ID, 40);
    const configDir = join(folder, 'store');
    const notes = Array.from({ length: 120 }, (_, index) => ({ session: sessionId(index % 40), text: `note ${index} on ${sessionId(index % 40)}` }));
    const results = await Promise.all(notes.map(({ session, text }) => run(['--plan', planFile, 'note', session, '--summary', text], { configDir, now: NOW })));
    results.forEach((result, index) => {
      const what = `${notes[index]!.text}: ${result.stderr}`;
      expect(result.hung, what).toBe(false);
      expect(result.status, what).toBe(0);
      expect(onlyWaited(result.stderr), what).toBe(true);
    });
    const disk = readStoreOnDisk(configDir, PLAN_ID);
    const written = disk.events.filter((event) => event.kind === 'note');
    const after = (event: (typeof written)[number]): string => ((event as { changes: { after: { summary: string } }[] }).changes[0]?.after.summary ?? '');
    expect(written.map(after).sort()).toEqual(notes.map((note) => note.text).sort());
    // Each session's summary is the one written last.
    for (let index = 0; index < 40; index += 1) {
      const id = sessionId(index);
      const last = written.filter((event) => after(event).endsWith(` on ${id}`)).at(-1);
      expect(disk.sessions[id]?.summary, id).toBe(after(last!));
    }
    expect(new Set(disk.events.map((event) => event.id)).size).toBe(disk.events.length);
    expect(leftovers(configDir)).toEqual([]);
  });

  it('a writer killed (SIGKILL) while it holds the lock does not block the next one', { timeout: 600_000 }, async () => {
    const configDir = tempDir();
    const lock = join(configDir, 'config.json.lock');
    let caught = false;
    for (let attempt = 0; attempt < 40 && !caught; attempt += 1) {
      const { child, result } = startRun(['note', '1', '--summary', `attempt ${attempt}`], { configDir, now: NOW });
      // Polled without yielding: the lock is held for milliseconds. The loop ends when the run has
      // written without being caught, or after a while.
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        if (existsSync(lock)) {
          child.kill('SIGKILL');
          break;
        }
        if (summaryNow(configDir) === `attempt ${attempt}`) break;
      }
      await result;
      caught = existsSync(lock);
    }
    expect(caught, 'never caught a writer holding the lock').toBe(true);
    const next = await run(['note', '1', '--summary', 'after the crash'], { configDir, now: NOW, hangMs: 120_000 });
    expect(next.hung).toBe(false);
    expect(next.status, next.stderr).toBe(0);
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('after the crash');
    expect(leftovers(configDir)).toEqual([]);
  });
});
