import { dirname, join } from 'node:path';
import type { ActionKind, JournalEvent } from '../core/events.ts';
import { isInstant, RATINGS, type Rating } from '../core/records.ts';
import { makeFolders, readRegularFile, writeFileAtomic } from './files.ts';

// A cache of the review history: the journal's review answers, and the imports and undos that decide
// which of them count, in a compact form, up to a committed length of the journal. Reading the
// history of a large store (50,000 answers in a journal of 12 MB, where one import line can hold
// megabytes of records) means parsing every line; with this cache a read parses only the lines
// added since, after checking that the bytes the cache was made from are still the journal's first
// bytes (their CRC-32). A cache that does not fit, or holds anything an event may not, is ignored:
// the journal is read as without it. Only the history's readers use it; `next` and `due` never do.

/** The kinds of event the review history is made of (the rest of the journal is other records' changes). */
export const HISTORY_KINDS: readonly string[] = ['review', 'import', 'undo'];

const FORMAT = 1;
/** Below this, the journal is read whole every time: a cache would save less than it costs to keep. */
export const DEFAULT_CACHED_JOURNAL_BYTES = 1024 * 1024;
/** A read that had to parse more than this beyond the cache makes it anew. */
const REFRESH_BYTES = 256 * 1024;
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

export interface HistoryCacheOptions {
  /** The folder the cache lives in (the tool's cache folder). */
  directory: string;
  /** Journals shorter than this are read whole (default DEFAULT_CACHED_JOURNAL_BYTES). */
  minimumBytes?: number;
}

/** What a cache file holds: the history of the journal's first `bytes` bytes, whose CRC-32 is `crc`. */
export interface HistoryCache {
  bytes: number;
  crc: number;
  events: JournalEvent[];
}

/** A review answer: [0, id, at, plan, item, rating, practice, dueBefore, origin]; plan and item index the tables. */
type ReviewRow = [0, string, string, number, number, number, 0 | 1, string | null, string | null];
/** An import or undo: [1, id, at, plan, kind, undoes, resets, origin]; its record changes are not kept. */
type ActionRow = [1, string, string, number, string, string | null, 0 | 1, string | null];

/** The cache file in a cache folder (each store has its own cache folder). */
export function historyCacheFile(options: HistoryCacheOptions): string {
  return join(options.directory, 'review-history.json');
}

/** An event as the history keeps it: review answers whole, imports and undos without their record changes. */
export function historyEvent(event: JournalEvent): JournalEvent {
  if (event.kind === 'review') return event;
  const kept: JournalEvent = { id: event.id, at: event.at, plan: event.plan, kind: event.kind, changes: [] };
  if (event.undoes !== undefined) kept.undoes = event.undoes;
  if (event.resets) kept.resets = true;
  if (event.origin !== undefined) kept.origin = event.origin;
  return kept;
}

/** The cache in `file`, or null when there is none or it is not one this version wrote and can use. */
export function readHistoryCache(file: string): HistoryCache | null {
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file, MAX_CACHE_BYTES).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const cache = data as Record<string, unknown>;
  if (cache.format !== FORMAT) return null;
  if (!Number.isSafeInteger(cache.bytes) || (cache.bytes as number) < 0 || !Number.isInteger(cache.crc)) return null;
  const plans = cache.plans;
  const items = cache.items;
  const rows = cache.events;
  if (!isTextList(plans) || !isTextList(items) || !Array.isArray(rows)) return null;
  const events: JournalEvent[] = [];
  for (const row of rows) {
    // Checked as a journal line is (decode checks what eventProblem does): a cache is input like any other.
    const event = decode(row, plans, items);
    if (event === null) return null;
    events.push(event);
  }
  return { bytes: cache.bytes as number, crc: cache.crc as number, events };
}

/** Keeps the cache (best effort: without it, the next read parses the journal). */
export function writeHistoryCache(file: string, cache: HistoryCache): void {
  const plans: string[] = [];
  const items: string[] = [];
  const planIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const indexOf = (table: string[], index: Map<string, number>, text: string): number => {
    let at = index.get(text);
    if (at === undefined) {
      at = table.push(text) - 1;
      index.set(text, at);
    }
    return at;
  };
  const rows = cache.events.map((event): ReviewRow | ActionRow => {
    const plan = indexOf(plans, planIndex, event.plan);
    if (event.kind === 'review') {
      return [0, event.id, event.at, plan, indexOf(items, itemIndex, event.item), RATINGS.indexOf(event.rating), event.practice ? 1 : 0, event.dueBefore ?? null, event.origin ?? null];
    }
    return [1, event.id, event.at, plan, event.kind, event.undoes ?? null, event.resets ? 1 : 0, event.origin ?? null];
  });
  try {
    makeFolders(dirname(file));
    writeFileAtomic(file, JSON.stringify({ format: FORMAT, bytes: cache.bytes, crc: cache.crc, plans, items, events: rows }), 0o600, { sync: false });
  } catch {
    // A cache folder that cannot be written only costs the next read its time.
  }
}

/** Whether a new cache is worth writing after a read that parsed `parsed` bytes beyond the old one. */
export function worthRefreshing(parsed: number, hadCache: boolean): boolean {
  return !hadCache || parsed > REFRESH_BYTES;
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

const isOptionalText = (value: unknown): value is string | null => value === null || typeof value === 'string';

function decode(row: unknown, plans: readonly string[], items: readonly string[]): JournalEvent | null {
  if (!Array.isArray(row) || typeof row[1] !== 'string' || row[1] === '' || !isInstant(row[2])) return null;
  const plan = plans[row[3] as number];
  if (plan === undefined || !Number.isInteger(row[3])) return null;
  if (row[0] === 0 && row.length === 9) {
    const item = items[row[4] as number];
    const rating = RATINGS[row[5] as number] as Rating | undefined;
    if (item === undefined || !Number.isInteger(row[4]) || rating === undefined || !Number.isInteger(row[5])) return null;
    if ((row[6] !== 0 && row[6] !== 1) || !isOptionalText(row[7]) || !isOptionalText(row[8])) return null;
    const event: JournalEvent = { id: row[1], at: row[2], plan, kind: 'review', item, rating };
    if (row[6] === 1) event.practice = true;
    if (row[7] !== null) event.dueBefore = row[7];
    if (row[8] !== null) event.origin = row[8];
    return event;
  }
  if (row[0] === 1 && row.length === 8) {
    if (typeof row[4] !== 'string' || !HISTORY_KINDS.includes(row[4]) || row[4] === 'review') return null;
    if (!isOptionalText(row[5]) || (row[6] !== 0 && row[6] !== 1) || !isOptionalText(row[7])) return null;
    const event: JournalEvent = { id: row[1], at: row[2], plan, kind: row[4] as ActionKind, changes: [] };
    if (row[5] !== null) event.undoes = row[5];
    if (row[6] === 1) event.resets = true;
    if (row[7] !== null) event.origin = row[7];
    return event;
  }
  return null;
}
