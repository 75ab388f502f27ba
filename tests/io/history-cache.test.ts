import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/core/events.ts';
import { historyCacheFile, markJournalChecked, readHistoryCache, writeHistoryCache } from '../../src/io/history-cache.ts';
import { Store } from '../../src/io/store.ts';
import { changedJustNow, cli, PLAN_ID, STAMP_AT_ONCE, tempDir } from '../helpers.ts';

// The review history of a large journal is read through a cache (src/io/history-cache.ts): only the
// lines added since it was made are parsed, once the journal's first bytes are found unchanged. What
// a reader sees must be exactly what reading the whole journal gives, whatever happened in between.

/** A store with session 1 done and some answers on its items, on several days. */
async function reviewedStore(): Promise<string> {
  const { configDir, status, stderr } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40']);
  expect(status, stderr).toBe(0);
  for (const [day, item, rating] of [
    ['02', 'term:etcd', 'good'],
    ['02', 'term:etcd', 'good'],
    ['03', 'term:kube-scheduler', 'again'],
    ['04', 'term:etcd', 'hard'],
  ] as const) {
    const review = await cli(['review', item, '--rating', rating], { configDir, now: `2026-12-${day}T09:00` });
    expect(review.status, review.stderr).toBe(0);
  }
  return configDir;
}

/** The store read with the cache in `cacheDir` (used for any journal length), and read without one. */
function histories(configDir: string, cacheDir: string) {
  const cached = new Store(configDir, { historyCache: { directory: cacheDir, minimumBytes: 0 } });
  const whole = new Store(configDir);
  return {
    cached: cached.readHistory(PLAN_ID, { reviewsOnly: true, keepUndone: true }),
    counted: cached.countedReviews(PLAN_ID),
    whole: whole.readHistory(PLAN_ID, { reviewsOnly: true, keepUndone: true }),
    wholeCounted: whole.countedReviews(PLAN_ID),
  };
}

