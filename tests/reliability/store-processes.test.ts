import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAN_ID, readStoreOnDisk, runBinary, SLOW, startBinary, storeFiles, tempDir } from '../helpers.ts';
import { bundleOf, removeBundles, waitFor, writePlan } from '../io/support.ts';
import { WAITING } from '../sync-support.ts';

// The store's lock with real processes: a writer stopped (SIGSTOP, Ctrl-Z) while it holds the lock
// is alive, so its lock is waited for, never taken over, however old its time stamp; when it goes on,
// both changes are kept. And one store reached through two paths (a linked folder, a linked
// config.json) has one lock: concurrent writers through either path lose nothing.

afterAll(removeBundles);

/**
 * Starts a process that takes the store's lock through the store module (as the product builds it),
 * sets a summary, says "holding" and waits (as at a prompt) until `release` before it commits;
 * resolves when it says "holding". It waits on its input, not a timer: however late this test
 * looks at it, it still holds the lock.
 */
async function startHolder(configDir: string, summary: string) {
  const bundle = await bundleOf('src/io/store.ts');
  const script = `
    const { Store } = require(${JSON.stringify(bundle)});
    const at = '2026-12-01T10:00:00+00:00';
    new Store(${JSON.stringify(configDir)}).update(${JSON.stringify(PLAN_ID)}, { title: 'Kubernetes Security Fundamentals', file: null, at }, async (tx) => {
      const record = tx.session('shared-responsibility') ?? { completedAt: null, minutesSpent: null, summary: null, ticks: [], clockedMinutes: 0, changedAt: at };
      tx.describe('note', 'the stopped run');
      tx.setSession('shared-responsibility', { ...record, summary: ${JSON.stringify(summary)}, changedAt: at });
      process.stdout.write('holding\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
    }).then(() => process.stdout.write('committed\\n'), (error) => { process.stderr.write(String(error && error.message)); process.exitCode = 1; });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  await waitFor(() => stdout.includes('holding') || child.exitCode !== null, 'the holder to take the lock');
  expect(stdout, stderr).toContain('holding');
  const release = (): void => {
    if (!child.stdin.writableEnded) child.stdin.end('go\n');
  };
  return { child, done, release };
}

describe('a writer stopped while it holds the lock', () => {
  it('is waited for, not taken over, even with its stamp an hour old; when it goes on, both changes are kept', { timeout: SLOW * 2 }, async () => {
    const configDir = tempDir();
    expect(runBinary(['done', '1', '--no-summary'], { configDir }).status).toBe(0);
    const lock = join(configDir, 'config.json.lock');
    const holder = await startHolder(configDir, 'from the stopped run');
    holder.child.kill('SIGSTOP');
    try {
      // It cannot refresh its lock while stopped; make it look long abandoned.
      const old = new Date(Date.now() - 3600_000);
      utimesSync(lock, old, old);
      const other = startBinary(['note', '2', '--summary', 'from the waiting run'], { configDir });
      let otherExited = false;
      void other.done.then(() => (otherExited = true));
      // A few seconds of the other run looking at the lock: it must still be waiting.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(otherExited, 'the waiting run did not wait').toBe(false);
      expect(JSON.parse(readFileSync(join(lock, 'owner.json'), 'utf8')).pid).toBe(holder.child.pid);
      holder.child.kill('SIGCONT');
      holder.release();
      const [first, second] = await Promise.all([holder.done, other.done]);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain('committed');
      expect(second.status, second.stderr).toBe(0);
    } finally {
      holder.child.kill('SIGCONT');
      holder.release();
    }
    const store = readStoreOnDisk(configDir);
    expect(store.sessions['shared-responsibility']?.summary).toBe('from the stopped run');
    expect(store.sessions['architecture-cloud-native-gaps']?.summary).toBe('from the waiting run');
    expect(store.events.map((event) => event.kind)).toEqual(['done', 'note', 'note']);
    expect(existsSync(lock)).toBe(false);
  });

  it('a holder killed (SIGKILL) while it holds the lock does not block the next run, and its change is not half-kept', { timeout: SLOW * 2 }, async () => {
    const configDir = tempDir();
    expect(runBinary(['done', '1', '--no-summary'], { configDir }).status).toBe(0);
    const before = readStoreOnDisk(configDir);
    const holder = await startHolder(configDir, 'never committed');
    holder.child.kill('SIGKILL');
    await holder.done;
    expect(existsSync(join(configDir, 'config.json.lock'))).toBe(true);
    const next = runBinary(['note', '2', '--summary', 'after the kill'], { configDir });
    expect(next.status, next.stderr).toBe(0);
    const store = readStoreOnDisk(configDir);
    expect(store.sessions['shared-responsibility']).toEqual(before.sessions['shared-responsibility']);
    expect(store.sessions['architecture-cloud-native-gaps']?.summary).toBe('after the kill');
  });
});

describe('one store reached through two paths', () => {
  it('a linked folder and a linked config.json share one lock: writers at once through all three paths lose nothing', { timeout: SLOW * 2 }, async () => {
    const planFile = writePlan(tempDir(), { id: 'paths', sessions: 12 });
    const real = tempDir();
    expect(runBinary(['--plan', planFile, 'done', 's1', '--no-summary'], { configDir: real }).status).toBe(0);
    const links = tempDir();
    const linkedFolder = join(links, 'linked-folder');
    symlinkSync(real, linkedFolder);
    const linkedRoot = join(links, 'linked-root');
    mkdirSync(linkedRoot);
    symlinkSync(join(real, 'config.json'), join(linkedRoot, 'config.json'));
    const paths = [real, linkedFolder, linkedRoot];
    const runs = Array.from({ length: 12 }, (_, index) =>
      startBinary(['--plan', planFile, 'note', `s${index + 1}`, '--summary', `note ${index + 1}`], { configDir: paths[index % paths.length]! }),
    );
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) {
      expect(result.status, result.stderr).toBe(0);
      // A writer that waits long for the lock (a slow machine) says so; nothing else.
      expect(result.stderr.replace(WAITING, '')).toBe('');
    }
    const store = readStoreOnDisk(real, 'paths');
    for (let index = 0; index < 12; index += 1) expect(store.sessions[`s${index + 1}`]?.summary, `s${index + 1}`).toBe(`note ${index + 1}`);
    expect(store.events.filter((event) => event.kind === 'note')).toHaveLength(12);
    expect(lstatSync(join(linkedRoot, 'config.json')).isSymbolicLink()).toBe(true);
    expect(readdirSync(linkedRoot).filter((name) => name !== 'cache')).toEqual(['config.json']);
    const root = JSON.parse(readFileSync(join(real, 'config.json'), 'utf8')) as { plans: Record<string, { sessionFiles: string[]; itemFiles: string[] }> };
    expect(storeFiles(real)).toEqual(['config.json', 'journal.jsonl', 'plans', join('plans', 'paths'), ...[...root.plans.paths!.sessionFiles, ...root.plans.paths!.itemFiles].map((name) => join('plans', 'paths', name)).sort()]);
  });
});
