import { crc32 } from 'node:zlib';
import type { PlanProgress, ReviewItemRecord, ReviewLogEntry } from '../core/progress.ts';
import type { DueFacts } from '../core/reviews.ts';

// How the store file is laid out (store format 2): the plans' progress exactly as in memory, last,
// and before it a read index that is rewritten with every change:
//
//   { "__internal__": ...,
//     "readIndex": { "checksum": CRC-32 of the file (with this field zeroed), "plansBytes": N,
//                    "progress": { id: <progress without reviewItems and reviewLog> },
//                    "schedule": { id: [itemId, due, lastReview, ...] },
//                    "firstReviews": { id: { "oldest": [itemId, at, ...], "all": bool } } },
//     "plans": { id: { sessions, reviewItems, reviewLog, lab, startDate } } }
//
// Review items (with their FSRS cards) and the review log grow with every review, and most commands
// never look at them: a command that only reads parses the index, and the plans only when it asks for
// a plan's `reviewItems` or `reviewLog`. `next` works from the index's digest of them: each item's
// due day and last review (what is due, the lab outlook), and the first reviews of the items first
// reviewed earliest (the first day of study, where the schedule starts). The index records how many
// bytes the plans take and a checksum of the whole file: a file edited by hand anywhere (in the plans
// or in the index), or laid out any other way, is read in full, so no edit is shown by some commands
// and ignored by others.

const INDEX_KEY = 'readIndex';

/**
 * How a top-level member starts in the text. JSON never has a raw line break inside a string, so a
 * line break, one tab and the key can only be that key at the top level, as serializeStore writes it.
 */
const memberStart = (key: string): string => `\n\t"${key}": `;

export interface StoreData {
  plans: Record<string, PlanProgress>;
  __internal__?: { migrations?: { version?: string } };
  [key: string]: unknown;
}

type Schedule = (string | null)[];

interface ReadIndex {
  checksum: string;
  plansBytes: number;
  progress: Record<string, Omit<PlanProgress, 'reviewItems' | 'reviewLog'>>;
  schedule: Record<string, Schedule>;
  firstReviews: Record<string, { oldest: string[]; all: boolean }>;
}

/** How many items' first reviews the index keeps: the oldest, enough unless that many left the plan. */
const FIRST_REVIEWS_KEPT = 64;

/** Hex digits of the checksum. */
const CHECKSUM_DIGITS = 8;
/** The checksum field as written before the checksum is known; the checksum is taken over this. */
const CHECKSUM_PLACEHOLDER = `"checksum": "${'0'.repeat(CHECKSUM_DIGITS)}",`;

/**
 * CRC-32 of the file's bytes with the checksum's digits (at `digitsAt`) counted as zeros. It is there
 * to notice edits made by hand or by another program, not to resist forgery, and it is fast: `next`
 * checks it on every run.
 */
function checksumOf(bytes: Uint8Array, digitsAt: number): string {
  let value = crc32(bytes.subarray(0, digitsAt));
  value = crc32('0'.repeat(CHECKSUM_DIGITS), value);
  value = crc32(bytes.subarray(digitsAt + CHECKSUM_DIGITS), value);
  return value.toString(16).padStart(CHECKSUM_DIGITS, '0');
}

/** What commands that only read need to know about a plan's review items and review log. */
export interface ReviewDigest {
  /** Each review item's own due day and last review. */
  items: Record<string, DueFacts>;
  /**
   * The earliest review of an item the caller counts (at most one entry), or the whole log once it
   * has been read: either way, the earliest of them tells when reviewing began.
   */
  firstReviews: readonly Pick<ReviewLogEntry, 'item' | 'at'>[];
}

/**
 * The first review of the items first reviewed earliest, oldest first, flat ([itemId, at, ...]), and
 * whether that is every item in the log.
 */
function firstReviewsIn(log: readonly ReviewLogEntry[]): { oldest: string[]; all: boolean } {
  const first = new Map<string, { at: string; time: number }>();
  for (const entry of log) {
    const time = Date.parse(entry.at);
    const known = first.get(entry.item);
    if (!known || time < known.time) first.set(entry.item, { at: entry.at, time });
  }
  const sorted = [...first].sort(([, a], [, b]) => a.time - b.time);
  return { oldest: sorted.slice(0, FIRST_REVIEWS_KEPT).flatMap(([item, { at }]) => [item, at]), all: sorted.length <= FIRST_REVIEWS_KEPT };
}

