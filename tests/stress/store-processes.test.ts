import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAN_ID, readStoreOnDisk, runBinary, startBinary, storeFiles, tempDir, type StoreOnDisk } from '../helpers.ts';
import { bundleOf, removeBundles, waitFor, writePlan } from '../io/support.ts';
import { seeded } from './support.ts';

// The store under many processes at once, with fixed seeds: writers through three paths to one
// store; writers killed (SIGKILL) at every step of a commit; a holder stopped for longer than a
// waiting run will wait.

afterAll(removeBundles);

describe('one store reached through three paths', () => {
  it('3 rounds of 30 writers at once (notes and ticks, through a folder, a linked folder and a linked config.json), with readers: nothing lost', async () => {
    const random = seeded(1234);
    const planFile = writePlan(tempDir(), { id: 'paths', sessions: 30 });
    const real = tempDir();
    expect(runBinary(['--plan', planFile, 'done', 's1', '--no-summary'], { configDir: real }).status).toBe(0);
    const links = tempDir();
    symlinkSync(real, join(links, 'linked-folder'));
    mkdirSync(join(links, 'linked-root'));
    symlinkSync(join(real, 'config.json'), join(links, 'linked-root', 'config.json'));
    const paths = [real, join(links, 'linked-folder'), join(links, 'linked-root')];
    for (let round = 1; round <= 3; round += 1) {
      const jobs = Array.from({ length: 30 }, (_, index) => ({ session: `s${index + 1}`, path: paths[Math.floor(random() * paths.length)]!, tick: random() < 0.5 }));
      const runs = jobs.map(({ session, path, tick }) =>
        startBinary(['--plan', planFile, ...(tick ? ['check', session, String(round)] : ['note', session, '--summary', `round ${round} ${session}`])], { configDir: path }),
      );
      const readers = Array.from({ length: 4 }, (_, index) => startBinary(['--plan', planFile, '--json', 'list'], { configDir: paths[index % paths.length]! }));
      const results = await Promise.all([...runs, ...readers].map((run) => run.done));
      for (const result of results) expect(result.status, result.stderr).toBe(0);
      for (const reader of results.slice(runs.length)) expect(() => JSON.parse(reader.stdout)).not.toThrow();
      const store = readStoreOnDisk(real, 'paths');
      for (const { session, tick } of jobs) {
        if (tick) expect(store.sessions[session]?.ticks, `${session} round ${round}`).toContain(['Read it', 'Write it', 'Explain it'][round - 1]);
        else expect(store.sessions[session]?.summary, `${session} round ${round}`).toBe(`round ${round} ${session}`);
      }
      expect(store.uncommittedBytes).toBe(0);
    }
    expect(readStoreOnDisk(real, 'paths').events).toHaveLength(1 + 90);
    expect(existsSync(join(real, 'config.json.lock'))).toBe(false);
  });
});

