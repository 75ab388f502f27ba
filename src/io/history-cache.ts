import type { Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionKind, JournalEvent } from '../core/events.ts';
import { RATINGS } from '../core/records.ts';
import { fileIdentity, makeFolders, readRegularFile, removeFile, writeFileAtomic } from './files.ts';
import { hasSettled, SETTLED_MS } from './record-stamps.ts';

// A cache of the review history: the journal's review answers, and the imports and undos that decide
// which of them count, in a compact form, up to a committed length of the journal. Reading the
// history of a large store (50,000 answers in a journal of 12 MB, where one import line can hold
// megabytes of records) means parsing every line; with this cache a read parses only the lines
// added since, after checking that the bytes the cache was made from are still the journal's first
// bytes (their CRC-32). A cache that does not fit, or whose own CRC-32 does not match, is ignored:
// the journal is read as without it. Only the history's readers use it; `next` and `due` never do.

/** The kinds of event the review history is made of (the rest of the journal is other records' changes). */
export const HISTORY_KINDS: readonly string[] = ['review', 'import', 'undo'];

const FORMAT = 4;
/** The cache file's first line: this, the format, and the CRC-32 of every byte after that line. */
const MAGIC = 'k8s-study review history';
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
  /** How long ago the journal must have changed for its identity to be kept (default SETTLED_MS). */
  settledMs?: number;
}

/** What a cache file holds: the history of the journal's first `bytes` bytes, whose CRC-32 is `crc`. */
export interface HistoryCache {
  bytes: number;
  crc: number;
  events: JournalEvent[];
}

/**
 * The cache's second line: what is not text, in columns. `kinds` has a character an event ('0' a
 * review answer, '1' an import or undo), `plans` and `items` are the tables the numbers index,
 * `plan` (an index an event) and `item` (an index an answer) are numbers joined by commas (`plan`
 * is empty when every event is of the first plan), `rating` a digit an answer (its index in
 * RATINGS), `due` an answer's due day before it (1 + its index in `days`; 0: none; a store has a
 * few hundred days, and a string each of 50,000 answers cost their allocation), `practice` the
 * answers' positions among answers, `actions` each import or undo's kind, undoes, resets and
 * origin (its record changes are not kept).
 */
interface Columns {
  bytes: number;
  crc: number;
  plans: string[];
  items: string[];
  days: string[];
  kinds: string;
  plan: string;
  item: string;
  rating: string;
  due: string;
  practice: number[];
  actions: [string, string | null, 0 | 1, string | null][];
  /** How the ids, the instants and the origins are written after the columns (see Texts below). */
  texts: [number, number, number];
}

// After the columns, the texts: every event's id, then every event's instant, then every answer's
// origin. A list of texts all of one width, each as it is written (below), is one line of them
// end to end (`texts` gives its width): ids and instants mostly are, and a line of 50,000 costs
// nothing to split. Any other list is a line a text (an empty line: none); a list of nones (`texts`
// -1) is no line at all. A text of printable ASCII is written as it is; any other (or one starting
// with a quote) as a JSON string with every non-ASCII character escaped, so the file is ASCII and
// reads as Latin-1, a copy. A cache of 50,000 answers reads in a sixth of the time one JSON
// document of them takes.

/** The cache file in a cache folder (each store has its own cache folder). */
export function historyCacheFile(options: HistoryCacheOptions): string {
  return join(options.directory, 'review-history');
}

/** Where the first builds kept the cache, as one JSON document (removed when the cache is next written). */
const OLD_CACHE_FILE = 'review-history.json';

/** An event as the history keeps it: review answers whole, imports and undos without their record changes. */
export function historyEvent(event: JournalEvent): JournalEvent {
  if (event.kind === 'review') return event;
  const kept: JournalEvent = { id: event.id, at: event.at, plan: event.plan, kind: event.kind, changes: [] };
  if (event.undoes !== undefined) kept.undoes = event.undoes;
  if (event.resets) kept.resets = true;
  if (event.origin !== undefined) kept.origin = event.origin;
  return kept;
}

const crc32 = (bytes: Uint8Array): number => (process.getBuiltinModule('node:zlib') as typeof import('node:zlib')).crc32(bytes);

/** A text as a line of the cache (see above); null as an empty line. */
function textLine(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  if (/^[\x20\x21\x23-\x7e][\x20-\x7e]*$/.test(text)) return text;
  return asciiJson(text);
}

