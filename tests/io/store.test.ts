import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/core/events.ts';
import { Store } from '../../src/io/store.ts';
import { cli, PLAN_ID, readStoreOnDisk, storeFiles, tempDir } from '../helpers.ts';
import { planFolder, readRoot, recordFiles, snapshot, writePlan } from './support.ts';

// The store on disk (src/io/store.ts): a small root (config.json) naming the record files of each
// plan, and a journal. A change commits journal → record files → root, so a change of one session or
// one review item writes that record's file, the root and its journal lines, whatever the store's
// size; what a run killed half way leaves is ignored by readers and removed by the next writer.

const ETCD = 'term:etcd';

/** A store with session 1 done on 2026-12-01 and term:etcd reviewed on 2026-12-02. */
async function studiedStore(): Promise<string> {
  const { configDir, status, stderr } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40']);
  expect(status, stderr).toBe(0);
  const review = await cli(['review', ETCD, '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
  expect(review.status, review.stderr).toBe(0);
  return configDir;
}

/** What a change did to a folder: files added, removed and rewritten (relative paths, sorted). */
function changesBetween(before: Map<string, Buffer>, after: Map<string, Buffer>): { added: string[]; removed: string[]; rewritten: string[] } {
  return {
    added: [...after.keys()].filter((name) => !before.has(name)).sort(),
    removed: [...before.keys()].filter((name) => !after.has(name)).sort(),
    rewritten: [...after.keys()].filter((name) => before.has(name) && !before.get(name)!.equals(after.get(name)!)).sort(),
  };
}

const inPlan = (name: string): string => join('plans', PLAN_ID, name);

describe('a change writes what it changed, and only that', () => {
  it('check rewrites the sessions file, no item shard; the journal gains the one check event', async () => {
    const configDir = await studiedStore();
    const before = snapshot(configDir);
    const root = readRoot(configDir).plans[PLAN_ID]!;
    const events = readStoreOnDisk(configDir).events;
    const result = await cli(['check', '2', '1'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    const after = readRoot(configDir).plans[PLAN_ID]!;
    expect(after.itemFiles).toEqual(root.itemFiles);
    expect(after.sessionFiles).not.toEqual(root.sessionFiles);
    expect(changesBetween(before, snapshot(configDir))).toEqual({
      added: [inPlan(after.sessionFiles[0]!)],
      removed: [inPlan(root.sessionFiles[0]!)],
      rewritten: ['config.json', 'journal.jsonl'],
    });
    // The journal only grew: what was there is a prefix of what is there now.
    const journal = readFileSync(join(configDir, 'journal.jsonl'));
    expect(journal.subarray(0, before.get('journal.jsonl')!.length).equals(before.get('journal.jsonl')!)).toBe(true);
    const now = readStoreOnDisk(configDir);
    expect(now.events.slice(0, events.length)).toEqual(events);
    expect(now.events.slice(events.length)).toEqual([
      expect.objectContaining({ kind: 'check', plan: PLAN_ID, changes: [expect.objectContaining({ key: 'session:architecture-cloud-native-gaps', before: null })] }),
    ]);
    expect(now.sessions['architecture-cloud-native-gaps']?.ticks).toEqual(['Examine the Amazon EKS Architecture and the general Kubernetes Architecture.']);
    expect(now.uncommittedBytes).toBe(0);
  });

  it('review --rating rewrites the item shard, not the sessions file; the journal gains the one review event', async () => {
    const configDir = await studiedStore();
    const before = snapshot(configDir);
    const root = readRoot(configDir).plans[PLAN_ID]!;
    const events = readStoreOnDisk(configDir).events;
    const result = await cli(['review', 'session:shared-responsibility', '--rating', 'hard'], { configDir, now: '2026-12-02T10:00' });
    expect(result.status, result.stderr).toBe(0);
    const after = readRoot(configDir).plans[PLAN_ID]!;
    expect(after.sessionFiles).toEqual(root.sessionFiles);
    expect(after.itemFiles).toHaveLength(1);
    expect(changesBetween(before, snapshot(configDir))).toEqual({
      added: [inPlan(after.itemFiles[0]!)],
      removed: [inPlan(root.itemFiles[0]!)],
      rewritten: ['config.json', 'journal.jsonl'],
    });
    const now = readStoreOnDisk(configDir);
    expect(now.events.slice(0, events.length)).toEqual(events);
    expect(now.events.slice(events.length)).toEqual([expect.objectContaining({ kind: 'review', item: 'session:shared-responsibility', rating: 'hard', plan: PLAN_ID })]);
    expect(readRoot(configDir).journal).toEqual({ bytes: readFileSync(join(configDir, 'journal.jsonl')).length, events: events.length + 1 });
  });

  it('a change that would write a record the store cannot read back is refused, and nothing is written', async () => {
    const configDir = await studiedStore();
    const before = snapshot(configDir);
    const change = new Store(configDir).update(PLAN_ID, { title: 'Kubernetes Security Fundamentals', file: null, at: '2026-12-03T10:00:00+00:00' }, (tx) => {
      tx.describe('note', 'an impossible summary');
      const record = tx.session('shared-responsibility')!;
      tx.setSession('shared-responsibility', { ...record, summary: 'x'.repeat(100_001), changedAt: tx.at });
    });
    await expect(change).rejects.toThrow(/was not changed: the change would have written a record it cannot read back \(session:shared-responsibility: summary: is not text\)/);
    expect(changesBetween(before, snapshot(configDir))).toEqual({ added: [], removed: [], rewritten: [] });
  });

  it('a change that changes nothing writes nothing', async () => {
    const configDir = await studiedStore();
    const before = snapshot(configDir);
    const again = await cli(['note', '1', '--summary', 'AWS runs the control plane'], { configDir });
    expect(again.status, again.stderr).toBe(0);
    const done = await cli(['done', '1', '--no-summary'], { configDir });
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/already done/);
    expect(changesBetween(before, snapshot(configDir))).toEqual({ added: [], removed: [], rewritten: [] });
  });

  it("a large plan's review items are spread over several shards, one session's items together; a review rewrites only the shard that holds the item", async () => {
    const planFile = writePlan(tempDir(), { sessions: 48, keyPointsPerSession: 19 });
    const configDir = tempDir();
    for (let session = 1; session <= 48; session += 1) {
      const done = await cli(['--plan', planFile, 'done', `s${session}`, '--no-summary'], { configDir });
      expect(done.status, done.stderr).toBe(0);
    }
    const entry = readRoot(configDir).plans.generated!;
    expect(entry.itemFiles.length).toBeGreaterThanOrEqual(4);
    const items = readStoreOnDisk(configDir, 'generated').items;
    expect(Object.keys(items)).toHaveLength(48 * 20);
    const shardOfSession = new Map<string, number>();
    entry.itemFiles.forEach((name, index) => {
      const shard = JSON.parse(readFileSync(join(planFolder(configDir, 'generated'), name), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(shard).length, name).toBeGreaterThan(0);
      expect(Object.keys(shard).length, name).toBeLessThan(48 * 20);
      // Every item of a session (the session itself, its key points) is in the one shard of that session.
      for (const id of Object.keys(shard)) {
        const owner = id.startsWith('session:') ? id.slice('session:'.length) : `s${id.split('-')[1]}`;
        expect(shardOfSession.get(owner) ?? index, `${id} in ${name}`).toBe(index);
        shardOfSession.set(owner, index);
      }
    });
    const item = 'keypoint:kp-7-3';
    const before = snapshot(configDir);
    const review = await cli(['--plan', planFile, 'review', item, '--rating', 'easy'], { configDir, now: '2026-12-02T10:00' });
    expect(review.status, review.stderr).toBe(0);
    const after = readRoot(configDir).plans.generated!;
    const shard = shardOfSession.get('s7')!;
    expect(after.sessionFiles).toEqual(entry.sessionFiles);
    after.itemFiles.forEach((name, index) => (index === shard ? expect(name).not.toBe(entry.itemFiles[index]) : expect(name).toBe(entry.itemFiles[index])));
    expect(changesBetween(before, snapshot(configDir))).toEqual({
      added: [join('plans', 'generated', after.itemFiles[shard]!)],
      removed: [join('plans', 'generated', entry.itemFiles[shard]!)],
      rewritten: ['config.json', 'journal.jsonl'],
    });
    expect(readStoreOnDisk(configDir, 'generated').items[item]?.card).not.toBeNull();
  });

  it("a large plan's sessions are spread over several files as they grow; a tick rewrites only the file of its session", async () => {
    const planFile = writePlan(tempDir(), { sessions: 140 });
    const configDir = tempDir();
    for (let session = 1; session <= 140; session += 1) {
      const note = await cli(['--plan', planFile, 'note', `s${session}`, '--summary', `notes of ${session}`], { configDir });
      expect(note.status, note.stderr).toBe(0);
      // A few dozen sessions fit one file.
      if (session === 60) expect(readRoot(configDir).plans.generated!.sessionFiles).toHaveLength(1);
    }
    const entry = readRoot(configDir).plans.generated!;
    expect(entry.sessionFiles.length).toBeGreaterThanOrEqual(2);
    expect(recordFiles(configDir, 'generated')).toEqual([...entry.sessionFiles].sort());
    const sessions = readStoreOnDisk(configDir, 'generated').sessions;
    expect(Object.keys(sessions)).toHaveLength(140);
    expect(sessions.s77?.summary).toBe('notes of 77');

    const before = snapshot(configDir);
    const check = await cli(['--plan', planFile, 'check', 's7', '2'], { configDir });
    expect(check.status, check.stderr).toBe(0);
    const after = readRoot(configDir).plans.generated!;
    const changed = after.sessionFiles.flatMap((name, index) => (name === entry.sessionFiles[index] ? [] : [index]));
    expect(changed).toHaveLength(1);
    expect(changesBetween(before, snapshot(configDir))).toEqual({
      added: [join('plans', 'generated', after.sessionFiles[changed[0]!]!)],
      removed: [join('plans', 'generated', entry.sessionFiles[changed[0]!]!)],
      rewritten: ['config.json', 'journal.jsonl'],
    });
    expect(readStoreOnDisk(configDir, 'generated').sessions.s7?.ticks).toEqual(['Write it']);
  });

  it('a change asking whether some session is done finds one in any of the session files, and says no when none is', async () => {
    const configDir = tempDir();
    const identity = { title: 'Generated', file: null, at: '2026-12-01T10:00:00+00:00' };
    const record = (done: boolean) => ({ completedAt: done ? identity.at : null, minutesSpent: null, summary: 'kept', ticks: [], clockedMinutes: 0, changedAt: identity.at });
    await new Store(configDir).update('generated', identity, (tx) => {
      tx.describe('note');
      for (let session = 1; session <= 300; session += 1) tx.setSession(`s${session}`, record(session === 250));
    });
    expect(readRoot(configDir).plans.generated!.sessionFiles.length).toBeGreaterThanOrEqual(4);
    await new Store(configDir).update('generated', identity, (tx) => {
      // One file read already (s1's), the done session in another.
      expect(tx.session('s1')?.completedAt).toBeNull();
      expect(tx.someSession((id, found) => Boolean(found.completedAt) && id !== 's1')).toBe(true);
      expect(tx.someSession((id, found) => Boolean(found.completedAt) && id !== 's250')).toBe(false);
      expect(tx.someSession((id) => id === 's300')).toBe(true);
    });
  });

  it('a shard grown too full is spread over more shards, every item kept', async () => {
    const planFile = writePlan(tempDir(), { sessions: 2, keyPointsPerSession: (index) => (index === 0 ? 100 : 800) });
    const first = await cli(['--plan', planFile, 'done', 's1', '--no-summary']);
    expect(first.status, first.stderr).toBe(0);
    const { configDir } = first;
    const [single] = readRoot(configDir).plans.generated!.itemFiles;
    expect(readRoot(configDir).plans.generated!.itemFiles).toHaveLength(1);
    const second = await cli(['--plan', planFile, 'done', 's2', '--no-summary'], { configDir });
    expect(second.status, second.stderr).toBe(0);
    const entry = readRoot(configDir).plans.generated!;
    expect(entry.itemFiles).toHaveLength(8);
    expect(recordFiles(configDir, 'generated')).toEqual([...entry.sessionFiles, ...entry.itemFiles].sort());
    expect(recordFiles(configDir, 'generated')).not.toContain(single);
    const items = readStoreOnDisk(configDir, 'generated').items;
    expect(Object.keys(items)).toHaveLength(902);
    expect(items['keypoint:kp-1-100']?.source).toBe('s1');
    expect(items['keypoint:kp-2-800']?.source).toBe('s2');
  });
});

/** A review event line as a run killed before its commit would have left it past the committed end. */
const ghostReview = (id: string): string =>
  `${JSON.stringify({ id, at: '2026-12-02T11:00:00+00:00', plan: PLAN_ID, kind: 'review', item: 'session:shared-responsibility', rating: 'easy' })}\n`;

/** Leaves in a store folder what runs killed at every step of a commit leave behind. */
function leaveKilledRuns(configDir: string): void {
  const folder = planFolder(configDir, PLAN_ID);
  // Killed after its journal lines: bytes past the committed end, the last line cut short.
  appendFileSync(join(configDir, 'journal.jsonl'), `${ghostReview('ghost-1')}{"id":"ghost-2","at":"2026-12-02T11:0`);
  // Killed after its record files: files the root does not name, with records it never committed.
  const { generation } = readRoot(configDir);
  const sessions = JSON.parse(readFileSync(join(folder, readRoot(configDir).plans[PLAN_ID]!.sessionFiles[0]!), 'utf8')) as Record<string, { summary: string | null }>;
  sessions['shared-responsibility']!.summary = 'from a run that was killed';
  writeFileSync(join(folder, `sessions-${generation + 1}.json`), JSON.stringify(sessions));
  writeFileSync(join(folder, `items-0-${generation + 1}.json`), '{"term:etcd": {"half written');
  // Killed in the middle of an atomic write: temporary files, of the root and of record files.
  writeFileSync(join(configDir, '.config.json.tmp-3f9a1c'), '{"__internal__": {"migrations": {"version": "3.0.0"}}, "generation": 99');
  writeFileSync(join(folder, `.sessions-${generation + 1}.json.tmp-77aa`), '{"shared-responsibility": ');
  writeFileSync(join(configDir, '.journal.jsonl.tmp-0001'), 'junk');
  // What older builds (conf's writer) left, and folders under such names.
  writeFileSync(join(configDir, 'config.json.tmp-1733000000000'), '{}');
  mkdirSync(join(configDir, 'config.json.tmp-12345', 'inside'), { recursive: true });
  writeFileSync(join(configDir, 'config.json.tmp-12345', 'inside', 'file'), 'x');
  mkdirSync(join(configDir, '.config.json.tmp-x'));
}

describe('what a run killed half way left behind', () => {
  it('is ignored by readers, who see the committed state', async () => {
    const configDir = await studiedStore();
    const committed = await Promise.all([
      cli(['--json', 'show', '1'], { configDir }),
      cli(['--json', 'status'], { configDir, now: '2026-12-02T12:00' }),
      cli(['export', '--format', 'json'], { configDir, now: '2026-12-02T12:00' }),
      cli(['--json', 'due'], { configDir, now: '2026-12-02T12:00' }),
    ]);
    leaveKilledRuns(configDir);
    const left = snapshot(configDir);
    const seen = await Promise.all([
      cli(['--json', 'show', '1'], { configDir }),
      cli(['--json', 'status'], { configDir, now: '2026-12-02T12:00' }),
      cli(['export', '--format', 'json'], { configDir, now: '2026-12-02T12:00' }),
      cli(['--json', 'due'], { configDir, now: '2026-12-02T12:00' }),
    ]);
    seen.forEach((result, index) => {
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(committed[index]!.stdout);
    });
    expect(JSON.parse(seen[0]!.stdout).summary).toBe('AWS runs the control plane');
    expect(JSON.parse(seen[1]!.stdout).reviews.done).toBe(1);
    expect(JSON.parse(seen[2]!.stdout).progress.reviewLog).toHaveLength(1);
    // Reading removed nothing: only a writer, under the lock, tidies.
    expect([...snapshot(configDir).keys()]).toEqual([...left.keys()]);
  });

  it('is removed by the next writer, which succeeds; the committed journal events stay intact', async () => {
    const configDir = await studiedStore();
    const committed = readStoreOnDisk(configDir);
    const journalBefore = readFileSync(join(configDir, 'journal.jsonl'));
    leaveKilledRuns(configDir);
    const result = await cli(['note', '2', '--summary', 'after the crash'], { configDir, now: '2026-12-02T12:00' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const root = readRoot(configDir).plans[PLAN_ID]!;
    expect(storeFiles(configDir)).toEqual(['config.json', 'journal.jsonl', 'plans', join('plans', PLAN_ID), inPlan(root.itemFiles[0]!), inPlan(root.sessionFiles[0]!)].sort());
    const now = readStoreOnDisk(configDir);
    expect(now.uncommittedBytes).toBe(0);
    expect(now.events.slice(0, committed.events.length)).toEqual(committed.events);
    expect(now.events.slice(committed.events.length)).toEqual([expect.objectContaining({ kind: 'note' })]);
    expect(now.events.map((event) => event.id)).not.toContain('ghost-1');
    expect(readFileSync(join(configDir, 'journal.jsonl')).subarray(0, journalBefore.length).equals(journalBefore)).toBe(true);
    expect(now.sessions['shared-responsibility']?.summary).toBe('AWS runs the control plane');
    expect(now.sessions['architecture-cloud-native-gaps']?.summary).toBe('after the crash');
    expect(now.items).toEqual(committed.items);
  });

  it('record files of a plan the root does not know are removed by the next writer', async () => {
    const configDir = await studiedStore();
    mkdirSync(planFolder(configDir, 'other-plan'), { recursive: true });
    writeFileSync(join(planFolder(configDir, 'other-plan'), 'sessions-7.json'), '{}');
    expect((await cli(['check', '1', '2'], { configDir })).status).toBe(0);
    expect(recordFiles(configDir, 'other-plan')).toEqual([]);
  });

  it('a journal shorter than the root records: reads and the next change warn that history may be missing, and the change is kept', async () => {
    const configDir = await studiedStore();
    const file = join(configDir, 'journal.jsonl');
    const first = readFileSync(file, 'utf8').indexOf('\n') + 1;
    truncateSync(file, first);
    // Each command that reads the history says so, once, and still does its work (JSON on stdout whole).
    for (const args of [['--json', 'status'], ['show', 'etcd'], ['export', '--format', 'json']]) {
      const read = await cli(args, { configDir, now: '2026-12-02T12:00' });
      expect(read.status, read.stderr).toBe(0);
      expect(read.stderr.trim().split('\n'), args.join(' ')).toEqual([`warning: ${file} is shorter than the store recorded (${first} of ${readRoot(configDir).journal.bytes} bytes): the review history, backups and undo lack what it lost`]);
    }
    // Gone altogether, the same.
    const kept = readFileSync(file);
    rmSync(file);
    expect((await cli(['--json', 'status'], { configDir, now: '2026-12-02T12:00' })).stderr).toContain(`warning: ${file} is missing or empty`);
    writeFileSync(file, kept);
    const result = await cli(['note', '1', '--summary', 'kept'], { configDir });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`warning: ${file} is shorter than the store recorded`);
    const now = readStoreOnDisk(configDir);
    expect(now.events.map((event: JournalEvent) => event.kind)).toEqual(['done', 'note']);
    expect(now.sessions['shared-responsibility']?.summary).toBe('kept');
  });
});

describe('the journal read in chunks', () => {
  it('keeps characters of several bytes whole where a chunk ends inside one', async () => {
    const configDir = tempDir();
    const MiB = 1024 * 1024;
    // Summaries of three-byte characters, one a little longer each time, until a 1 MiB chunk of
    // the journal ends inside a character (the byte after the boundary continues one).
    const summaries: string[] = [];
    const cutsACharacter = (): boolean => {
      const journal = readFileSync(join(configDir, 'journal.jsonl'));
      for (let boundary = MiB; boundary < journal.length; boundary += MiB) if ((journal[boundary]! & 0xc0) === 0x80) return true;
      return false;
    };
    while (summaries.length < 2 || !cutsACharacter()) {
      const summary = '€'.repeat(90_000 + summaries.length) + String(summaries.length);
      const note = await cli(['note', '1', '--summary', '-'], { configDir, input: summary });
      expect(note.status, note.stderr).toBe(0);
      summaries.push(summary);
      expect(summaries.length, 'no chunk boundary fell inside a character').toBeLessThan(40);
    }
    const events = new Store(configDir).readEvents({ plan: PLAN_ID });
    const written = events.flatMap((event) => (event.kind === 'note' ? [(event.changes[0]!.after as { summary: string }).summary] : []));
    expect(written).toEqual(summaries);
    // undo sets back exactly the summary before.
    const undo = await cli(['undo'], { configDir });
    expect(undo.status, undo.stderr).toBe(0);
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe(summaries.at(-2));
  });
});

describe('the store on disk', () => {
  it('a store folder the tool makes is 0700, every file in it 0600', async () => {
    const configDir = join(tempDir(), 'not', 'there', 'yet');
    const result = await cli(['done', '1', '--no-summary'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    for (const name of storeFiles(configDir)) {
      const mode = statSync(join(configDir, name)).mode & 0o777;
      expect(mode, name).toBe(statSync(join(configDir, name)).isDirectory() ? 0o700 : 0o600);
    }
  });

  it('every journal event has an id of its own', async () => {
    const configDir = await studiedStore();
    for (const args of [['note', '1', '--summary', 'again'], ['check', '1', '1', '2'], ['lab', '2026-12-20']]) expect((await cli(args, { configDir })).status).toBe(0);
    for (let round = 0; round < 3; round += 1) expect((await cli(['review', ETCD, '--rating', 'good'], { configDir, now: '2026-12-02T09:00' })).status).toBe(0);
    const ids = readStoreOnDisk(configDir).events.map((event) => event.id);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a reader whose record files were replaced by a commit after it read the root reads the new root', async () => {
    const configDir = await studiedStore();
    const reader = new Store(configDir);
    expect(reader.readRoot().exists).toBe(true);
    // Another run commits in between: the files the reader's root named are gone.
    expect((await cli(['note', '1', '--summary', 'committed in between'], { configDir })).status).toBe(0);
    expect(reader.readPlan(PLAN_ID).sessions['shared-responsibility']?.summary).toBe('committed in between');
  });

  it('reading never writes: no file is created, changed or removed, and no lock is taken', async () => {
    const configDir = await studiedStore();
    const before = snapshot(configDir);
    for (const args of [['next'], ['list'], ['show', '1'], ['due'], ['status'], ['lab'], ['schedule'], ['export', '--format', 'json']]) {
      expect((await cli(args, { configDir, now: '2026-12-03T10:00' })).status).toBe(0);
    }
    expect(changesBetween(before, snapshot(configDir))).toEqual({ added: [], removed: [], rewritten: [] });
  });
});