/** The store as text: tab-indented JSON (as conf writes), its other members first, then the read index, then the plans. */
export function serializeStore(data: StoreData): string {
  const { plans = {}, [INDEX_KEY]: _index, ...others } = data;
  const index: ReadIndex = { checksum: '0'.repeat(CHECKSUM_DIGITS), plansBytes: 0, progress: {}, schedule: {}, firstReviews: {} };
  for (const [id, progress] of Object.entries(plans)) {
    const { reviewItems, reviewLog, ...rest } = progress;
    index.progress[id] = rest;
    index.schedule[id] = Object.entries(reviewItems ?? {}).flatMap(([itemId, item]) => [itemId, item.due, item.card?.last_review ?? null]);
    index.firstReviews[id] = firstReviewsIn(reviewLog ?? []);
  }
  const text = JSON.stringify({ ...others, [INDEX_KEY]: index, plans }, undefined, '\t');
  // Now that the plans are written, put their size in the index, which comes before them.
  const indexStart = text.indexOf(memberStart(INDEX_KEY));
  const plansFrom = text.indexOf(memberStart('plans'), indexStart) + memberStart('plans').length;
  const plansBytes = Buffer.byteLength(text) - Buffer.byteLength(text.slice(0, plansFrom)) - '\n}'.length;
  const placeholder = text.indexOf('"plansBytes": 0,', indexStart);
  const sized = `${text.slice(0, placeholder)}"plansBytes": ${plansBytes},${text.slice(placeholder + '"plansBytes": 0,'.length)}`;
  const checksumAt = sized.indexOf(CHECKSUM_PLACEHOLDER, indexStart);
  const digitsAt = checksumAt + '"checksum": "'.length;
  const bytes = Buffer.from(sized, 'utf8');
  // The checksum sits in the (ASCII) head of the file, so its string index is its byte offset.
  return `${sized.slice(0, digitsAt)}${checksumOf(bytes, digitsAt)}${sized.slice(digitsAt + CHECKSUM_DIGITS)}`;
}

/** Drops the read index from a store parsed in full: it is rebuilt on every write. */
export function dropIndex(data: StoreData): StoreData {
  delete data[INDEX_KEY];
  return data;
}

/** The last byte before `end` that is not JSON whitespace, or -1. */
function lastSignificantByte(bytes: Uint8Array, end = bytes.length): number {
  let index = end - 1;
  // Space, tab, line feed, carriage return.
  while (index >= 0 && (bytes[index] === 0x20 || bytes[index] === 0x09 || bytes[index] === 0x0a || bytes[index] === 0x0d)) index -= 1;
  return index;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The indexes of stores read through them, for reviewDigestOf. */
const indexes = new WeakMap<StoreData, ReadIndex>();

/** The store file's bytes, read as far as they are needed. */
export interface StoreBytes {
  size: number;
  /** The bytes from `start` to `end`. */
  read(start: number, end: number): Buffer;
}

/** Where `marker` starts, reading ever more of the file from its start; -1 when it is not there. */
function findFromStart(source: StoreBytes, marker: string, from: number): { at: number; prefix: Buffer } {
  for (let length = Math.min(source.size, 256 * 1024); ; length = Math.min(source.size, length * 4)) {
    const prefix = source.read(0, length);
    const at = prefix.indexOf(marker, from);
    if (at >= 0 || length === source.size) return { at, prefix };
  }
}

/**
 * Parses the store file for reading, through the read index: only the bytes up to the plans are read,
 * and the plans are read and parsed when a plan's `reviewItems` or `reviewLog` is first asked for.
 * Null when the file has no index that matches it (another layout, or edited by hand): it is then
 * parsed in full. `damaged` builds the error for plans that turn out not to be valid JSON. (Byte
 * offsets are safe: the markers are ASCII, which never occurs inside a multi-byte UTF-8 character.)
 */
export function parseThroughIndex(source: StoreBytes, damaged: (message: string) => Error): StoreData | null {
  const { at: indexStart } = findFromStart(source, memberStart(INDEX_KEY), 0);
  const { at: plansStart, prefix } = indexStart < 0 ? { at: -1, prefix: Buffer.alloc(0) } : findFromStart(source, memberStart('plans'), indexStart);
  // The file must end with the closing brace of the whole (a file cut short, the likeliest damage, is
  // parsed whole, so it is refused at once), just after the plans' own closing brace.
  const tailFrom = Math.max(0, source.size - 64);
  const tail = source.read(tailFrom, source.size);
  const end = lastSignificantByte(tail);
  if (plansStart < 0 || end < 0 || tail[end] !== 0x7d /* } */) return null;
  const plansFrom = plansStart + Buffer.byteLength(memberStart('plans'));
  const plansTo = tailFrom + lastSignificantByte(tail, end) + 1;
  let data: Record<string, unknown>;
  try {
    // The members before the plans, the index among them: `{ ..., "readIndex": {...} }`.
    let headEnd = lastSignificantByte(prefix, plansStart);
    if (prefix[headEnd] === 0x2c /* , */) headEnd -= 1;
    data = JSON.parse(`${prefix.toString('utf8', 0, headEnd + 1)}\n}`) as Record<string, unknown>;
  } catch {
    return null;
  }
  const index = data[INDEX_KEY] as ReadIndex | undefined;
  if (
    !isRecord(index) ||
    index.plansBytes !== plansTo - plansFrom ||
    !matchesChecksum(source, prefix, index.checksum, indexStart) ||
    !isRecord(index.progress) ||
    !isRecord(index.schedule) ||
    !isRecord(index.firstReviews)
  ) {
    return null;
  }
  delete data[INDEX_KEY];

  let plans: Record<string, Partial<PlanProgress>> | undefined;
  const readPlans = (): Record<string, Partial<PlanProgress>> => {
    if (!plans) {
      try {
        const parsed: unknown = JSON.parse(source.read(plansFrom, plansTo).toString('utf8'));
        plans = isRecord(parsed) ? (parsed as Record<string, Partial<PlanProgress>>) : {};
      } catch (error) {
        throw damaged(`in its plans: ${(error as Error).message}`);
      }
    }
    return plans;
  };
  const store = data as StoreData;
  store.plans = {};
  for (const [id, rest] of Object.entries(index.progress)) {
    if (!isRecord(rest)) continue;
    const progress = { ...rest } as PlanProgress;
    readLater(progress, 'reviewItems', () => readPlans()[id]?.reviewItems ?? {});
    readLater(progress, 'reviewLog', () => readPlans()[id]?.reviewLog ?? []);
    store.plans[id] = progress;
  }
  indexes.set(store, index);
  return store;
}

/** Whether the file is byte for byte what the last write made of it (the index's checksum holds). */
function matchesChecksum(source: StoreBytes, prefix: Buffer, checksum: unknown, indexStart: number): boolean {
  if (typeof checksum !== 'string' || checksum.length !== CHECKSUM_DIGITS || !/^[0-9a-f]+$/.test(checksum)) return false;
  const digitsAt = prefix.indexOf(`"checksum": "${checksum}"`, indexStart);
  if (digitsAt < 0) return false;
  return checksumOf(source.read(0, source.size), digitsAt + '"checksum": "'.length) === checksum;
}

/** Makes `key` of `progress` read on first use; assigning it first replaces it without reading. */
function readLater<K extends 'reviewItems' | 'reviewLog'>(progress: PlanProgress, key: K, read: () => PlanProgress[K]): void {
  const settle = (target: PlanProgress, value: PlanProgress[K]): void => {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: true });
  };
  // `this`, not `progress`: progressOf copies this accessor onto the progress object it returns.
  Object.defineProperty(progress, key, {
    configurable: true,
    enumerable: true,
    get(this: PlanProgress) {
      const value = read();
      settle(this, value);
      return value;
    },
    set(this: PlanProgress, value: PlanProgress[K]) {
      settle(this, value);
    },
  });
}

