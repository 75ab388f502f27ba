import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RecordStamps } from '../../src/io/record-stamps.ts';
import { Store } from '../../src/io/store.ts';
import { changedJustNow, cli, PLAN_ID, STAMP_AT_ONCE, tempDir } from '../helpers.ts';

// A full read stamps the record files it found good (src/io/record-stamps.ts), by size, times and
// inode; the next full read checks the records only of files whose identity changed. A change by
// hand always changes a file's change time, so it is always checked again. A file that changed in
// the last two seconds is not stamped (a coarse file-system clock could give a second change the
// same times): the tests that need stamps at once open the store with `settledMs: STAMP_AT_ONCE`.

/** A store with session 1 done and an answer on term:etcd: a sessions file and an items file. */
async function studiedStore(): Promise<string> {
  const { configDir, status, stderr } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40']);
  expect(status, stderr).toBe(0);
  const review = await cli(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
  expect(review.status, review.stderr).toBe(0);
  return configDir;
}

const planFolder = (configDir: string): string => join(configDir, 'plans', PLAN_ID);
const stampsFile = (configDir: string): string => join(configDir, 'cache', 'checked-records');
/** The store as the commands open it, but stamping files however recently they changed. */
const stampingStore = (configDir: string, build = 'sources'): Store => new Store(configDir, { recordStamps: { directory: join(configDir, 'cache'), build, settledMs: STAMP_AT_ONCE } });
const stampedNames = (configDir: string): string[] =>
  readFileSync(stampsFile(configDir), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(' ')[1]!.split('/')[1]!)
    .sort();

/** The items file holding term:etcd, and that text with its due day made impossible (same length). */
function etcdFile(configDir: string): { file: string; damaged: string } {
  for (const name of readdirSync(planFolder(configDir))) {
    const file = join(planFolder(configDir), name);
    const text = readFileSync(file, 'utf8');
    const damaged = text.replace(/("term:etcd":\{[^\n]*?"due":"\d{4}-)\d\d/, '$113');
    if (damaged !== text) return { file, damaged };
  }
  throw new Error('no record of term:etcd');
}

describe('the stamps of record files found good', () => {
  it('are kept by a full read for exactly the files the root names, and follow each change', async () => {
    const configDir = await studiedStore();
    stampingStore(configDir).readPlan(PLAN_ID);
    expect(stampedNames(configDir)).toEqual(readdirSync(planFolder(configDir)).sort());
    // A change writes new files under new names: the next full read stamps those, and drops the old.
    expect((await cli(['review', 'term:etcd', '--rating', 'easy'], { configDir, now: '2026-12-03T09:00' })).status).toBe(0);
    stampingStore(configDir).readPlan(PLAN_ID);
    expect(stampedNames(configDir)).toEqual(readdirSync(planFolder(configDir)).sort());
  });

  it('are not made for files that changed just now', async () => {
    const configDir = await studiedStore();
    changedJustNow(...readdirSync(planFolder(configDir)).map((name) => join(planFolder(configDir), name)));
    expect((await cli(['status'], { configDir })).status).toBe(0);
    expect(existsSync(stampsFile(configDir))).toBe(false);
  });

  it('never vouch for a file changed since, even to the same size: its records are checked again', async () => {
    const configDir = await studiedStore();
    stampingStore(configDir).readPlan(PLAN_ID);
    expect(stampedNames(configDir).length).toBeGreaterThan(0);
    const { file, damaged } = etcdFile(configDir);
    expect(damaged.length).toBe(readFileSync(file, 'utf8').length);
    // Past any file-system clock tick: the edit's change time is not the stamped one.
    await sleep(50);
    writeFileSync(file, damaged);
    expect(() => stampingStore(configDir).readPlan(PLAN_ID)).toThrow(/has a record k8s-study cannot use \("term:etcd": due: is not a calendar day\)/);
    const status = await cli(['status'], { configDir });
    expect(status.status).toBe(1);
    expect(status.stderr).toMatch(/has a record k8s-study cannot use \("term:etcd": due: is not a calendar day\)/);
  });

  it('stand for one check: a sessions file found good, then named among the items by a root edited by hand, is checked as items', async () => {
    const configDir = await studiedStore();
    stampingStore(configDir).readPlan(PLAN_ID);
    const rootFile = join(configDir, 'config.json');
    const root = JSON.parse(readFileSync(rootFile, 'utf8')) as { plans: Record<string, { sessionFiles: string[]; itemFiles: string[] }> };
    const plan = root.plans[PLAN_ID]!;
    plan.itemFiles = [...plan.sessionFiles];
    writeFileSync(rootFile, JSON.stringify(root, null, '\t'));
    expect(() => stampingStore(configDir).readPlan(PLAN_ID)).toThrow(/has a record k8s-study cannot use/);
  });

  it('of another build are not used: its checks may have been looser', async () => {
    const configDir = await studiedStore();
    const { file, damaged } = etcdFile(configDir);
    writeFileSync(file, damaged);
    const stamps = new RecordStamps(stampsFile(configDir), 'an-older-build', STAMP_AT_ONCE);
    stamps.markChecked(`${PLAN_ID}/${file.split('/').pop()} items`, statSync(file), Date.now());
    stamps.save(() => true);
    expect(() => stampingStore(configDir, 'this-build').readPlan(PLAN_ID)).toThrow(/due: is not a calendar day/);
  });

  it('are what a read trusts: a file stamped with its identity is not checked again', async () => {
    const configDir = await studiedStore();
    const { file, damaged } = etcdFile(configDir);
    writeFileSync(file, damaged);
    expect(() => stampingStore(configDir).readPlan(PLAN_ID)).toThrow(/due: is not a calendar day/);
    // A stamp for these very bytes (as if a read had found them good) is taken at its word.
    const stamps = new RecordStamps(stampsFile(configDir), 'sources', STAMP_AT_ONCE);
    stamps.markChecked(`${PLAN_ID}/${file.split('/').pop()} items`, statSync(file), Date.now());
    stamps.save(() => true);
    expect(stampingStore(configDir).readPlan(PLAN_ID).items['term:etcd']?.due).toMatch(/^\d{4}-13-/);
  });

  it('compare every part of a file identity, and a stamps file that is not one is ignored', () => {
    const folder = tempDir();
    const file = join(folder, 'records.json');
    writeFileSync(file, '{}');
    const stat = statSync(file);
    const stamps = new RecordStamps(join(folder, 'stamps'), 'build-1', STAMP_AT_ONCE);
    expect(stamps.isChecked('plan/records.json', stat)).toBe(false);
    stamps.markChecked('plan/records.json', stat, Date.now());
    expect(stamps.isChecked('plan/records.json', stat)).toBe(true);
    for (const change of [{ size: stat.size + 1 }, { mtimeMs: stat.mtimeMs + 1 }, { ctimeMs: stat.ctimeMs + 0.001 }, { ino: stat.ino + 1 }]) {
      expect(stamps.isChecked('plan/records.json', { ...stat, ...change } as typeof stat), JSON.stringify(change)).toBe(false);
    }
    stamps.save((key) => key === 'plan/records.json');
    expect(new RecordStamps(join(folder, 'stamps'), 'build-1').isChecked('plan/records.json', stat)).toBe(true);
    // Another build's checks may differ: its stamps are not used.
    expect(new RecordStamps(join(folder, 'stamps'), 'build-2').isChecked('plan/records.json', stat)).toBe(false);
    // With the default wait, a file written just now is not stamped; nor one looked at just after it changed.
    const recent = new RecordStamps(join(folder, 'recent'), 'build-1');
    recent.markChecked('plan/records.json', stat, stat.ctimeMs + 1);
    recent.markChecked('plan/other.json', stat, stat.ctimeMs + 1000);
    expect(recent.isChecked('plan/records.json', stat)).toBe(false);
    expect(recent.isChecked('plan/other.json', stat)).toBe(false);
    for (const text of ['', 'not stamps\n', readFileSync(join(folder, 'stamps'), 'utf8').replace('checked files 2', 'checked files 1')]) {
      writeFileSync(join(folder, 'stamps'), text);
      expect(new RecordStamps(join(folder, 'stamps'), 'build-1').isChecked('plan/records.json', stat), JSON.stringify(text)).toBe(false);
    }
  });
});
