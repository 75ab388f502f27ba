import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewItemRecord } from '../../src/core/progress.ts';
import { StudyError } from '../../src/errors.ts';
import { progressOf, readStore, reviewDigestOf, STORE_FORMAT, updateStore } from '../../src/io/store.ts';
import { resealed, tempDir } from '../helpers.ts';

const log = [
  { item: 'session:a', at: '2026-11-20T19:00:00+00:00', rating: 'good' as const },
  { item: 'term:etcd', at: '2026-11-21T19:00:00+00:00', rating: 'again' as const },
  // Earlier in absolute time than the entry before, though not as text: offsets differ.
  { item: 'term:etcd', at: '2026-11-21T19:30:00+05:00', rating: 'good' as const },
];
const card = {
  due: '2026-12-04',
  stability: 3.2,
  difficulty: 5.1,
  elapsed_days: 1,
  scheduled_days: 3,
  learning_steps: 0,
  reps: 2,
  lapses: 0,
  state: 2,
  last_review: '2026-11-21',
};
const items: Record<string, ReviewItemRecord> = {
  'session:a': { source: 'a', createdAt: '2026-11-19T18:00:00+00:00', due: '2026-11-20', card: null },
  'term:etcd': { source: 'a', createdAt: '2026-11-19T18:00:00+00:00', due: '2026-12-04', card },
};

async function storeWithHistory(): Promise<string> {
  const directory = tempDir();
  await updateStore(directory, (data) => {
    const progress = progressOf(data, 'plan-a');
    progress.sessions.a = { completedAt: '2026-11-19T18:00:00+00:00', summary: 'mine' };
    progress.reviewItems = structuredClone(items);
    progress.reviewLog.push(...log);
    progress.lab = '2026-12-10';
    progressOf(data, 'plan-b').reviewLog.push(log[0]!);
  });
  return directory;
}

const storeFile = (directory: string): string => join(directory, 'config.json');