describe('the review history cache', () => {
  it('gives the history the whole journal gives, after each kind of change, and is made on the first read', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    const first = histories(configDir, cacheDir);
    expect(first.cached).toEqual(first.whole);
    expect(first.cached).toHaveLength(4);
    expect(existsSync(cacheFile)).toBe(true);
    const changes: string[][] = [
      ['review', 'term:etcd', '--rating', 'easy'],
      ['undo'],
      ['review', 'term:kube-scheduler', '--rating', 'good', '--practice'],
      ['check', '2', '1'],
      ['done', '2', '--summary', 'gaps', '--minutes', '30'],
    ];
    for (const change of changes) {
      const result = await cli(change, { configDir, now: '2026-12-05T09:00' });
      expect(result.status, `${change.join(' ')}: ${result.stderr}`).toBe(0);
      const read = histories(configDir, cacheDir);
      expect(read.cached, change.join(' ')).toEqual(read.whole);
      expect(read.counted, change.join(' ')).toEqual(read.wholeCounted);
    }
    // The undone answer is kept with keepUndone and left out of what counts.
    const last = histories(configDir, cacheDir);
    expect(last.cached.map((event) => (event.kind === 'review' ? event.rating : event.kind))).toEqual(['good', 'good', 'again', 'hard', 'easy', 'good']);
    expect(last.counted.map((event) => event.rating)).toEqual(['good', 'good', 'again', 'hard']);
  });

  it('gives a merge the answers\' ids the whole history gives, from the cache\'s ids and the lines after it, a restore setting those before it aside', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    const backupFile = join(tempDir(), 'backup.json');
    expect((await cli(['export', '--format', 'json', '-o', backupFile], { configDir })).status).toBe(0);
    const ids = () => {
      // A store of its own: one that read the whole history already answers from it.
      const fromCache = new Store(configDir, { historyCache: { directory: cacheDir, minimumBytes: 0 } }).reviewIds(PLAN_ID);
      const whole = new Store(configDir).readHistory(PLAN_ID, { reviewsOnly: true, keepUndone: true }).map((event) => event.id);
      expect(fromCache).toEqual(whole);
      return fromCache;
    };
    expect(ids()).toHaveLength(4);
    expect(existsSync(cacheFile)).toBe(true);
    const steps: [string[], number][] = [
      [['review', 'term:etcd', '--rating', 'easy'], 5],
      // Undone answers stay: their ids are still the store's.
      [['undo'], 5],
      [['import', '--replace', backupFile], 4],
      [['review', 'term:kube-scheduler', '--rating', 'good'], 5],
    ];
    for (const [change, count] of steps) {
      const result = await cli(change, { configDir, now: '2026-12-05T09:00' });
      expect(result.status, `${change.join(' ')}: ${result.stderr}`).toBe(0);
      // From the cache made before the change, with the change after it...
      expect(ids(), change.join(' ')).toHaveLength(count);
      // ...and from a cache made since, the change in it.
      rmSync(cacheFile);
      new Store(configDir, { historyCache: { directory: cacheDir, minimumBytes: 0 } }).readHistory(PLAN_ID, { reviewsOnly: true });
      expect(ids(), change.join(' ')).toHaveLength(count);
    }
  });

  it('takes the answers up to the cached length from the cache, and parses only the lines after it', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    histories(configDir, cacheDir);
    // A cache with the first answer's rating changed (still a valid cache): what it says is what is read...
    const cache = readHistoryCache(cacheFile)!;
    const firstReview = cache.events.findIndex((event) => event.kind === 'review');
    cache.events[firstReview] = { ...cache.events[firstReview]!, rating: 'easy' } as JournalEvent;
    writeHistoryCache(cacheFile, cache);
    expect(histories(configDir, cacheDir).cached.map((event) => event.kind === 'review' && event.rating)).toEqual(['easy', 'good', 'again', 'hard']);
    // ...and an answer given since comes from the journal, after them.
    expect((await cli(['review', 'term:etcd', '--rating', 'again'], { configDir, now: '2026-12-05T09:00' })).status).toBe(0);
    expect(histories(configDir, cacheDir).cached.map((event) => event.kind === 'review' && event.rating)).toEqual(['easy', 'good', 'again', 'hard', 'again']);
  });

  it('reads a journal edited by hand before the cached length again, not from the cache', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    histories(configDir, cacheDir);
    const journalFile = join(configDir, 'journal.jsonl');
    const journal = readFileSync(journalFile, 'utf8');
    // Same length, other rating: only the bytes tell.
    writeFileSync(journalFile, journal.replace('"rating":"hard"', '"rating":"easy"'));
    const read = histories(configDir, cacheDir);
    expect(read.cached.map((event) => event.kind === 'review' && event.rating)).toEqual(['good', 'good', 'again', 'easy']);
    expect(read.cached).toEqual(read.whole);
  });

  it('finds a damaged line in the journal as a read without the cache does', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    histories(configDir, cacheDir);
    const journalFile = join(configDir, 'journal.jsonl');
    writeFileSync(journalFile, readFileSync(journalFile, 'utf8').replace('"rating":"hard"', '"rating":"meh!"'));
    const store = new Store(configDir, { historyCache: { directory: cacheDir, minimumBytes: 0 } });
    expect(() => store.readHistory(PLAN_ID, { reviewsOnly: true })).toThrow(/has an event k8s-study cannot use at byte \d+ \(rating: is not again, hard, good or easy\)/);
  });

  it('ignores a cache whose bytes are not the ones it was written with, or that was made from another journal', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    histories(configDir, cacheDir);
    const good = readFileSync(cacheFile, 'latin1');
    const cache = readHistoryCache(cacheFile)!;
    expect(cache.events.filter((event) => event.kind === 'review')).toHaveLength(4);
    // Made from other bytes (another journal): its CRC-32 is not this journal's.
    writeHistoryCache(cacheFile, { ...cache, crc: (cache.crc + 1) % 2 ** 32, events: [] });
    const otherJournal = readFileSync(cacheFile, 'latin1');
    const rating = good.indexOf('"rating":"') + '"rating":"'.length;
    const tampered = [
      // One rating changed, one instant changed, one id emptied: the CRC-32 of the bytes no longer matches.
      `${good.slice(0, rating)}${good[rating] === '3' ? '2' : '3'}${good.slice(rating + 1)}`,
      good.replace('T09:00:00', 'T09:00:01'),
      good.replace(cache.events[0]!.id, ''),
      good.slice(0, -10),
      `${good}\n`,
      good.replace(/^k8s-study review history \| \d+/, 'k8s-study review history | 1'),
      otherJournal,
      'not a cache at all',
      '',
    ];
    for (const text of tampered) {
      writeFileSync(cacheFile, text, 'latin1');
      expect(readHistoryCache(cacheFile) === null || text === otherJournal).toBe(true);
      const read = histories(configDir, cacheDir);
      expect(read.cached).toEqual(read.whole);
      expect(read.cached).toHaveLength(4);
    }
  });

  it('keeps any text an event may hold, and several plans, exactly as the journal has them', () => {
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    const events: JournalEvent[] = [
      { id: 'plain-id', at: '2026-12-01T09:00:00+01:00', plan: 'first', kind: 'review', item: 'term:etcd', rating: 'good', dueBefore: '2026-12-01' },
      { id: '"quoted" id', at: '2026-12-01T09:00:00Z', plan: 'zweiter Plan ü', kind: 'review', item: 'term:ü\n2', rating: 'again', practice: true, origin: 'machine\u2028x' },
      { id: 'id with 🔐 and \\ and \u0000', at: '2026-12-01T09:01:00.500-05:30', plan: 'first', kind: 'import', changes: [], resets: true, origin: 'other' },
      { id: 'undo-1', at: '2026-12-01T09:02:00+00:00', plan: 'first', kind: 'undo', changes: [], undoes: 'plain-id' },
      { id: 'last', at: '2026-12-01T09:03:00+00:00', plan: 'first', kind: 'review', item: 'keypoint:k-1', rating: 'easy' },
    ];
    // An origin that is not text (the journal's check lets it through): no cache is written.
    writeHistoryCache(cacheFile, { bytes: 1, crc: 1, events: [{ ...events[0]!, origin: 5 as unknown as string }] });
    expect(existsSync(cacheFile)).toBe(false);
    // The first builds' cache, one JSON document, goes when the new one is written.
    writeFileSync(join(cacheDir, 'review-history.json'), '{"format":1}');
    writeHistoryCache(cacheFile, { bytes: 1234, crc: 99, events });
    expect(readdirSync(cacheDir)).toEqual(['review-history']);
    // Written in ASCII only, a line per text.
    expect(/^[\n\x20-\x7e]*$/.test(readFileSync(cacheFile, 'latin1'))).toBe(true);
    expect(readHistoryCache(cacheFile)).toEqual({ bytes: 1234, crc: 99, events });
    // Ids and instants of one width each, no origins: each list on one line, end to end.
    const alike: JournalEvent[] = Array.from({ length: 50 }, (_, index) => ({
      id: `id-${String(index).padStart(4, '0')}`,
      at: `2026-12-01T09:${String(index).padStart(2, '0')}:00+01:00`,
      plan: 'first',
      kind: 'review',
      item: `term:t${index % 7}`,
      rating: 'good',
      dueBefore: `2026-12-0${1 + (index % 9)}`,
    }));
    writeHistoryCache(cacheFile, { bytes: 10, crc: 1, events: alike });
    // The first line, the columns, the ids' line, the instants' line, and the end.
    expect(readFileSync(cacheFile, 'latin1').split('\n')).toHaveLength(5);
    expect(readHistoryCache(cacheFile)).toEqual({ bytes: 10, crc: 1, events: alike });
    // One origin among them: the origins a line each; one id of another width: the ids too.
    const mixed = alike.map((event, index) => (index === 3 ? { ...event, origin: 'laptop' } : index === 4 ? { ...event, id: 'x' } : event));
    writeHistoryCache(cacheFile, { bytes: 10, crc: 1, events: mixed });
    // The first line, the columns, 50 ids, the instants' one line, 50 origins, and the end.
    expect(readFileSync(cacheFile, 'latin1').split('\n')).toHaveLength(2 + 50 + 1 + 50 + 1);
    expect(readHistoryCache(cacheFile)).toEqual({ bytes: 10, crc: 1, events: mixed });
  });

  it('reads the journal\'s first bytes once while it keeps its identity, and again after any change', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    // The identity kept only for a journal that did not change just now (STAMP_AT_ONCE: at once).
    const settled = (): Store => new Store(configDir, { historyCache: { directory: cacheDir, minimumBytes: 0, settledMs: STAMP_AT_ONCE } });
    settled().readHistory(PLAN_ID, { reviewsOnly: true });
    expect(existsSync(`${cacheFile}.checked`)).toBe(true);
    // A cache made from other bytes, with a stamp that says the journal as it is begins with them:
    // the stamp is taken at its word, so the journal is not read against the cache.
    const cache = readHistoryCache(cacheFile)!;
    const other = { ...cache, crc: (cache.crc + 1) % 2 ** 32, events: cache.events.slice(1) };
    writeHistoryCache(cacheFile, other);
    markJournalChecked(cacheFile, statSync(join(configDir, 'journal.jsonl')), Date.now(), other, STAMP_AT_ONCE);
    expect(settled().readHistory(PLAN_ID, { reviewsOnly: true, keepUndone: true })).toHaveLength(3);
    // Once the journal changes (an answer, here), its first bytes are read again: the cache is not theirs.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await cli(['review', 'term:etcd', '--rating', 'again'], { configDir, now: '2026-12-05T09:00' })).status).toBe(0);
    const read = histories(configDir, cacheDir);
    expect(read.cached).toEqual(read.whole);
    expect(read.cached).toHaveLength(5);
    // Without settledMs, a journal that changed just now is not stamped: its bytes are read each time.
    rmSync(`${cacheFile}.checked`);
    changedJustNow(join(configDir, 'journal.jsonl'));
    histories(configDir, cacheDir);
    expect(existsSync(`${cacheFile}.checked`)).toBe(false);
  });

  it('reads a journal that is shorter than the cached length, or new, whole', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    histories(configDir, cacheDir);
    // Another store in the same folder: a new journal, fewer answers.
    for (const entry of readdirSync(configDir)) if (entry !== 'cache') rmSync(join(configDir, entry), { recursive: true, force: true });
    const again = await cli(['done', '1', '--summary', 'afresh', '--minutes', '20'], { configDir });
    expect(again.status, again.stderr).toBe(0);
    expect((await cli(['review', 'term:etcd', '--rating', 'easy'], { configDir, now: '2026-12-02T09:00' })).status).toBe(0);
    const read = histories(configDir, cacheDir);
    expect(read.cached).toEqual(read.whole);
    expect(read.cached.map((event) => event.kind === 'review' && event.rating)).toEqual(['easy']);
  });

  it('is kept by the commands that read the history of a journal of a megabyte or more, in the cache folder, and they print what they printed without it', async () => {
    const configDir = await reviewedStore();
    // A journal over a megabyte: long summaries, each note one event with the summary before and after.
    for (let index = 0; index < 8; index += 1) {
      const note = await cli(['note', '1', '--summary', '-'], { configDir, input: `${'words '.repeat(16_000)}${index}` });
      expect(note.status, note.stderr).toBe(0);
    }
    expect(readFileSync(join(configDir, 'journal.jsonl')).length).toBeGreaterThan(1024 * 1024);
    const cacheFile = historyCacheFile({ directory: join(configDir, 'cache') });
    const commands = [['status', '--json'], ['export', '--format', 'json'], ['export', '--format', 'md'], ['show', 'term:etcd']];
    const withoutCache: string[] = [];
    for (const args of commands) {
      rmSync(cacheFile, { force: true });
      const result = await cli(args, { configDir, now: '2026-12-06T09:00' });
      expect(result.status, result.stderr).toBe(0);
      expect(existsSync(cacheFile), args.join(' ')).toBe(true);
      withoutCache.push(result.stdout);
    }
    for (const [index, args] of commands.entries()) {
      const result = await cli(args, { configDir, now: '2026-12-06T09:00' });
      expect(result.stdout, args.join(' ')).toBe(withoutCache[index]);
    }
  });
});
