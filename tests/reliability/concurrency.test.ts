import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RATINGS, type PlanProgress } from '../../src/core/progress.ts';
import { readStoreText, tempDir } from '../helpers.ts';
import { runInProcess, spawnCli, startCli, strayFiles } from './support.ts';

// Many k8s-study runs at once on one store: every change must land, and the file must stay valid.
// K8S_STUDY_SOAK=1 runs more rounds with more processes.

const SOAK = Boolean(process.env.K8S_STUDY_SOAK);
const SESSIONS = 40;
const PLAN_ID = 'concurrency';

function writePlan(folder: string): string {
  const file = join(folder, 'plan.yaml');
  const sessions = Array.from({ length: SESSIONS }, (_, index) => {
    const id = `s${String(index + 1).padStart(2, '0')}`;
    return `  - id: ${id}\n    title: Session ${id}\n    day: ${1 + Math.floor(index / 5)}\n    duration: 30m\n    focus: [read, write, explain]\n    keyPoints: [kp-${id}]\n`;
  });
  const keyPoints = Array.from({ length: SESSIONS }, (_, index) => {
    const id = `s${String(index + 1).padStart(2, '0')}`;
    return `  - id: kp-${id}\n    title: Point ${id}\n    text: About ${id}.\n`;
  });
  writeFileSync(file, `version: 1\nid: ${PLAN_ID}\ntitle: Concurrency\nsessions:\n${sessions.join('')}keyPoints:\n${keyPoints.join('')}`);
  return file;
}

function progressIn(configDir: string): PlanProgress {
  return JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).plans[PLAN_ID] as PlanProgress;
}

interface Writer {
  /** Prepares the store for this writer's session before the race (in-process, sequential). */
  before?(id: string, planFile: string, configDir: string): Promise<void>;
  /** The command for session `id` (the n-th writer of this kind). */
  args(id: string, n: number): string[];
  /** What must be in the store afterwards. */
  landed(progress: PlanProgress, id: string, n: number): void;
}

/** The kinds of change made at once; a new writing command is one more entry. */
const WRITERS: Writer[] = [
  {
    args: (id, n) => ['done', id, '--summary', `summary of ${id}`, '--minutes', String(10 + n)],
    landed: (progress, id, n) => {
      expect(progress.sessions[id]).toMatchObject({ summary: `summary of ${id}`, minutesSpent: 10 + n });
      expect(progress.sessions[id]?.completedAt).toBeTruthy();
      expect(progress.reviewItems[`session:${id}`]).toBeDefined();
      expect(progress.reviewItems[`keypoint:kp-${id}`]).toBeDefined();
    },
  },
  {
    args: (id) => ['check', id, '1', '3'],
    landed: (progress, id) => expect(progress.sessions[id]?.checked).toEqual([1, 3]),
  },
  {
    args: (id) => ['note', id, '--summary', `note on ${id}`],
    landed: (progress, id) => expect(progress.sessions[id]?.summary).toBe(`note on ${id}`),
  },
  {
    // Its session was done three days ago, so its review is due.
    before: async (id, planFile, configDir) => {
      const done = await runInProcess(['--plan', planFile, 'done', id, '--at', '2026-11-28', '--no-summary'], { K8S_STUDY_CONFIG_DIR: configDir });
      expect(done.status, done.stderr).toBe(0);
    },
    args: (id, n) => ['review', `session:${id}`, '--rating', RATINGS[n % RATINGS.length] as string],
    landed: (progress, id, n) => {
      expect(progress.reviewLog.filter((entry) => entry.item === `session:${id}`)).toEqual([
        expect.objectContaining({ rating: RATINGS[n % RATINGS.length] }),
      ]);
      expect(progress.reviewItems[`session:${id}`]?.card).not.toBeNull();
    },
  },
];