describe('the store file: plans as in memory, after a read index', () => {
  it('keeps each plan whole under "plans", last, and indexes it just before', async () => {
    const directory = await storeWithHistory();
    const file = JSON.parse(readFileSync(storeFile(directory), 'utf8'));
    expect(Object.keys(file)).toEqual(['__internal__', 'readIndex', 'plans']);
    expect(file.__internal__.migrations.version).toBe(`${STORE_FORMAT}.0.0`);
    expect(file.plans['plan-a']).toMatchObject({ reviewItems: items, reviewLog: log, lab: '2026-12-10' });
    expect(file.plans['plan-a'].sessions.a.summary).toBe('mine');
    expect(file.readIndex.progress['plan-a']).toEqual({ sessions: file.plans['plan-a'].sessions, lab: '2026-12-10', startDate: null });
    expect(file.readIndex.schedule['plan-a']).toEqual(['session:a', '2026-11-20', null, 'term:etcd', '2026-12-04', card.last_review]);
    expect(file.readIndex.firstReviews['plan-a']).toEqual({ oldest: ['session:a', log[0]!.at, 'term:etcd', log[2]!.at], all: true });
    expect(file.readIndex.firstReviews['plan-b']).toEqual({ oldest: ['session:a', log[0]!.at], all: true });
    // A new store has nothing to back up.
    expect(readdirSync(directory)).toEqual(['config.json']);
  });

  it('reads everything back, for reading and for the next change', async () => {
    const directory = await storeWithHistory();
    const read = progressOf(readStore(directory), 'plan-a');
    expect(read.sessions.a?.summary).toBe('mine');
    expect(read.reviewItems).toEqual(items);
    expect(read.reviewLog).toEqual(log);
    expect(progressOf(readStore(directory), 'plan-b').reviewLog).toEqual([log[0]]);
    expect(progressOf(readStore(directory), 'plan-c').reviewLog).toEqual([]);
    await updateStore(directory, (data) => {
      const progress = progressOf(data, 'plan-a');
      expect(progress.reviewLog).toEqual(log);
      progress.reviewLog.push(log[1]!);
    });
    expect(progressOf(readStore(directory), 'plan-a').reviewLog).toHaveLength(log.length + 1);
  });

  it('tells due days and when reviewing began from the index without reading items or log, as they would', async () => {
    const directory = await storeWithHistory();
    const data = readStore(directory);
    const all = (): boolean => true;
    expect(reviewDigestOf(data, 'plan-a', all)).toEqual({
      items: {
        'session:a': { due: '2026-11-20', card: null },
        'term:etcd': { due: '2026-12-04', card: { last_review: card.last_review } },
      },
      firstReviews: [{ item: 'session:a', at: log[0]!.at }],
    });
    // The oldest first review among the items that count (instants compared as times, not text).
    expect(reviewDigestOf(data, 'plan-a', (id) => id !== 'session:a').firstReviews).toEqual([{ item: 'term:etcd', at: log[2]!.at }]);
    expect(reviewDigestOf(data, 'plan-a', () => false).firstReviews).toEqual([]);
    expect(reviewDigestOf(data, 'plan-c', all)).toEqual({ items: {}, firstReviews: [] });
    // Once items or log are read (and perhaps changed), they are the answer.
    const progress = progressOf(data, 'plan-a');
    progress.reviewItems['term:etcd']!.due = '2026-12-24';
    progress.reviewLog.push({ item: 'keypoint:iam', at: '2026-11-01T08:00:00+00:00', rating: 'easy' });
    expect(reviewDigestOf(data, 'plan-a', all).items['term:etcd']?.due).toBe('2026-12-24');
    expect(reviewDigestOf(data, 'plan-a', all).firstReviews).toHaveLength(4);
  });

  it('reads the plans only when items or logs are asked for', async () => {
    const directory = await storeWithHistory();
    const file = storeFile(directory);
    // Damage the plans without changing their size and reseal the checksum, so the index still matches.
    const text = readFileSync(file, 'utf8');
    const damaged = resealed(text.replace('"rating": "again"', '"rating": again!!'));
    expect(damaged.length).toBe(text.length);
    writeFileSync(file, damaged);
    // Unsealed, the same damage is found at once: the whole file is read.
    writeFileSync(file, text.replace('"rating": "again"', '"rating": again!!'));
    expect(() => readStore(directory)).toThrow(/is not valid JSON/);
    writeFileSync(file, damaged);
    const progress = progressOf(readStore(directory), 'plan-a');
    expect(progress.sessions.a?.summary).toBe('mine');
    expect(() => progress.reviewLog).toThrow(StudyError);
    expect(() => progress.reviewLog).toThrow(/config\.json is not valid JSON \(in its plans/);
    const replaced = progressOf(readStore(directory), 'plan-a');
    replaced.reviewLog = [];
    expect(replaced.reviewLog).toEqual([]);
  });

  it('does not trust the index once the plans were edited by hand', async () => {
    const directory = await storeWithHistory();
    const file = storeFile(directory);
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.plans['plan-a'].sessions.a.summary = 'mine, edited by hand';
    writeFileSync(file, JSON.stringify(edited, null, '\t'));
    expect(progressOf(readStore(directory), 'plan-a').sessions.a?.summary).toBe('mine, edited by hand');
    writeFileSync(file, JSON.stringify(edited, null, 2));
    expect(progressOf(readStore(directory), 'plan-a').reviewLog).toEqual(log);
  });

  it('reads a large store only as far as it needs, the same', async () => {
    const directory = tempDir();
    const longLog = Array.from({ length: 15_000 }, (_, n) => ({ item: `term:t-${n}`, at: '2026-11-21T19:00:00+00:00', rating: 'good' as const }));
    await updateStore(directory, (data) => {
      const progress = progressOf(data, 'plan-a');
      progress.sessions.a = { summary: 'ünïcødé summary' };
      progress.reviewItems = structuredClone(items);
      progress.reviewLog = longLog;
    });
    const file = storeFile(directory);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024);
    const progress = progressOf(readStore(directory), 'plan-a');
    expect(progress.sessions.a?.summary).toBe('ünïcødé summary');
    expect(reviewDigestOf(readStore(directory), 'plan-a', () => true).items['term:etcd']?.due).toBe('2026-12-04');
    // The index keeps the first reviews of the items reviewed earliest; when none of those counts any
    // more, the log itself is the answer.
    expect(JSON.parse(text).readIndex.firstReviews['plan-a'].all).toBe(false);
    expect(reviewDigestOf(readStore(directory), 'plan-a', () => true).firstReviews).toEqual([{ item: 'term:t-0', at: longLog[0]!.at }]);
    expect(reviewDigestOf(readStore(directory), 'plan-a', (id) => id === 'term:t-14999').firstReviews).toHaveLength(longLog.length);
    expect(progress.reviewItems).toEqual(items);
    expect(progress.reviewLog).toEqual(longLog);
    // Damage the last log entry (in the plans, the same size, resealed, so the index still matches).
    const last = text.lastIndexOf('"rating": "good"');
    writeFileSync(file, resealed(`${text.slice(0, last)}"rating": good!!${text.slice(last + '"rating": "good"'.length)}`));
    expect(progressOf(readStore(directory), 'plan-a').sessions.a?.summary).toBe('ünïcødé summary');
    expect(() => progressOf(readStore(directory), 'plan-a').reviewLog).toThrow(/not valid JSON \(in its plans/);
    writeFileSync(file, text.slice(0, -10));
    expect(() => readStore(directory)).toThrow(/is not valid JSON/);
  });

  it('reads a file edited by hand in full, even when the edit keeps its size, and the plans win over the index', async () => {
    const directory = await storeWithHistory();
    const file = storeFile(directory);
    const text = readFileSync(file, 'utf8');
    const plans = text.indexOf('\n\t"plans": ');
    // In the plans: a same-size edit of a summary is seen at once.
    writeFileSync(file, text.slice(0, plans) + text.slice(plans).replace('"summary": "mine"', '"summary": "MINE"'));
    expect(progressOf(readStore(directory), 'plan-a').sessions.a?.summary).toBe('MINE');
    // In the index's copy: never shown, since the plans hold the record.
    writeFileSync(file, text.slice(0, plans).replace('"summary": "mine"', '"summary": "MINE"') + text.slice(plans));
    expect(progressOf(readStore(directory), 'plan-a').sessions.a?.summary).toBe('mine');
  });

  it('refuses a file cut short at once', async () => {
    const directory = await storeWithHistory();
    const file = storeFile(directory);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 40));
    expect(() => readStore(directory)).toThrow(/is not valid JSON/);
  });

  it('reads a format 1 store, and adds the index on the next change, keeping a copy of the old file', async () => {
    const directory = tempDir();
    const file = storeFile(directory);
    const old = {
      plans: { 'plan-a': { sessions: {}, reviewItems: items, reviewLog: log, lab: null, startDate: null } },
      __internal__: { migrations: { version: '1.0.0' } },
    };
    writeFileSync(file, JSON.stringify(old, null, '\t'));
    expect(progressOf(readStore(directory), 'plan-a').reviewLog).toEqual(log);
    await updateStore(directory, (data) => {
      progressOf(data, 'plan-a').lab = '2026-12-24';
    });
    expect(JSON.parse(readFileSync(`${file}.format-1.bak`, 'utf8'))).toEqual(old);
    const now = JSON.parse(readFileSync(file, 'utf8'));
    expect(now.plans['plan-a']).toEqual({ ...old.plans['plan-a'], lab: '2026-12-24' });
    expect(now.readIndex.schedule['plan-a']).toHaveLength(6);
    expect(now.readIndex.firstReviews['plan-a'].oldest).toHaveLength(4);
    expect(existsSync(`${file}.format-2.bak`)).toBe(false);
  });
});
