import type { PlanProgress, ReviewItemRecord } from '../core/progress.ts';
import type { DueFacts } from '../core/reviews.ts';

// How the store file is laid out (store format 2): the plans' progress exactly as in memory, last,
// and before it a read index that is rewritten with every change:
//
//   { "__internal__": ...,
//     "readIndex": { "plansBytes": N,
//                    "progress": { id: <progress without reviewItems and reviewLog> },
//                    "schedule": { id: [itemId, due, lastReview, ...] } },
//     "plans": { id: { sessions, reviewItems, reviewLog, lab, startDate } } }
//
// Review items (with their FSRS cards) and the review log grow with every review, and most commands
// never look at them: a command that only reads parses the index, and the plans only when it asks for
// a plan's `reviewItems` or `reviewLog`. `next` tells what is due from the schedule (each item's due
// day and last review). The index records how many bytes the plans take: a file edited by hand (or
// laid out any other way) is read in full.

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
  plansBytes: number;
  progress: Record<string, Omit<PlanProgress, 'reviewItems' | 'reviewLog'>>;
  schedule: Record<string, Schedule>;
}

/** The store as text: tab-indented JSON (as conf writes), its other members first, then the read index, then the plans. */
export function serializeStore(data: StoreData): string {
  const { plans = {}, [INDEX_KEY]: _index, ...others } = data;
  const index: ReadIndex = { plansBytes: 0, progress: {}, schedule: {} };
  for (const [id, progress] of Object.entries(plans)) {
    const { reviewItems, reviewLog: _log, ...rest } = progress;
    index.progress[id] = rest;
    index.schedule[id] = Object.entries(reviewItems ?? {}).flatMap(([itemId, item]) => [itemId, item.due, item.card?.last_review ?? null]);
  }
  const text = JSON.stringify({ ...others, [INDEX_KEY]: index, plans }, undefined, '\t');
  // Now that the plans are written, put their size in the index, which comes before them.
  const indexStart = text.indexOf(memberStart(INDEX_KEY));
  const plansFrom = text.indexOf(memberStart('plans'), indexStart) + memberStart('plans').length;
  const plansBytes = Buffer.byteLength(text) - Buffer.byteLength(text.slice(0, plansFrom)) - '\n}'.length;
  const placeholder = text.indexOf('"plansBytes": 0,', indexStart);
  return `${text.slice(0, placeholder)}"plansBytes": ${plansBytes},${text.slice(placeholder + '"plansBytes": 0,'.length)}`;
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

/** Schedules of stores read through their index, for scheduleOf. */
const schedules = new WeakMap<StoreData, Record<string, Schedule>>();

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
  if (!isRecord(index) || index.plansBytes !== plansTo - plansFrom || !isRecord(index.progress) || !isRecord(index.schedule)) return null;
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
  schedules.set(store, index.schedule);
  return store;
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

/**
 * Each review item's own due day and last review for a plan: from the read index when the store was
 * read through it and its items were not, else from the items themselves.
 */
export function scheduleOf(data: StoreData, planId: string): Record<string, DueFacts> {
  const progress = Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
  const stored = schedules.get(data);
  // Items already read (and perhaps changed since) are the authority.
  const itemsRead = progress !== undefined && Object.getOwnPropertyDescriptor(progress, 'reviewItems')?.get === undefined;
  if (!stored || itemsRead) return (progress?.reviewItems ?? {}) as Record<string, ReviewItemRecord>;
  const flat = stored[planId] ?? [];
  const facts: Record<string, DueFacts> = {};
  for (let index = 0; index + 2 < flat.length; index += 3) {
    const lastReview = flat[index + 2] ?? null;
    facts[String(flat[index])] = { due: String(flat[index + 1]), card: lastReview === null ? null : { last_review: lastReview } };
  }
  return facts;
}
