import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, PLAN_ID, readStoreOnDisk, tempDir } from '../helpers.ts';
import { expectSameFiles, planFolder, readRoot, snapshot } from './support.ts';

// A store on a file system that cannot be written: read-only, or full. Writers exit 1 with one line
// naming the file, what went wrong and what to do; readers still work; the committed store is
// intact; once the file system can be written again, the next change succeeds.
//
// As root, permission bits do not stop writes, so these tests mount a small tmpfs (remounted
// read-only, or filled up). Where mounting is not allowed (not root, or a container without
// CAP_SYS_ADMIN), a non-root user gets a chmod-ed folder for the read-only case and the full-disk
// cases are skipped, saying why.

const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];

function tryMount(size: string): string | null {
  const point = mkdtempSync(join(tmpdir(), 'k8s-study-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', point], { stdio: 'ignore' });
    mounts.push(point);
    return point;
  } catch {
    rmSync(point, { recursive: true, force: true });
    return null;
  }
}

function unmount(point: string): void {
  execFileSync('umount', ['-l', point], { stdio: 'ignore' });
  mounts.splice(mounts.indexOf(point), 1);
  rmSync(point, { recursive: true, force: true });
}

afterAll(() => {
  for (const point of [...mounts]) unmount(point);
});

const canMount = (() => {
  if (!isRoot) return false;
  const point = tryMount('64k');
  if (!point) return false;
  unmount(point);
  return true;
})();

/** Writes a filler file until the file system is full; returns its path. */
function fillUp(point: string): string {
  const filler = join(point, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(64 * 1024 * 1024));
  } catch {
    // ENOSPC is the point: the filler took what it could.
  }
  return filler;
}

const WRITERS = [['check', '2', '1'], ['done', '3', '--no-summary'], ['note', '1', '--summary', 'new words'], ['review', 'term:etcd', '--rating', 'good'], ['lab', '2026-12-20']];
const READERS = [['next'], ['--json', 'list'], ['status'], ['due'], ['export', '--format', 'json']];

async function seed(configDir: string): Promise<void> {
  expect((await cli(['done', '1', '--summary', 'mine', '--minutes', '40'], { configDir })).status).toBe(0);
}

async function expectWritersRefused(configDir: string, message: RegExp): Promise<void> {
  const before = snapshot(configDir);
  for (const args of WRITERS) {
    const result = await cli(args, { configDir, now: '2026-12-02T10:00' });
    expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
    expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)]);
    expect(result.stderr).toContain(join(configDir, 'config.json'));
    expectSameFiles(configDir, before, args.join(' '));
  }
  for (const args of READERS) {
    const result = await cli(args, { configDir, now: '2026-12-02T10:00' });
    expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
}

describe('a store on a file system that cannot be written', () => {
  it.skipIf(isRoot && !canMount)('read-only: writers exit 1 naming the file, readers still work, nothing changes (as root: needs mount privileges)', async () => {
    const point = canMount ? tryMount('1m') : null;
    const configDir = point ? join(point, 'store') : tempDir();
    try {
      await seed(configDir);
      if (point) execFileSync('mount', ['-o', 'remount,ro', point], { stdio: 'ignore' });
      else chmodSync(configDir, 0o500);
      await expectWritersRefused(configDir, /^error: store .*config\.json cannot be locked: (its file system is read-only \(EROFS\)|permission denied \(EACCES\)); it was left as it is\. .*or set K8S_STUDY_CONFIG_DIR to a folder that can be written\.$/);
      // A store folder still to be made on a read-only file system names the real reason, not ENOENT.
      const nested = join(configDir, 'a', 'b');
      const created = await cli(['done', '1', '--no-summary'], { configDir: nested });
      expect(created.status).toBe(1);
      expect(created.stderr).toMatch(/config\.json cannot be created: (its file system is read-only \(EROFS\)|permission denied \(EACCES\))/);
    } finally {
      if (point) unmount(point);
      else chmodSync(configDir, 0o700);
    }
  });

  it.skipIf(!canMount)('full disk: writers exit 1 naming the file and "free some disk space"; freed, the same change succeeds (needs mount privileges)', async () => {
    const point = tryMount('256k')!;
    try {
      const configDir = join(point, 'store');
      await seed(configDir);
      const filler = fillUp(point);
      await expectWritersRefused(configDir, /^error: store .*config\.json cannot be locked: the disk is full \(ENOSPC\); it was left as it is\. Free some disk space and run it again\.$/);
      // A new store on a full disk: the same one line, and no half-written file.
      const fresh = join(point, 'fresh');
      const result = await cli(['done', '1', '--no-summary'], { configDir: fresh });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: store .*fresh\/config\.json .*the disk is full \(ENOSPC\)/);
      expect(snapshot(fresh).size).toBe(0);
      rmSync(filler);
      const after = await cli(['note', '2', '--summary', 'space again'], { configDir });
      expect(after.status, after.stderr).toBe(0);
      expect(readStoreOnDisk(configDir).sessions['architecture-cloud-native-gaps']?.summary).toBe('space again');
    } finally {
      unmount(point);
    }
  });

  it.skipIf(!canMount)('full disk in the middle of a commit (the lock and the journal line fit, the record file does not): the committed store is intact (needs mount privileges)', async () => {
    const point = tryMount('256k')!;
    try {
      const configDir = join(point, 'store');
      await seed(configDir);
      const committed = readStoreOnDisk(configDir);
      const root = readFileSync(join(configDir, 'config.json'));
      const journal = readFileSync(join(configDir, 'journal.jsonl'));
      const records = snapshot(planFolder(configDir, PLAN_ID));
      // One page free: enough for the lock's note; the journal line fits in the journal's last page.
      const filler = fillUp(point);
      truncateSync(filler, statSync(filler).size - 4096);
      const result = await cli(['note', '2', '--summary', 'lost for now'], { configDir });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: store .*could not be (?:written|changed \(writing plans\/[^)]+\)): the disk is full \(ENOSPC\); it was left as it is\. Free some disk space and run it again\.$/)]);
      // The root is the commit point: it, and the record files it names, are as they were.
      expect(readFileSync(join(configDir, 'config.json')).equals(root)).toBe(true);
      expectSameFiles(planFolder(configDir, PLAN_ID), records, 'record files');
      expect(readFileSync(join(configDir, 'journal.jsonl')).subarray(0, journal.length).equals(journal)).toBe(true);
      expect(readStoreOnDisk(configDir)).toMatchObject({ sessions: committed.sessions, items: committed.items, events: committed.events });
      const list = await cli(['--json', 'show', '2'], { configDir });
      expect(JSON.parse(list.stdout).summary).toBeNull();
      rmSync(filler);
      const after = await cli(['note', '2', '--summary', 'space again'], { configDir });
      expect(after.status, after.stderr).toBe(0);
      const now = readStoreOnDisk(configDir);
      expect(now.uncommittedBytes).toBe(0);
      expect(now.events.map((event) => event.kind)).toEqual([...committed.events.map((event) => event.kind), 'note']);
      expect(now.sessions['architecture-cloud-native-gaps']?.summary).toBe('space again');
      expect(readRoot(configDir).generation).toBe(2);
    } finally {
      unmount(point);
    }
  });
});
