import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '../../src/core/events.ts';
import { emptySession } from '../../src/core/records.ts';
import { Store, STORE_FORMAT, type PlanIdentity } from '../../src/io/store.ts';
import { PLAN_ID, readStoreOnDisk, ROOT, storeFiles, tempDir } from '../helpers.ts';
import { planFolder, readRoot } from './support.ts';

// Stores from before format 3 (tests/fixtures/store-format-1.json and -2.json, written by those
// builds) are read as they are and brought up to format 3 by the first change: a copy of the old
// file first, then the journal (one review event per logged review, identical reviews kept apart),
// the record files, and last the new root. A migration cut short is run again from the start.

const FIXTURE_1 = join(ROOT, 'tests/fixtures/store-format-1.json');
const FIXTURE_2 = join(ROOT, 'tests/fixtures/store-format-2.json');
const AT = '2026-12-03T10:00:00+00:00';

interface LoggedReview {
  item: string;
  at: string;
  rating: string;
}

const reviewLogOf = (fixture: string): LoggedReview[] => (JSON.parse(readFileSync(fixture, 'utf8')) as { plans: Record<string, { reviewLog: LoggedReview[] }> }).plans[PLAN_ID]!.reviewLog;

/** The plan's identity for a change; ticks by position become "line N" of the plan in use. */
const identity: PlanIdentity = {
  title: 'Kubernetes Security Fundamentals',
  file: null,
  at: AT,
  resolveTicks: (_session, positions) => positions.map((position) => `line ${position}`),
};

function seed(fixture: string): string {
  const configDir = tempDir();
  copyFileSync(fixture, join(configDir, 'config.json'));
  return configDir;
}

/** One change through the store: a summary for session 5. */
async function writeNote(configDir: string): Promise<void> {
  await new Store(configDir).update(PLAN_ID, identity, (tx) => {
    tx.describe('note', 'wrote a summary for 5. Review and Lab Preparation');
    tx.setSession('review-lab-prep', { ...emptySession(tx.at), summary: 'ready' });
  });
}

function expectMigrated(configDir: string, fixture: string, format: number): void {
  const file = join(configDir, 'config.json');
  // The old file, byte for byte, beside the new root.
  expect(readFileSync(`${file}.format-${format}.bak`).equals(readFileSync(fixture))).toBe(true);
  const root = JSON.parse(readFileSync(file, 'utf8')) as { __internal__: { migrations: { version: string } } };
  expect(root.__internal__.migrations.version).toBe(`${STORE_FORMAT}.0.0`);
  const log = reviewLogOf(fixture);
  const { events, sessions, uncommittedBytes } = readStoreOnDisk(configDir);
  expect(uncommittedBytes).toBe(0);
  const reviews = events.filter((event): event is ReviewEvent => event.kind === 'review');
  expect(reviews.map(({ item, at, rating }) => ({ item, at, rating }))).toEqual(log);
  expect(new Set(reviews.map((event) => event.id)).size).toBe(log.length);
  expect(events.map((event) => event.kind)).toEqual([...log.map(() => 'review'), 'migrate', 'note']);
  expect(sessions['review-lab-prep']?.summary).toBe('ready');
  // Only the files the root names are left.
  const entry = readRoot(configDir).plans[PLAN_ID]!;
  expect(readdirSync(planFolder(configDir, PLAN_ID)).sort()).toEqual([entry.sessionFiles[0]!, ...entry.itemFiles].sort());
  expect(storeFiles(configDir).filter((name) => !name.startsWith('plans'))).toEqual(['config.json', `config.json.format-${format}.bak`, 'journal.jsonl']);
}