/** JSON text with every character past ASCII escaped (no line breaks: JSON.stringify escapes them). */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A line of the cache as its text (an empty line: null); undefined when it is not one textLine writes. */
function lineText(line: string): string | null | undefined {
  if (line === '') return null;
  if (line.charCodeAt(0) !== 34) return line;
  try {
    const text: unknown = JSON.parse(line);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Numbers written joined by commas, `count` of them; null when the text is not that. */
function readNumbers(text: string, count: number): number[] | null {
  if (count === 0) return text === '' ? [] : null;
  const numbers = new Array<number>(count);
  let found = 0;
  let value = 0;
  let digits = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : 44;
    if (code === 44) {
      if (digits === 0 || found === count) return null;
      numbers[found++] = value;
      value = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57 && digits < 9) {
      value = value * 10 + code - 48;
      digits += 1;
    } else return null;
  }
  return found === count ? numbers : null;
}

/**
 * A cache file found whole (the CRC-32 of its first line matches the rest) and its columns read:
 * what it was made from, and its events or only some ids of them, made when asked (null when the
 * file is not what its columns say).
 */
export interface OpenedHistoryCache {
  bytes: number;
  crc: number;
  events(): JournalEvent[] | null;
  /** The ids of one plan's answers since its last restore (`import --replace`), undone ones too, oldest first. */
  reviewIds(planId: string): string[] | null;
}

/** The cache in `file`, or null when there is none or it is not one this version wrote whole. */
export function openHistoryCache(file: string): OpenedHistoryCache | null {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, MAX_CACHE_BYTES);
  } catch {
    return null;
  }
  // The first line's CRC-32 proves the rest is what this version wrote, from events it had
  // checked as it read them from the journal: the texts are not checked one by one again.
  const firstLineEnd = bytes.indexOf(10);
  if (firstLineEnd < 0) return null;
  const [magic, format, checksum] = bytes.toString('latin1', 0, firstLineEnd).split(' | ');
  if (magic !== MAGIC || format !== String(FORMAT) || checksum !== String(crc32(bytes.subarray(firstLineEnd + 1)))) return null;
  const text = bytes.toString('latin1', firstLineEnd + 1);
  const columnsEnd = text.indexOf('\n');
  if (columnsEnd < 0) return null;
  let columns: Columns;
  try {
    columns = JSON.parse(text.slice(0, columnsEnd)) as Columns;
  } catch {
    return null;
  }
  const guarded = <T>(read: () => T | null): T | null => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  return {
    bytes: columns.bytes,
    crc: columns.crc,
    events: () => guarded(() => decodeEvents(text, columns, columnsEnd)),
    reviewIds: (planId) => guarded(() => decodeReviewIds(text, columns, columnsEnd, planId)),
  };
}

/** The cache in `file`, its events made, or null when there is none or it is not one this version wrote whole. */
export function readHistoryCache(file: string): HistoryCache | null {
  const opened = openHistoryCache(file);
  const events = opened?.events();
  return opened && events ? { bytes: opened.bytes, crc: opened.crc, events } : null;
}

/** A list of texts as the cache writes it (see above): a line of them end to end, a line each, or nothing. */
function writeTexts(texts: readonly (string | null | undefined)[]): { width: number; lines: string } {
  if (texts.length > 0 && texts.every((text) => text === null || text === undefined)) return { width: -1, lines: '' };
  const width = texts[0]?.length ?? 0;
  if (width > 0 && texts.every((text) => typeof text === 'string' && text.length === width && textLine(text) === text)) return { width, lines: `${texts.join('')}\n` };
  return { width: 0, lines: texts.map((text) => `${textLine(text)}\n`).join('') };
}

/** Reads the cache's texts from `text` at `from`; null when they are not what the columns say. */
class TextReader {
  constructor(
    private readonly text: string,
    public position: number,
  ) {}

  /** `count` texts written with `width` (as writeTexts does): each one's text (null: none), or null when they are not there. */
  read(count: number, width: number): ((index: number) => string | null | undefined) | null {
    if (width === -1) return () => null;
    if (width > 0) {
      const end = this.position + width * count;
      if (end >= this.text.length || this.text.charCodeAt(end) !== 10) return null;
      const texts = this.text.slice(this.position, end);
      this.position = end + 1;
      return (index) => texts.slice(index * width, (index + 1) * width);
    }
    const lines = new Array<string>(count);
    for (let index = 0; index < count; index += 1) {
      const end = this.text.indexOf('\n', this.position);
      if (end < 0) return null;
      lines[index] = this.text.slice(this.position, end);
      this.position = end + 1;
    }
    return (index) => lineText(lines[index]!);
  }
}

