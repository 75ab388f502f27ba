import { randomBytes } from './random.ts';
import { closeSync, constants, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeAll } from './files.ts';

// The store's inter-process lock: a folder made with mkdir (atomic on every file system, local or
// shared), holding a note of who holds it (host, process id, a random token).
//
// Why not proper-lockfile: it decides that a lock is left behind when its time stamp is older than a
// fixed age, so a holder that is alive but busy (a 60 MB import parsing for 20 s) or stopped (Ctrl-Z)
// loses its lock to the next run and both write; and the signal handlers it installs hold Ctrl-C
// back until the event loop is free. Here a lock is taken over only when its holder is gone: on the
// same host, when its process no longer exists; from another host (a shared disk), when its time
// stamp has not moved for STALE_MS of our own waiting, whatever the clocks say. And a holder checks,
// before each step that commits, that the lock is still its own.

/** How often a holder touches its lock folder, so that runs on other hosts see it is alive. */
const REFRESH_MS = 2000;
/** A lock from another host whose time stamp stays still this long (by our clock) is left behind. */
const STALE_MS = 30_000;
/** How long a lock may stay without its owner note before it counts as left behind (a run killed right after mkdir). */
const UNNAMED_GRACE_MS = 3000;
/** After this long behind the same living holder, a waiting run gives up and says who holds it. */
const SAME_HOLDER_MAX_WAIT_MS = 60_000;
/** When a waiting run first says that it is waiting. */
const SAY_WAITING_AFTER_MS = 2000;

const OWNER_FILE = 'owner.json';

/** Who holds a lock, as its note says. */
export interface LockHolder {
  host: string;
  pid: number;
  token: string;
  since: string;
}