describe('concurrent runs on one store', () => {
  it.each(SOAK ? [24, 40, 40, 40] : [24])('%i writers at once, each changing its own session, with readers in between: nothing lost', async (count) => {
    const configDir = tempDir();
    const planFile = writePlan(tempDir());
    const jobs = Array.from({ length: count }, (_, index) => {
      const id = `s${String(index + 1).padStart(2, '0')}`;
      const writer = WRITERS[index % WRITERS.length] as Writer;
      return { id, n: index, writer };
    });
    for (const { id, writer } of jobs) await writer.before?.(id, planFile, configDir);
    const readers = Array.from({ length: 4 }, () => spawnCli(['--plan', planFile, 'list', '--json'], { configDir }));
    const results = await Promise.all([
      ...jobs.map(({ id, n, writer }) => spawnCli(['--plan', planFile, ...writer.args(id, n)], { configDir })),
      ...readers,
    ]);
    for (const result of results) {
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
    }
    for (const reader of await Promise.all(readers)) expect(() => JSON.parse(reader.stdout)).not.toThrow();
    const progress = progressIn(configDir);
    for (const { id, n, writer } of jobs) writer.landed(progress, id, n);
    expect(Object.keys(progress.sessions)).toHaveLength(count);
    expect(strayFiles(configDir)).toEqual([]);
  });

  it('the same session changed by many runs at once: ticks from every run are kept', async () => {
    const configDir = tempDir();
    const planFile = writePlan(tempDir());
    // 20 runs tick items 1-3 of s01 in turn and untick nothing: the union must be there.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => spawnCli(['--plan', planFile, 'check', 's01', String((index % 3) + 1)], { configDir })),
    );
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    expect(progressIn(configDir).sessions.s01?.checked).toEqual([1, 2, 3]);
    // And done raced by several runs: one records it, the others say it was already done.
    const done = await Promise.all(Array.from({ length: 6 }, (_, index) => spawnCli(['--plan', planFile, 'done', 's02', '--summary', `run ${index}`], { configDir })));
    for (const result of done) expect(result.status, result.stderr).toBe(0);
    expect(done.filter((result) => result.stdout.includes('✔ Done'))).toHaveLength(1);
    expect(done.filter((result) => result.stdout.includes('already done'))).toHaveLength(5);
  });
});

describe('a lock left behind by a killed run', () => {
  function leaveLock(configDir: string, ageMs: number): string {
    // What proper-lockfile leaves when its process dies: the lock folder, last touched when it died.
    mkdirSync(configDir, { recursive: true });
    const lock = join(configDir, 'config.json.lock');
    mkdirSync(lock);
    const when = new Date(Date.now() - ageMs);
    utimesSync(lock, when, when);
    return lock;
  }

  it('a lock just left is taken over once it goes stale (5 s), not waited on forever', async () => {
    const configDir = tempDir();
    const lock = leaveLock(configDir, 0);
    const result = await spawnCli(['done', '1', '--no-summary'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.elapsedMs).toBeGreaterThan(3000);
    expect(result.elapsedMs).toBeLessThan(15_000);
    expect(existsSync(lock)).toBe(false);
  });

  it('an old lock is taken over at once', async () => {
    const configDir = tempDir();
    leaveLock(configDir, 60_000);
    const result = await spawnCli(['check', '1', '2'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.elapsedMs).toBeLessThan(3000);
  });

  it('a run killed (SIGKILL) while it holds the lock does not block the next one', async () => {
    const configDir = tempDir();
    const lock = join(configDir, 'config.json.lock');
    // Catch a writer inside its lock: start it, watch for its lock folder, kill it the moment it appears.
    let caught = false;
    for (let attempt = 0; attempt < 20 && !caught; attempt += 1) {
      const { child, result } = startCli(['note', '1', '--summary', `attempt ${attempt}`], { configDir });
      // A busy loop: the lock is held for milliseconds. It ends when the run has written without
      // being caught (the event loop, and so child.exitCode, does not move while it spins).
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        if (existsSync(lock)) {
          child.kill('SIGKILL');
          break;
        }
        if (readStoreText(configDir)?.includes(`attempt ${attempt}`)) break;
      }
      await result;
      caught = existsSync(lock);
    }
    expect(caught, 'never caught a writer holding the lock').toBe(true);
    const next = await spawnCli(['note', '1', '--summary', 'after the crash'], { configDir });
    expect(next.status, next.stderr).toBe(0);
    expect(next.elapsedMs).toBeLessThan(15_000);
    expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).plans['k8s-security-fundamentals'].sessions['shared-responsibility'].summary).toBe('after the crash');
  });
});