describe('writers killed at every step of a commit', () => {
  const SEED = 4242;
  const ROUNDS = 60;

  it(`leave the committed store, old or new, whole; the journal's committed events are never lost (seed ${SEED})`, async () => {
    const random = seeded(SEED);
    const configDir = tempDir();
    expect(runBinary(['done', '1', '--summary', 'start', '--minutes', '30'], { configDir }).status).toBe(0);
    let known: StoreOnDisk = readStoreOnDisk(configDir);
    const probeStart = Date.now();
    expect(runBinary(['note', '1', '--summary', 'probe'], { configDir }).status).toBe(0);
    const span = Math.max(80, (Date.now() - probeStart) * 1.3);
    known = readStoreOnDisk(configDir);
    const outcomes = { old: 0, new: 0, killedAfterCommit: 0, killedAfterJournal: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const summary = `round ${round}`;
      const { child, done } = startBinary(['note', '1', '--summary', summary], { configDir });
      const mode = round % 3;
      let watcher: ReturnType<typeof watch> | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (mode === 0) timer = setTimeout(() => child.kill('SIGKILL'), random() * span);
      else {
        // 1: the moment its journal line is written (before the root); 2: the moment the root is replaced.
        const wanted = mode === 1 ? 'journal.jsonl' : 'config.json';
        watcher = watch(configDir, (_event, name) => {
          if (name === wanted) child.kill('SIGKILL');
        });
      }
      const result = await done;
      watcher?.close();
      clearTimeout(timer);
      let now: StoreOnDisk;
      try {
        now = readStoreOnDisk(configDir);
      } catch (error) {
        throw new Error(`round ${round} (seed ${SEED}): the committed store cannot be read: ${(error as Error).message}`);
      }
      const summaryNow = now.sessions['shared-responsibility']?.summary;
      const isNew = summaryNow === summary;
      expect(isNew || summaryNow === known.sessions['shared-responsibility']?.summary, `round ${round}: neither old nor new`).toBe(true);
      expect(now.events.slice(0, known.events.length), `round ${round}: committed events changed`).toEqual(known.events);
      expect(now.events.length, `round ${round}`).toBe(known.events.length + (isNew ? 1 : 0));
      if (result.status === 0) expect(isNew, `round ${round}: exit 0 without its change`).toBe(true);
      if (result.status !== 0 && isNew) outcomes.killedAfterCommit += 1;
      if (now.uncommittedBytes > 0) outcomes.killedAfterJournal += 1;
      outcomes[isNew ? 'new' : 'old'] += 1;
      known = now;
    }
    expect(outcomes.old, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.new, JSON.stringify(outcomes)).toBeGreaterThan(0);
    // Runs were cut after their journal lines and before the root, and after the root: the kills
    // really landed inside commits.
    expect(outcomes.killedAfterJournal, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.killedAfterCommit, JSON.stringify(outcomes)).toBeGreaterThan(0);
    // Whatever the kills left (a lock of a dead process, files no root names, journal bytes past the
    // committed end) does not stop the next run, which tidies it all.
    const last = runBinary(['note', '2', '--summary', 'after the kills'], { configDir });
    expect(last.status, last.stderr).toBe(0);
    const root = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { plans: Record<string, { sessionFiles: string[]; itemFiles: string[] }> };
    const entry = root.plans[PLAN_ID]!;
    expect(storeFiles(configDir)).toEqual(['config.json', 'journal.jsonl', 'plans', join('plans', PLAN_ID), ...[...entry.sessionFiles, ...entry.itemFiles].map((name) => join('plans', PLAN_ID, name)).sort()]);
    expect(readStoreOnDisk(configDir).uncommittedBytes).toBe(0);
  });
});

describe('a holder stopped for longer than a run waits', () => {
  it('the waiting run gives up after a minute naming the holder (exit 1, nothing written); the holder, resumed, commits', async () => {
    const configDir = tempDir();
    expect(runBinary(['done', '1', '--no-summary'], { configDir }).status).toBe(0);
    const bundle = await bundleOf('src/io/store.ts');
    const script = `
      const { Store } = require(${JSON.stringify(bundle)});
      const at = '2026-12-01T10:00:00+00:00';
      new Store(${JSON.stringify(configDir)}).update(${JSON.stringify(PLAN_ID)}, { title: 'K', file: null, at }, async (tx) => {
        tx.describe('note', 'the stopped run');
        tx.setSession('eks-security-architecture', { completedAt: null, minutesSpent: null, summary: 'held', ticks: [], clockedMinutes: 0, changedAt: at });
        process.stdout.write('holding\\n');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }).then(() => process.stdout.write('committed\\n'));`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    holder.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const holderDone = new Promise((resolve) => holder.on('close', resolve));
    await waitFor(() => said.includes('holding'), 'the holder to take the lock');
    holder.kill('SIGSTOP');
    try {
      const before = readFileSync(join(configDir, 'config.json'));
      const waiting = await startBinary(['note', '2', '--summary', 'gave up'], { configDir }).done;
      expect(waiting.status).toBe(1);
      expect(waiting.stderr).toContain(`another k8s-study (process ${holder.pid} on `);
      expect(waiting.stderr).toContain("has held the store's lock for over a minute; if it is stuck, end it, then run this again");
      expect(readFileSync(join(configDir, 'config.json')).equals(before)).toBe(true);
    } finally {
      holder.kill('SIGCONT');
    }
    await holderDone;
    expect(said).toContain('committed');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']?.summary).toBe('held');
  });
});