/** Whether a plan's `key` has been read (and so may have changed since), not just indexed. */
function isRead(progress: PlanProgress | undefined, key: 'reviewItems' | 'reviewLog'): boolean {
  return progress !== undefined && Object.getOwnPropertyDescriptor(progress, key)?.get === undefined;
}

/**
 * The review digest of a plan: from the read index when the store was read through it, else (and for
 * what has been read since, which may have changed) from the items and the log themselves. `counts`
 * says which items' reviews count (those the plan still has); from the index, only the oldest first
 * review of such an item is given.
 */
export function reviewDigestOf(data: StoreData, planId: string, counts: (itemId: string) => boolean): ReviewDigest {
  const progress = Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
  const index = indexes.get(data);
  // Reading progress.reviewItems or .reviewLog parses the plans: look at them only when needed.
  let items: Record<string, DueFacts>;
  const flat: unknown = index && !isRead(progress, 'reviewItems') ? (index.schedule[planId] ?? []) : null;
  if (Array.isArray(flat)) {
    items = {};
    for (let at = 0; at + 2 < flat.length; at += 3) {
      const lastReview = flat[at + 2] ?? null;
      items[String(flat[at])] = { due: String(flat[at + 1]), card: lastReview === null ? null : { last_review: lastReview } };
    }
  } else {
    items = (progress?.reviewItems ?? {}) as Record<string, ReviewItemRecord>;
  }
  let firstReviews: ReviewDigest['firstReviews'] | null = null;
  const kept: unknown = index && !isRead(progress, 'reviewLog') ? (index.firstReviews[planId] ?? { oldest: [], all: true }) : null;
  if (isRecord(kept) && Array.isArray(kept.oldest)) {
    for (let at = 0; at + 1 < kept.oldest.length && firstReviews === null; at += 2) {
      if (counts(String(kept.oldest[at]))) firstReviews = [{ item: String(kept.oldest[at]), at: String(kept.oldest[at + 1]) }];
    }
    if (firstReviews === null && kept.all === true) firstReviews = [];
  }
  // Not indexed, or none of the items kept counts any more: the log itself.
  return { items, firstReviews: firstReviews ?? progress?.reviewLog ?? [] };
}