/** The texts after the columns, each list as a function of an index; null when they are not what the columns say. */
function readTexts(text: string, columns: Columns, columnsEnd: number) {
  const [idWidth, atWidth, originWidth] = columns.texts;
  const reader = new TextReader(text, columnsEnd + 1);
  const idOf = reader.read(columns.kinds.length, idWidth);
  const atOf = idOf && reader.read(columns.kinds.length, atWidth);
  const originOf = atOf && reader.read(columns.rating.length, originWidth);
  if (!idOf || !atOf || !originOf || reader.position !== text.length) return null;
  return { idOf, atOf, originOf };
}

/** Which plan each event is of (an index in the plans table; null: all of the first); undefined when the column is not one. */
function planColumn(columns: Columns): number[] | null | undefined {
  if (columns.plans.length === 0 && columns.kinds.length > 0) return undefined;
  if (columns.plan === '') return null;
  return readNumbers(columns.plan, columns.kinds.length) ?? undefined;
}

/** An import or undo as the columns keep it; null when the row is not one. */
const actionRow = (row: Columns['actions'][number] | undefined): Columns['actions'][number] | null => (row && HISTORY_KINDS.includes(row[0]) && row[0] !== 'review' ? row : null);

/** See OpenedHistoryCache.reviewIds. A restore of the plan sets every answer before it aside. */
function decodeReviewIds(text: string, columns: Columns, columnsEnd: number, planId: string): string[] | null {
  const planOf = planColumn(columns);
  const texts = readTexts(text, columns, columnsEnd);
  if (planOf === undefined || !texts) return null;
  const wanted = columns.plans.indexOf(planId);
  const { kinds, actions } = columns;
  let ids: string[] = [];
  let action = 0;
  for (let index = 0; index < kinds.length; index += 1) {
    const ofPlan = (planOf === null ? 0 : planOf[index]) === wanted;
    if (kinds.charCodeAt(index) === 48) {
      if (!ofPlan) continue;
      const id = texts.idOf(index);
      if (!id) return null;
      ids.push(id);
    } else {
      const row = actionRow(actions[action++]);
      if (!row) return null;
      if (ofPlan && row[2] === 1) ids = [];
    }
  }
  return action === actions.length ? ids : null;
}

