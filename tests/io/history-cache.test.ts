import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyCacheFile } from '../../src/io/history-cache.ts';
import { Store } from '../../src/io/store.ts';
import { cli, PLAN_ID, tempDir } from '../helpers.ts';

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

  it('takes the answers up to the cached length from the cache, and parses only the lines after it', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    histories(configDir, cacheDir);
    // A cache with the first answer's rating changed (still a valid cache): what it says is what is read...
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { events: unknown[][] };
    const firstReview = cache.events.findIndex((row) => row[0] === 0);
    cache.events[firstReview]![5] = 3;
    writeFileSync(cacheFile, JSON.stringify(cache));
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

  it('ignores a cache that holds what an event may not, or that was made from another journal', async () => {
    const configDir = await reviewedStore();
    const cacheDir = tempDir();
    const cacheFile = historyCacheFile({ directory: cacheDir });
    histories(configDir, cacheDir);
    const good = JSON.parse(readFileSync(cacheFile, 'utf8')) as { events: unknown[][]; crc: number };
    const tampered = [
      { ...good, events: good.events.map((row) => (row[0] === 0 ? [...row.slice(0, 5), 9, ...row.slice(6)] : row)) },
      { ...good, events: good.events.map((row) => (row[0] === 0 ? [...row.slice(0, 2), 'not an instant', ...row.slice(3)] : row)) },
      { ...good, events: good.events.map((row) => (row[0] === 0 ? [...row.slice(0, 2), '2026-02-30T10:00:00+00:00', ...row.slice(3)] : row)) },
      { ...good, events: good.events.map((row) => (row[0] === 0 ? [row[0], '', ...row.slice(2)] : row)) },
      { ...good, events: [...good.events, ['constructor']] },
      // Made from other bytes (another journal): its CRC-32 is not this journal's.
      { ...good, crc: (good.crc + 1) % 2 ** 32, events: [] },
      'not JSON at all',
    ];
    for (const cache of tampered) {
      writeFileSync(cacheFile, typeof cache === 'string' ? cache : JSON.stringify(cache));
      const read = histories(configDir, cacheDir);
      expect(read.cached).toEqual(read.whole);
      expect(read.cached).toHaveLength(4);
    }
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