describe('a format 2 store', () => {
  it('is read as it is, without writing anything', () => {
    const configDir = seed(FIXTURE_2);
    const store = new Store(configDir);
    const state = store.readPlan(PLAN_ID);
    expect(state.sessions['shared-responsibility']).toMatchObject({ summary: 'AWS runs the control plane; I own RBAC, images, nodes', minutesSpent: 55, legacyTicks: [1, 3] });
    expect(state.meta).toMatchObject({ lab: '2026-12-11', startDate: '2026-11-20' });
    expect(Object.keys(state.items)).toHaveLength(11);
    expect(store.readEvents({ plan: PLAN_ID }).map((event) => (event as ReviewEvent).item)).toEqual(reviewLogOf(FIXTURE_2).map((entry) => entry.item));
    expect(readdirSync(configDir)).toEqual(['config.json']);
    expect(readFileSync(join(configDir, 'config.json')).equals(readFileSync(FIXTURE_2))).toBe(true);
  });

  it('is brought up to format 3 by the first change: backup first, one review event per logged review, record files, then the root', async () => {
    const configDir = seed(FIXTURE_2);
    const before = new Store(configDir).readPlan(PLAN_ID);
    await writeNote(configDir);
    expectMigrated(configDir, FIXTURE_2, 2);
    const after = readStoreOnDisk(configDir);
    // Two identical reviews at one instant stay two events.
    expect(after.events.filter((event) => event.kind === 'review' && event.item === 'term:etcd')).toHaveLength(2);
    // Every record came through; ticks by position became the lines of the plan in use.
    expect(after.items).toEqual(before.items);
    expect(after.sessions['shared-responsibility']).toMatchObject({ summary: before.sessions['shared-responsibility']!.summary, ticks: ['line 1', 'line 3'] });
    expect(after.sessions['shared-responsibility']).not.toHaveProperty('legacyTicks');
    expect(readRoot(configDir).plans[PLAN_ID]).toMatchObject({ lab: '2026-12-11' });
    expect(new Store(configDir).readPlan(PLAN_ID).meta.startDate).toBe('2026-11-20');
  });

  it('a second change migrates nothing and leaves the backup alone', async () => {
    const configDir = seed(FIXTURE_2);
    await writeNote(configDir);
    const backup = join(configDir, 'config.json.format-2.bak');
    writeFileSync(backup, 'the backup, marked');
    await new Store(configDir).update(PLAN_ID, identity, (tx) => {
      tx.describe('lab', 'lab day');
      tx.setMeta({ ...tx.meta, lab: '2026-12-20' });
    });
    expect(readFileSync(backup, 'utf8')).toBe('the backup, marked');
    expect(readStoreOnDisk(configDir).events.filter((event) => event.kind === 'migrate')).toHaveLength(1);
  });

  it('a migration cut short (part of the journal and record files written, the root still format 2) runs again and succeeds', async () => {
    // What the first attempt had written when it was killed: taken from a complete migration.
    const complete = seed(FIXTURE_2);
    await writeNote(complete);
    const completeJournal = readFileSync(join(complete, 'journal.jsonl'));
    const configDir = seed(FIXTURE_2);
    const folder = planFolder(configDir, PLAN_ID);
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(complete, 'config.json.format-2.bak'), join(configDir, 'config.json.format-2.bak'));
    writeFileSync(join(configDir, 'journal.jsonl'), completeJournal.subarray(0, Math.floor(completeJournal.length / 2)));
    writeFileSync(join(folder, 'sessions-0-1.json'), readFileSync(join(planFolder(complete, PLAN_ID), 'sessions-0-2.json')));
    writeFileSync(join(folder, 'items-0-1.json'), '{"session:shared-responsibility": {"source": "shared-resp');
    writeFileSync(join(folder, 'items-3-1.json'), '{}');
    writeFileSync(join(configDir, 'config.json.tmp-1733220000000'), '{"__internal__": ');
    // Readers still see the format 2 store, as it is.
    expect(new Store(configDir).readPlan(PLAN_ID).sessions['review-lab-prep']).toBeUndefined();
    await writeNote(configDir);
    expectMigrated(configDir, FIXTURE_2, 2);
    expect(existsSync(join(folder, 'items-3-1.json'))).toBe(false);
  });

  it('a backup left by an earlier attempt is never written over', async () => {
    const configDir = seed(FIXTURE_2);
    const backup = join(configDir, 'config.json.format-2.bak');
    writeFileSync(backup, 'the store before any migration');
    await writeNote(configDir);
    expect(readFileSync(backup, 'utf8')).toBe('the store before any migration');
  });
});

describe('a format 1 store', () => {
  it('is brought up to format 3 the same way (it logged no reviews)', async () => {
    const configDir = seed(FIXTURE_1);
    const before = new Store(configDir).readPlan(PLAN_ID);
    await writeNote(configDir);
    expectMigrated(configDir, FIXTURE_1, 1);
    const after = readStoreOnDisk(configDir);
    expect(after.items).toEqual(before.items);
    expect(after.sessions['architecture-cloud-native-gaps']?.ticks).toEqual(['line 1', 'line 2']);
    expect(after.sessions['shared-responsibility']?.summary).toBe(before.sessions['shared-responsibility']?.summary);
  });
});