function decodeEvents(text: string, columns: Columns, columnsEnd: number): JournalEvent[] | null {
  const { plans, items, kinds, rating, practice, actions } = columns;
  const eventCount = kinds.length;
  const answerCount = rating.length;
  const planOf = planColumn(columns);
  const itemOf = readNumbers(columns.item, answerCount);
  const dueOf = readNumbers(columns.due, answerCount);
  const days = columns.days;
  const texts = readTexts(text, columns, columnsEnd);
  if (planOf === undefined || itemOf === null || dueOf === null || !texts) return null;
  const { idOf, atOf, originOf } = texts;
  const practiced = new Set(practice);
  const events: JournalEvent[] = new Array<JournalEvent>(eventCount);
  let answer = 0;
  let action = 0;
  for (let index = 0; index < eventCount; index += 1) {
    const id = idOf(index);
    const at = atOf(index);
    const plan = plans[planOf === null ? 0 : planOf[index]!];
    if (!id || !at || typeof plan !== 'string') return null;
    if (kinds.charCodeAt(index) === 48) {
      const item = items[itemOf[answer]!];
      const rated = RATINGS[rating.charCodeAt(answer) - 48];
      const due = dueOf[answer]!;
      const dueBefore = due === 0 ? null : days[due - 1];
      const origin = originOf(answer);
      if (typeof item !== 'string' || rated === undefined || (dueBefore !== null && typeof dueBefore !== 'string') || origin === undefined) return null;
      // An answer as most are, made whole at once: a property added after would cost each of
      // 50,000 answers a second allocation.
      const event: JournalEvent = dueBefore === null ? { id, at, plan, kind: 'review', item, rating: rated } : { id, at, plan, kind: 'review', item, rating: rated, dueBefore };
      if (practiced.has(answer)) event.practice = true;
      if (origin !== null) event.origin = origin;
      events[index] = event;
      answer += 1;
    } else {
      const row = actionRow(actions[action++]);
      if (!row) return null;
      const event: JournalEvent = { id, at, plan, kind: row[0] as ActionKind, changes: [] };
      if (row[1] !== null) event.undoes = row[1];
      if (row[2] === 1) event.resets = true;
      if (row[3] !== null) event.origin = row[3];
      events[index] = event;
    }
  }
  return action === actions.length ? events : null;
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
  let kinds = '';
  let rating = '';
  const planOf: number[] = [];
  const itemOf: number[] = [];
  const practice: number[] = [];
  const actions: Columns['actions'] = [];
  const ids: string[] = [];
  const ats: string[] = [];
  const days: string[] = [];
  const dayIndex = new Map<string, number>();
  const dueOf: number[] = [];
  const origins: (string | undefined)[] = [];
  for (const event of cache.events) {
    // The journal's check lets any origin through; the cache keeps texts only (else none is written).
    if (event.origin !== undefined && typeof event.origin !== 'string') return;
    planOf.push(indexOf(plans, planIndex, event.plan));
    ids.push(event.id);
    ats.push(event.at);
    if (event.kind === 'review') {
      kinds += '0';
      if (event.practice) practice.push(itemOf.length);
      itemOf.push(indexOf(items, itemIndex, event.item));
      rating += RATINGS.indexOf(event.rating);
      dueOf.push(event.dueBefore === undefined ? 0 : indexOf(days, dayIndex, event.dueBefore) + 1);
      origins.push(event.origin);
    } else {
      kinds += '1';
      actions.push([event.kind, event.undoes ?? null, event.resets ? 1 : 0, event.origin ?? null]);
    }
  }
  const texts = [writeTexts(ids), writeTexts(ats), writeTexts(origins)];
  const columns: Columns = {
    texts: texts.map((written) => written.width) as Columns['texts'],
    bytes: cache.bytes,
    crc: cache.crc,
    plans,
    items,
    days,
    kinds,
    plan: planOf.some((plan) => plan !== 0) ? planOf.join(',') : '',
    item: itemOf.join(','),
    rating,
    due: dueOf.join(','),
    practice,
    actions,
  };
  const body = Buffer.from(`${asciiJson(columns)}\n${texts.map((written) => written.lines).join('')}`, 'latin1');
  try {
    makeFolders(dirname(file));
    writeFileAtomic(file, Buffer.concat([Buffer.from(`${MAGIC} | ${FORMAT} | ${crc32(body)}\n`, 'latin1'), body]), 0o600, { sync: false });
    removeFile(join(dirname(file), OLD_CACHE_FILE));
  } catch {
    // A cache folder that cannot be written only costs the next read its time.
  }
}

// Checking the journal's first bytes against the cache's CRC-32 means reading them all (12 MB in a
// large store). The identity of the journal found to match (size, modification and change times,
// inode) is kept beside the cache: while the journal keeps that identity it has not changed since,
// so it is not read again. Any write to it gives it a new change time, which no one can set back.

const checkedFile = (file: string): string => `${file}.checked`;

/** Whether the journal, as `stat` finds it, was already found to begin with the bytes `cache` was made from. */
export function journalAlreadyChecked(file: string, stat: Stats, cache: Pick<HistoryCache, 'bytes' | 'crc'>): boolean {
  try {
    return readRegularFile(checkedFile(file), 1024).toString('latin1') === `${fileIdentity(stat)} ${cache.bytes} ${cache.crc}\n`;
  } catch {
    return false;
  }
}

/**
 * Keeps that the journal, as `stat` found it at `lookedAt` (and still was after its bytes were
 * read), begins with the bytes `cache` was made from (best effort; not when it changed just before:
 * record-stamps.ts says why).
 */
export function markJournalChecked(file: string, stat: Stats, lookedAt: number, cache: Pick<HistoryCache, 'bytes' | 'crc'>, settledMs = SETTLED_MS): void {
  if (!hasSettled(stat, settledMs, lookedAt)) return;
  try {
    writeFileAtomic(checkedFile(file), `${fileIdentity(stat)} ${cache.bytes} ${cache.crc}\n`, 0o600, { sync: false });
  } catch {
    // The next read checks the journal's bytes again.
  }
}

/** Whether a new cache is worth writing after a read that parsed `parsed` bytes beyond the old one. */
export function worthRefreshing(parsed: number, hadCache: boolean): boolean {
  return !hadCache || parsed > REFRESH_BYTES;
}