/** Why a lock could not be taken or kept; `lockPath` is the folder to name in the message. */
export class LockError extends Error {
  constructor(
    readonly reason: 'busy' | 'broken' | 'lost' | 'io',
    message: string,
    readonly lockPath: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface HeldLock {
  readonly path: string;
  /** Throws LockError('lost') when the lock is no longer this run's (taken over, removed). */
  assertHeld(): void;
  /** Gives the lock up (only if it is still this run's). */
  release(): void;
}

export interface LockOptions {
  /** Called once when the wait gets long, with who holds the lock. */
  onWaiting?: (holder: LockHolder | null) => void;
  /** For tests: the clock used to measure waiting. */
  now?: () => number;
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    const note = JSON.parse(readFileSync(join(lockPath, OWNER_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof note.host === 'string' && typeof note.pid === 'number' && typeof note.token === 'string') {
      return { host: note.host, pid: note.pid, token: note.token, since: String(note.since ?? '') };
    }
  } catch {
    // Not written yet, or not ours: treated as unnamed.
  }
  return null;
}

/** Whether a process with this id exists on this host. */
function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock at `lockPath` (a folder path), waiting while another run holds it. Resolves once
 * held; rejects with LockError when the path cannot be a lock (a file is there), the disk refuses,
 * or the same living holder keeps it longer than a minute.
 */
export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<HeldLock> {
  const now = options.now ?? Date.now;
  const me: LockHolder = { host: hostname(), pid: process.pid, token: randomBytes(9).toString('base64url'), since: new Date().toISOString() };
  const started = now();
  let said = false;
  // What we saw of the lock, and since when by our own clock: a time stamp that stays still means
  // the holder is not refreshing it; the same holder for a long time means it is stuck.
  let seenStamp = '';
  let stillSince = 0;
  let seenHolder = '';
  let holderSince = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      mkdirSync(lockPath, { mode: 0o700 });
      return hold(lockPath, me);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new LockError('io', `cannot create the lock ${lockPath}`, lockPath, code);
    }
    let stat;
    try {
      stat = statSync(lockPath);
    } catch {
      continue; // Released between our mkdir and stat: try again at once.
    }
    if (!stat.isDirectory()) {
      throw new LockError('broken', `the lock ${lockPath} is a file, not a folder k8s-study made; move it aside`, lockPath);
    }
    const holder = readHolder(lockPath);
    const identity = `${stat.ino}:${holder?.token ?? ''}`;
    const stamp = `${identity}:${stat.mtimeMs}`;
    const at = now();
    if (stamp !== seenStamp) [seenStamp, stillSince] = [stamp, at];
    if (identity !== seenHolder) [seenHolder, holderSince] = [identity, at];
    let leftBehind: boolean;
    if (holder && holder.host === me.host) leftBehind = !processExists(holder.pid);
    else if (holder) leftBehind = at - stillSince >= STALE_MS;
    else leftBehind = at - stillSince >= UNNAMED_GRACE_MS;
    if (leftBehind) {
      breakLock(lockPath, holder);
      seenStamp = '';
      continue;
    }
    if (holder && at - holderSince >= SAME_HOLDER_MAX_WAIT_MS) {
      throw new LockError(
        'busy',
        `another k8s-study (process ${holder.pid} on ${holder.host}) has held the store's lock for over a minute; if it is stuck, end it, then run this again`,
        lockPath,
      );
    }
    if (!said && now() - started >= SAY_WAITING_AFTER_MS) {
      said = true;
      options.onWaiting?.(holder);
    }
    // Back off a little more each time, with jitter, so that many waiting runs do not move in step.
    await pause(Math.min(100, 5 * 1.4 ** Math.min(attempt, 12)) * (0.5 + Math.random()));
  }
}

/** Removes a lock left behind, if it is still the one that was judged left behind. */
function breakLock(lockPath: string, judged: LockHolder | null): void {
  const current = readHolder(lockPath);
  if ((current?.token ?? null) !== (judged?.token ?? null)) return; // Someone else moved first.
  try {
    rmSync(lockPath, { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Gone already (another waiter removed it first): the next attempt sees what is there now.
    if (code === 'ENOENT') return;
    throw new LockError('broken', `the lock ${lockPath} was left behind by a run that ended, and cannot be removed`, lockPath, code);
  }
}

/** Removes a lock folder: its owner file, then the folder (anything else in it too, should there be more). */
function removeLockFolder(lockPath: string): void {
  try {
    unlinkSync(join(lockPath, OWNER_FILE));
    rmdirSync(lockPath);
  } catch {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

function hold(lockPath: string, me: LockHolder): HeldLock {
  let inode: number;
  try {
    const fd = openSync(join(lockPath, OWNER_FILE), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      // Not synced to disk: a lock only matters while its holder lives. One whose owner file a power
      // loss emptied reads as unnamed, and is taken over after a short grace.
      writeAll(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    inode = statSync(lockPath).ino;
  } catch (error) {
    rmSync(lockPath, { recursive: true, force: true });
    throw new LockError('io', `cannot write the lock ${lockPath}`, lockPath, (error as NodeJS.ErrnoException).code);
  }
  let released = false;
  // Touching the folder tells runs on other hosts that this holder is alive; never keeps Node running.
  // Only a holder that gives the event loop a turn (a prompt, a child process) can need it, so the
  // timer starts then: a change that only reads and writes files gives the lock up before.
  let refresh: NodeJS.Timeout | undefined;
  const startRefreshing = setImmediate(() => {
    refresh = setInterval(() => {
      try {
        const when = new Date();
        utimesSync(lockPath, when, when);
      } catch {
        // Gone: assertHeld will say so before anything is committed.
      }
    }, REFRESH_MS);
    refresh.unref();
  });
  // Not unref'd: an unref'd immediate waits for the next I/O event, and a holder waiting on a
  // prompt or a child process may see none for longer than a lock stays fresh.
  const isHeld = (): boolean => {
    try {
      return statSync(lockPath).ino === inode && readHolder(lockPath)?.token === me.token;
    } catch {
      return false;
    }
  };
  return {
    path: lockPath,
    assertHeld() {
      if (released || !isHeld()) {
        throw new LockError('lost', `the store's lock ${lockPath} was taken over by another run while this one held it`, lockPath);
      }
    },
    release() {
      if (released) return;
      released = true;
      clearImmediate(startRefreshing);
      clearInterval(refresh);
      if (isHeld()) removeLockFolder(lockPath);
    },
  };
}
