import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireLock, LockError, type HeldLock, type LockHolder } from '../../src/io/lock.ts';
import { Store } from '../../src/io/store.ts';
import { cli, PLAN_ID, tempDir } from '../helpers.ts';
import { bundleOf, expectSameFiles, removeBundles, runNodeScript, snapshot, waitFor } from './support.ts';

// The store's lock (src/io/lock.ts): a folder with a note of its holder. It is taken over only from
// a holder that is gone: on this host, a process that no longer exists; from another host, a lock
// whose time stamp stays still for 30 s of the waiter's own clock; with no note, after a short
// grace. A living holder is waited for, however old its stamp, and a holder checks before each
// commit step that the lock is still its own.

const held: HeldLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});
afterAll(() => removeBundles());

/** A clock the test moves by hand; the lock measures every wait with it, and each look at the lock asks it the time. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void; looked: () => Promise<void> } {
  let time = start;
  let asked = 0;
  return {
    now: () => {
      asked += 1;
      return time;
    },
    advance: (ms) => void (time += ms),
    // Until the waiting run has looked at the lock again, after whatever the test just changed.
    looked: async () => {
      const from = asked;
      await waitFor(() => asked >= from + 3, 'the waiting run to look at the lock again');
    },
  };
}

/** A lock folder as another run leaves it: its note, and a stamp `ageMs` old (or in the future). */
function leaveLock(path: string, holder: Partial<LockHolder> | null, ageMs = 0): void {
  mkdirSync(path, { recursive: true });
  if (holder) writeFileSync(join(path, 'owner.json'), JSON.stringify({ since: new Date().toISOString(), token: 'their-token', ...holder }));
  const when = new Date(Date.now() - ageMs);
  utimesSync(path, when, when);
}

const noteOf = (path: string): LockHolder => JSON.parse(readFileSync(join(path, 'owner.json'), 'utf8')) as LockHolder;

/** Tracks a pending acquireLock: whether it has settled, and how. */
function track(promise: Promise<HeldLock>): { settled: () => boolean; result: Promise<HeldLock> } {
  let settled = false;
  const result = promise.then(
    (lock) => {
      settled = true;
      held.push(lock);
      return lock;
    },
    (error: unknown) => {
      settled = true;
      throw error;
    },
  );
  result.catch(() => undefined);
  return { settled: () => settled, result };
}

