import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_ID, readStoreOnDisk } from '../helpers.ts';
import { FIXTURE_1, FIXTURE_2, json, ok, seedStore, shippedPlanData, storeSnapshot } from './support.ts';

// Stores written by earlier builds: tests/fixtures/store-format-2.json (ticks on sessions 1 (lines
// 1 and 3), 2 (line 2) and 3 (lines 1 and 2); summaries on 1, 2 and 4; five reviews, two of them
// identical; a lab and a start date) and tests/fixtures/store-format-1.json. Every command reads
// them as they are; the first change upgrades the store to format 3, keeping a copy of the old file
// beside it, and loses nothing.

interface LegacyCard extends Record<string, unknown> {
  due: string;
}
interface LegacyPlan {
  sessions: Record<string, { checked?: number[]; completedAt?: string; minutesSpent?: number; summary?: string }>;
  reviewItems: Record<string, { source: string; createdAt: string; due: string; card: LegacyCard | null }>;
  reviewLog: { item: string; at: string; rating: string }[];
  lab: string | null;
  startDate: string | null;
}
interface Backup {
  progress: {
    sessions: Record<string, { completedAt: string | null; minutesSpent: number | null; summary: string | null; ticks: string[]; legacyTicks?: number[] }>;
    reviewItems: Record<string, { source: string; createdAt: string; due: string; card: Record<string, unknown> | null }>;
    reviewLog: { id: string; item: string; at: string; rating: string }[];
    lab: string | null;
    startDate: string | null;
  };
}
interface SessionJson {
  id: string;
  status: string;
  checklist: { number: number; done: boolean }[];
  completedAt: string | null;
  minutesSpent: number | null;
  summary: string | null;
}

const SESSION_IDS = shippedPlanData().sessions.map((session) => session.id);
const FOCUS = new Map(shippedPlanData().sessions.map((session) => [session.id, session.focus]));
const legacyPlan = (file: string): LegacyPlan => (JSON.parse(readFileSync(file, 'utf8')) as { plans: Record<string, LegacyPlan> }).plans[PLAN_ID]!;

/** What every reading command shows of a store: one JSON document each. */
async function views(configDir: string): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  for (const args of [['list'], ['due', '--upcoming', '30'], ['status'], ['next'], ['lab'], ['schedule'], ...SESSION_IDS.map((id) => ['show', id])]) {
    seen[args.join(' ')] = await json(args, { configDir });
  }
  return seen;
}

/** Checks that the store holds everything the legacy fixture held, through export and show. */
async function expectEverythingOf(fixture: string, configDir: string): Promise<void> {
  const legacy = legacyPlan(fixture);
  const backup = JSON.parse(await ok(['export', '--format', 'json'], { configDir })) as Backup;
  for (const [id, record] of Object.entries(legacy.sessions)) {
    const kept = backup.progress.sessions[id];
    expect(kept, id).toMatchObject({ completedAt: record.completedAt ?? null, minutesSpent: record.minutesSpent ?? null, summary: record.summary ?? null });
    // A tick by position became a tick on that line's text.
    const lines = (record.checked ?? []).map((number) => FOCUS.get(id)?.[number - 1]);
    expect([...(kept?.ticks ?? []), ...(kept?.legacyTicks ?? []).map((number) => FOCUS.get(id)?.[number - 1])].sort(), id).toEqual([...lines].sort());
    const shown = await json<SessionJson>(['show', id], { configDir });
    expect(shown.checklist.filter((item) => item.done).map((item) => item.number), id).toEqual(record.checked ?? []);
    expect(shown, id).toMatchObject({ completedAt: record.completedAt ?? null, minutesSpent: record.minutesSpent ?? null, summary: record.summary ?? null });
    expect(shown.status, id).toBe(record.completedAt ? 'done' : (record.checked ?? []).length > 0 ? 'in-progress' : 'todo');
  }
  expect(Object.keys(backup.progress.reviewItems).sort()).toEqual(Object.keys(legacy.reviewItems).sort());
  for (const [id, item] of Object.entries(legacy.reviewItems)) {
    const kept = backup.progress.reviewItems[id];
    expect(kept, id).toMatchObject({ source: item.source, createdAt: item.createdAt, due: item.due });
    if (item.card === null) expect(kept?.card, id).toBeNull();
    else {
      const { due: _due, ...card } = item.card;
      expect(kept?.card, id).toEqual(card);
    }
  }
  expect(backup.progress.reviewLog.map(({ item, at, rating }) => ({ item, at, rating }))).toEqual(legacy.reviewLog);
  expect(new Set(backup.progress.reviewLog.map((entry) => entry.id)).size).toBe(legacy.reviewLog.length);
  expect(backup.progress.lab).toBe(legacy.lab);
  expect(backup.progress.startDate).toBe(legacy.startDate);
}