/** The id of a process that has just ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('taking the lock', () => {
  it('is at once when nobody holds it; the note names this process; release removes it', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const lock = await acquireLock(path);
    expect(noteOf(path)).toMatchObject({ host: hostname(), pid: process.pid });
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(statSync(join(path, 'owner.json')).mode & 0o777).toBe(0o600);
    lock.assertHeld();
    lock.release();
    expect(existsSync(path)).toBe(false);
    expect(() => lock.assertHeld()).toThrow(LockError);
  });

  it('a lock held by a living process on this host is never taken over, however old its stamp; after a minute the waiter gives up naming it', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const first = await acquireLock(path);
    held.push(first);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(path, old, old);
    const clock = fakeClock();
    const second = track(acquireLock(path, { now: clock.now }));
    for (const step of [10_000, 20_000, 29_000]) {
      clock.advance(step);
      await clock.looked();
      expect(second.settled(), `after ${step} ms more`).toBe(false);
      first.assertHeld();
    }
    clock.advance(2_000);
    await expect(second.result).rejects.toThrow(new RegExp(`another k8s-study \\(process ${process.pid} on ${hostname()}\\) has held the store's lock for over a minute`));
    await expect(second.result).rejects.toMatchObject({ reason: 'busy', lockPath: path });
    first.assertHeld();
  });

  it('a lock held by another living process (a sleeping child) is waited for, and taken the moment that process is gone', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const sleeper = spawn('sleep', ['60']);
    const exited = new Promise((resolve) => sleeper.on('exit', resolve));
    try {
      leaveLock(path, { host: hostname(), pid: sleeper.pid! }, 3600_000);
      const clock = fakeClock();
      const waiting = track(acquireLock(path, { now: clock.now }));
      clock.advance(45_000);
      await clock.looked();
      expect(waiting.settled()).toBe(false);
      expect(noteOf(path).pid).toBe(sleeper.pid);
      sleeper.kill('SIGKILL');
      await exited;
      const lock = await waiting.result;
      lock.assertHeld();
      expect(noteOf(path).pid).toBe(process.pid);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a lock whose holder on this host has ended is taken over at once', async () => {
    const path = join(tempDir(), 'config.json.lock');
    leaveLock(path, { host: hostname(), pid: await deadPid() });
    const clock = fakeClock();
    const lock = await acquireLock(path, { now: clock.now });
    held.push(lock);
    expect(noteOf(path)).toMatchObject({ host: hostname(), pid: process.pid });
  });

  it('a lock from another host is taken over only after its stamp stayed still for 30 s of our clock', async () => {
    const path = join(tempDir(), 'config.json.lock');
    // Its pid exists here (it is ours), which says nothing about a process on another host.
    leaveLock(path, { host: 'another-host.example', pid: process.pid }, 3600_000);
    const clock = fakeClock();
    const waiting = track(acquireLock(path, { now: clock.now }));
    await clock.looked();
    clock.advance(29_000);
    await clock.looked();
    expect(waiting.settled()).toBe(false);
    expect(noteOf(path).host).toBe('another-host.example');
    clock.advance(1_000);
    const lock = await waiting.result;
    lock.assertHeld();
    expect(noteOf(path).host).toBe(hostname());
  });

  it('a lock from another host whose stamp keeps moving is not taken over: its stillness counts from the last move', async () => {
    const path = join(tempDir(), 'config.json.lock');
    leaveLock(path, { host: 'another-host.example', pid: 4242 });
    const clock = fakeClock();
    const waiting = track(acquireLock(path, { now: clock.now }));
    await clock.looked();
    clock.advance(20_000);
    // The other host refreshes its lock, as a living holder does every 2 s.
    const touched = new Date(Date.now() + 5_000);
    utimesSync(path, touched, touched);
    await clock.looked();
    clock.advance(25_000);
    await clock.looked();
    expect(waiting.settled()).toBe(false);
    clock.advance(5_000);
    const lock = await waiting.result;
    expect(noteOf(path).pid).toBe(process.pid);
    lock.release();
  });

  it('a lock with no note (a run killed right after making it) is taken over after a short grace, not at once', async () => {
    const path = join(tempDir(), 'config.json.lock');
    leaveLock(path, null);
    const clock = fakeClock();
    const waiting = track(acquireLock(path, { now: clock.now }));
    await clock.looked();
    clock.advance(2_000);
    await clock.looked();
    expect(waiting.settled()).toBe(false);
    clock.advance(1_000);
    await waiting.result;
    expect(noteOf(path).pid).toBe(process.pid);
  });

  it('a lock folder stamped in the future does not block for ever: stillness is measured by our clock, not its stamp', async () => {
    const path = join(tempDir(), 'config.json.lock');
    for (const holder of [null, { host: 'another-host.example', pid: 1 }]) {
      leaveLock(path, holder, -365 * 24 * 3600_000);
      const clock = fakeClock();
      const waiting = track(acquireLock(path, { now: clock.now }));
      await clock.looked();
      clock.advance(31_000);
      const lock = await waiting.result;
      expect(noteOf(path).pid).toBe(process.pid);
      lock.release();
    }
  });

  it('a regular file at the lock path: a clear LockError naming the path, and the file is left alone', async () => {
    const path = join(tempDir(), 'config.json.lock');
    writeFileSync(path, 'my notes');
    const attempt = acquireLock(path);
    await expect(attempt).rejects.toThrow(LockError);
    await expect(attempt).rejects.toMatchObject({ reason: 'broken', lockPath: path, message: `the lock ${path} is a file, not a folder k8s-study made; move it aside` });
    expect(readFileSync(path, 'utf8')).toBe('my notes');
  });

  it('through a command: a file at the lock path is exit 1 naming it, and the store is left as it was', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary']);
    const path = join(configDir, 'config.json.lock');
    writeFileSync(path, 'my notes');
    const before = readFileSync(join(configDir, 'config.json'));
    const result = await cli(['note', '1', '--summary', 'x'], { configDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: store ${join(configDir, 'config.json')} cannot be changed: the lock ${path} is a file, not a folder k8s-study made; move it aside\n`);
    expect(readFileSync(join(configDir, 'config.json')).equals(before)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('my notes');
  });

  it('a lock in a folder that does not exist: an io LockError with the system code', async () => {
    const path = join(tempDir(), 'missing', 'config.json.lock');
    await expect(acquireLock(path)).rejects.toMatchObject({ reason: 'io', code: 'ENOENT', lockPath: path });
  });
});

describe('holding the lock', () => {
  it('a holder that waits (a prompt, a child process) touches its lock every 2 s, so runs on other hosts see it alive', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const lock = await acquireLock(path);
    held.push(lock);
    const long = new Date(Date.now() - 60_000);
    utimesSync(path, long, long);
    // Nothing happens while the holder keeps the event loop busy; 2 s into a wait, the stamp moves.
    await sleep(2500);
    expect(statSync(path).mtimeMs).toBeGreaterThan(Date.now() - 10_000);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('so does a holder in a process of its own that waits on a child process, with no timer of its own running', async () => {
    // In a process of its own: this one's event loop is never quiet (the test runner talks to it).
    const lockModule = await bundleOf('src/io/lock.ts');
    const path = join(tempDir(), 'config.json.lock');
    const script = `
      const { acquireLock } = require(${JSON.stringify(lockModule)});
      const { spawn } = require('node:child_process');
      const { statSync, utimesSync } = require('node:fs');
      acquireLock(${JSON.stringify(path)}).then((lock) => {
        const long = new Date(Date.now() - 60000);
        utimesSync(${JSON.stringify(path)}, long, long);
        // As sync waits on git: only the child's end wakes the event loop.
        spawn('sleep', ['2.5'], { stdio: 'ignore' }).on('exit', () => {
          console.log(Date.now() - statSync(${JSON.stringify(path)}).mtimeMs < 10000 ? 'touched' : 'still');
          lock.release();
        });
      });`;
    const child = await runNodeScript(script);
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('touched');
    expect(existsSync(path)).toBe(false);
  });

  it('assertHeld throws once another run has taken the lock over; release then leaves the new holder alone', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const first = await acquireLock(path);
    first.assertHeld();
    // Another run judged it left behind and took it (as it would a holder it thought gone).
    rmSync(path, { recursive: true });
    const second = await acquireLock(path);
    held.push(second);
    expect(() => first.assertHeld()).toThrow(LockError);
    try {
      first.assertHeld();
    } catch (error) {
      expect(error).toMatchObject({ reason: 'lost', lockPath: path });
      expect((error as Error).message).toBe(`the store's lock ${path} was taken over by another run while this one held it`);
    }
    first.release();
    expect(existsSync(path)).toBe(true);
    second.assertHeld();
  });

  it('a change whose lock was taken over while it worked commits nothing, and says to run it again', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'before']);
    const path = join(configDir, 'config.json.lock');
    const before = snapshot(configDir);
    let thief: HeldLock | undefined;
    const change = new Store(configDir).update(PLAN_ID, { title: 'Kubernetes Security Fundamentals', file: null, at: '2026-12-01T11:00:00+00:00' }, async (tx) => {
      tx.describe('note', 'rewrote the summary');
      tx.setSession('shared-responsibility', { ...tx.session('shared-responsibility')!, summary: 'after' });
      // Another run judged this one gone and took the lock.
      rmSync(path, { recursive: true });
      thief = await acquireLock(path);
    });
    await expect(change).rejects.toThrow(
      `store ${join(configDir, 'config.json')} was not changed: the store's lock ${path} was taken over by another run while this one held it. Run it again.`,
    );
    // The new holder's lock is left to it; everything else is as it was.
    expect(noteOf(path).token).not.toBe('');
    thief!.assertHeld();
    thief!.release();
    expectSameFiles(configDir, before, 'after the lost lock');
  });

  it('assertHeld throws when the note was replaced in place (same folder, another token)', async () => {
    const path = join(tempDir(), 'config.json.lock');
    const lock = await acquireLock(path);
    held.push(lock);
    writeFileSync(join(path, 'owner.json'), JSON.stringify({ ...noteOf(path), token: 'someone-else' }));
    expect(() => lock.assertHeld()).toThrow(/was taken over by another run/);
  });

  it('runs in this process that want the lock at once take it one after the other', async () => {
    const path = join(tempDir(), 'config.json.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const lock = await acquireLock(path);
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        lock.assertHeld();
        inside -= 1;
        lock.release();
      }),
    );
    expect(most).toBe(1);
    expect(existsSync(path)).toBe(false);
  });
});