describe.each([
  ['store-format-2.json', FIXTURE_2, 2],
  ['store-format-1.json', FIXTURE_1, 1],
] as const)('a store written by an earlier build (%s)', (_name, fixture, format) => {
  const fixtureText = readFileSync(fixture, 'utf8');

  it('is read in full before any write, and reading writes nothing', async () => {
    const configDir = seedStore(fixture);
    await views(configDir);
    await expectEverythingOf(fixture, configDir);
    await ok(['next'], { configDir });
    await ok(['status'], { configDir });
    expect(storeSnapshot(configDir)).toEqual({ 'config.json': readFileSync(fixture, 'latin1') });
  });

  it(`is upgraded by the first write, after a byte-identical copy config.json.format-${format}.bak, losing nothing`, async () => {
    const configDir = seedStore(fixture);
    const before = await views(configDir);
    await ok(['note', '5', '--summary', 'written after the upgrade'], { configDir });
    const file = join(configDir, 'config.json');
    expect(readFileSync(`${file}.format-${format}.bak`, 'utf8')).toBe(fixtureText);
    const root = readStoreOnDisk(configDir).root as { __internal__: { migrations: { version: string } } };
    expect(root.__internal__.migrations.version).toBe('3.0.0');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readStoreOnDisk(configDir).sessions['review-lab-preparation']?.summary).toBe('written after the upgrade');

    await expectEverythingOf(fixture, configDir);
    const after = await views(configDir);
    // Every view is as it was, but for the one summary written.
    const listed = (after.list as { sessions: { id: string; summary: string | null }[] }).sessions.find((session) => session.id === 'review-lab-preparation');
    const shown = after['show review-lab-preparation'] as { summary: string | null };
    expect([listed?.summary, shown.summary]).toEqual(['written after the upgrade', 'written after the upgrade']);
    listed!.summary = null;
    shown.summary = null;
    expect(after).toEqual(before);

    // The next write upgrades nothing and leaves the copy alone.
    writeFileSync(`${file}.format-${format}.bak`, 'the copy, marked');
    await ok(['check', '5', '1'], { configDir });
    expect(readFileSync(`${file}.format-${format}.bak`, 'utf8')).toBe('the copy, marked');
    await expectEverythingOf(fixture, configDir);
  });

  it('keeps every logged review through the upgrade, identical ones as two', async () => {
    const configDir = seedStore(fixture);
    await ok(['lab', '2026-12-20'], { configDir });
    const legacy = legacyPlan(fixture);
    const reviews = readStoreOnDisk(configDir).events.filter((event) => (event as { kind?: string }).kind === 'review') as unknown as { id: string; item: string; at: string; rating: string }[];
    expect(reviews.map(({ item, at, rating }) => ({ item, at, rating }))).toEqual(legacy.reviewLog);
    expect(new Set(reviews.map((review) => review.id)).size).toBe(reviews.length);
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir })).reviews.done).toBe(legacy.reviewLog.length);
  });
});

describe('the format-2 fixture in particular', () => {
  it('holds what its description says', async () => {
    const configDir = seedStore(FIXTURE_2);
    await ok(['check', '5', '1'], { configDir });
    const list = await json<{ sessions: SessionJson[] }>(['list'], { configDir });
    expect(list.sessions.map((session) => session.checklist.filter((item) => item.done).map((item) => item.number))).toEqual([[1, 3], [2], [1, 2], [], [1]]);
    expect(list.sessions.map((session) => session.summary)).toEqual([
      'AWS runs the control plane; I own RBAC, images, nodes',
      'Control plane: API server, etcd, scheduler, controller manager',
      null,
      'GuardDuty and Detective for threats',
      null,
    ]);
    expect(list.sessions.map((session) => session.minutesSpent)).toEqual([55, 70, null, null, null]);
    const backup = JSON.parse(await ok(['export', '--format', 'json'], { configDir })) as Backup;
    expect(backup.progress.reviewLog.filter((entry) => entry.item === 'term:etcd' && entry.at === '2026-11-21T09:00:00+00:00')).toHaveLength(2);
    expect(backup.progress).toMatchObject({ lab: '2026-12-11', startDate: '2026-11-20' });
    expect(await json(['lab'], { configDir })).toMatchObject({ date: '2026-12-11' });
    expect(await json(['schedule'], { configDir })).toMatchObject({ start: '2026-11-20', startFrom: 'stored' });
  });
});
