import { newEventId, randomBytes } from './random.ts';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { dropUndone, eventProblem, type ActionKind, type JournalEvent, type RecordChange, type ReviewEvent } from '../core/events.ts';
import {
  clockProblem,
  dict,
  emptyMeta,
  has,
  isRecord,
  itemProblem,
  metaProblem,
  sessionProblem,
  type Clock,
  type Dict,
  type ItemRecord,
  type PlanMeta,
  type PlanState,
  type SessionRecord,
} from '../core/records.ts';
import type { PlanRecords } from '../core/progress.ts';
import { StudyError } from '../errors.ts';
import { describeSystemError, fileIdentity, FileProblem, makeFolders, readRegularFile, removeFile, syncFolder, temporaryPrefix, writeFileAtomic } from './files.ts';
import { loadMigration } from '../lazy.ts';
import { acquireLock, LockError } from './lock.ts';
import { resolveStoreFolder, ROOT_FILE } from './locations.ts';

export { cacheDirectory, resolveStoreFolder, ROOT_FILE, storeDirectory } from './locations.ts';
import { convertLegacyStore, type LegacyConversion } from './store-legacy.ts';
import { RecordStamps } from './record-stamps.ts';
import {
  DEFAULT_CACHED_JOURNAL_BYTES,
  HISTORY_KINDS,
  historyCacheFile,
  historyEvent,
  journalAlreadyChecked,
  markJournalChecked,
  openHistoryCache,
  worthRefreshing,
  writeHistoryCache,
  type HistoryCache,
  type OpenedHistoryCache,
  type HistoryCacheOptions,
} from './history-cache.ts';

// The store: where progress is kept, in three parts.
//
//   config.json          the root: format, this machine's id, the running clock, and per plan its
//                        lab and start dates and the names of the files that hold its records
//   plans/<id>/…json     the records: sessions-<g>.json (every session of the plan) and
//                        items-<shard>-<g>.json (the review items, spread over shards by id)
//   journal.jsonl        every change, one event a line, oldest first: review answers and actions
//
// A change is committed in this order, under the lock: the journal events are written after the
// last committed byte and flushed; the changed record files are written as new files (new names,
// flushed); then the root, which names them, replaces the old root atomically. The root is the
// commit point: until it is in place, readers and the next writer see the old root, the old files
// it names, and the journal up to the length it records. What a run killed half way left behind
// (journal bytes past that length, record files no root names, temporary files) is removed by the
// next writer. So a change of one session or one review item writes that record's file, the root
// and one journal line, however large the store has grown.

/** The store format this build reads and writes; conf tracks it as the semver `<format>.0.0`. */
export const STORE_FORMAT = 3;
export const JOURNAL_FILE = 'journal.jsonl';
const PLANS_FOLDER = 'plans';

/** Limits on what is read: far above any real store, low enough that a wrong file is refused, not read for minutes. */
const MAX_ROOT_BYTES = 64 * 1024 * 1024;
const MAX_RECORD_FILE_BYTES = 256 * 1024 * 1024;
/** A legacy (format 1 or 2) store held everything in config.json, the review log included. */
const MAX_LEGACY_BYTES = 1024 * 1024 * 1024;

/** Review items per shard file the store aims at, and the most a shard may hold before the plan's items are spread wider. */
export const ITEMS_PER_SHARD = 200;
const MAX_ITEMS_PER_SHARD = 800;
/** Session records per shard file the store aims at (a record holds a summary: a few hundred bytes). */
export const SESSIONS_PER_SHARD = 64;

/** What the root says about one plan. */
export interface RootPlan extends PlanMeta {
  /** The files of its session records, spread by session id (a power of two of them, or none). */
  sessionFiles: string[];
  itemFiles: string[];
  /** The item layout (ItemLayout.fingerprint) the item files were spread by. */
  itemLayout: string | null;
}

/** The root file, as this build uses it. */
export interface Root {
  machine: string;
  generation: number;
  journal: { bytes: number; events: number };
  clock: Clock | null;
  plans: Dict<RootPlan>;
}




export function storeFailure(file: string, problem: string, wayOut: string): StudyError {
  return new StudyError(`store ${file} ${problem}; it was left as it is. ${wayOut}`);
}

/** How a suggested command is written (the context gives one carrying the --plan FILE the user typed). */
type Suggest = (args: string) => string;
const plainSuggest: Suggest = (args) => `k8s-study ${args}`;

/** The way out of a store that cannot be read: import refuses such a store too, so it goes aside first. */
const restore = (suggest: Suggest): string => `Mend it by hand, or move the whole store folder aside (the journal and records beside it stay useful) and restore a backup with ${suggest('import FILE')}, or start afresh.`;
const mendOrRestore = (suggest: Suggest): string => `Mend that entry by hand, or move the store aside and restore a backup with ${suggest('import FILE')}.`;

/** A store failure for a file-system error, saying in words what went wrong and what to do. */
function fileSystemFailure(file: string, doing: string, error: unknown): StudyError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const elsewhere = 'or set K8S_STUDY_CONFIG_DIR to a folder that can be written';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return storeFailure(file, `${doing}: the disk is full (${code})`, 'Free some disk space and run it again.');
    case 'EROFS':
      return storeFailure(file, `${doing}: its file system is read-only (${code})`, `Make it writable, ${elsewhere}.`);
    case 'EACCES':
    case 'EPERM':
      return storeFailure(file, `${doing}: permission denied (${code})`, `Check the permissions of the file and its folder, ${elsewhere}.`);
    case 'EISDIR':
      return storeFailure(file, `${doing}: it is a folder, not a file (${code})`, `Move that folder aside, ${elsewhere}.`);
    case 'ENOTDIR':
    case 'EEXIST':
      return storeFailure(file, `${doing}: a part of its path is a file, not a folder (${code})`, `Move that file aside, ${elsewhere}.`);
    default:
      return storeFailure(file, `${doing} (${describeSystemError(error)})`, `Check the file and its folder, ${elsewhere}.`);
  }
}

/** Reads a store file whole (regular files only, with a size limit); null when it does not exist. */
function readStoreFile(file: string, maxBytes: number, suggest: Suggest, onStat?: (stat: Stats, lookedAt: number) => void): string | null {
  try {
    return readRegularFile(file, maxBytes, onStat).toString('utf8');
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    if (error.reason === 'missing') return null;
    if (error.reason === 'unreadable') throw fileSystemFailure(file, 'cannot be read', error);
    throw storeFailure(file, `cannot be read: ${error.message}`, error.reason === 'not-a-file' ? 'Move it aside, or set K8S_STUDY_CONFIG_DIR to another folder.' : restore(suggest));
  }
}

function parseJson(text: string, file: string, suggest: Suggest): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw storeFailure(file, `is not valid JSON (${text.trim() === '' ? 'the file is empty' : (error as Error).message})`, restore(suggest));
  }
}

/** The store format a parsed root records (conf's `<format>.0.0`); 0 when it records none. */
function formatOf(data: Record<string, unknown>): number {
  const internal = data.__internal__;
  const version = isRecord(internal) && isRecord(internal.migrations) ? internal.migrations.version : undefined;
  const major = typeof version === 'string' ? Number.parseInt(version, 10) : 0;
  return Number.isFinite(major) ? major : 0;
}

type ParsedRoot = { kind: 'current'; root: Root } | { kind: 'legacy'; format: number; data: Record<string, unknown> } | { kind: 'none' };

const FILE_NAME = /^(?:sessions-\d+(?:-\d+)?|items-\d+-\d+)\.json$/;

/** Checks a parsed root completely: anything the commands could not use is refused here, naming it. */
function checkRoot(data: unknown, file: string, suggest: Suggest): ParsedRoot {
  if (!isRecord(data)) throw storeFailure(file, 'does not hold a k8s-study store', 'Move it aside to start afresh.');
  const format = formatOf(data);
  if (format > STORE_FORMAT) {
    throw storeFailure(file, `was written by a newer k8s-study (store format ${format}; this one reads up to ${STORE_FORMAT})`, 'Upgrade k8s-study to use it.');
  }
  if (format < STORE_FORMAT) {
    // Any other JSON document here (a backup exported over the store, say) would read as no progress.
    if (data.plans === undefined && Object.keys(data).some((key) => key !== '__internal__')) {
      throw storeFailure(
        file,
        'does not hold a k8s-study store',
        data.format === 'k8s-study-backup' ? `It is a backup: move it aside, then restore it with ${suggest('import FILE')}.` : 'Move it aside to start afresh.',
      );
    }
    if (data.plans !== undefined && !isRecord(data.plans)) throw storeFailure(file, 'has a "plans" entry that is not an object', restore(suggest));
    return { kind: 'legacy', format, data };
  }
  const damaged = (where: string): StudyError => storeFailure(file, `has an entry k8s-study cannot use (${where})`, mendOrRestore(suggest));
  const journal = data.journal;
  if (typeof data.machine !== 'string' || data.machine === '') throw damaged('machine');
  if (!Number.isSafeInteger(data.generation) || (data.generation as number) < 0) throw damaged('generation');
  if (!isRecord(journal) || !Number.isSafeInteger(journal.bytes) || !Number.isSafeInteger(journal.events) || (journal.bytes as number) < 0) throw damaged('journal');
  const clock = data.clock ?? null;
  if (clockProblem(clock)) throw damaged(`clock: ${clockProblem(clock)}`);
  if (!isRecord(data.plans)) throw damaged('plans');
  const plans = dict<RootPlan>();
  for (const [id, entry] of Object.entries(data.plans)) {
    const problem = metaProblem(entry);
    if (problem) throw damaged(`plans[${JSON.stringify(id)}].${problem}`);
    const plan = entry as Record<string, unknown>;
    // One sessions file (`sessionsFile`) is how the first builds of this format kept them: one shard.
    const sessionFiles = plan.sessionFiles ?? (typeof plan.sessionsFile === 'string' ? [plan.sessionsFile] : []);
    const itemFiles = plan.itemFiles ?? [];
    if (!isFileList(sessionFiles)) throw damaged(`plans[${JSON.stringify(id)}].sessionFiles`);
    if (!isFileList(itemFiles)) throw damaged(`plans[${JSON.stringify(id)}].itemFiles`);
    plans[id] = {
      title: plan.title as string,
      file: (plan.file as string | null) ?? null,
      lab: (plan.lab as string | null) ?? null,
      startDate: (plan.startDate as string | null) ?? null,
      sessionFiles,
      itemFiles,
      itemLayout: typeof plan.itemLayout === 'string' ? plan.itemLayout : null,
    };
  }
  return {
    kind: 'current',
    root: {
      machine: data.machine,
      generation: data.generation as number,
      journal: { bytes: journal.bytes as number, events: journal.events as number },
      clock: clock as Clock | null,
      plans,
    },
  };
}

const isPowerOfTwoOrZero = (count: number): boolean => count === 0 || (count & (count - 1)) === 0;

/** Whether a value is a list of record file names, a power of two of them (or none). */
const isFileList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((name) => typeof name === 'string' && FILE_NAME.test(name)) && isPowerOfTwoOrZero(value.length);

/** Every record file the root names for a plan. */
export const recordFilesOf = (entry: Pick<RootPlan, 'sessionFiles' | 'itemFiles'>): string[] => [...entry.sessionFiles, ...entry.itemFiles];

/** How many shards (a power of two, at least `atLeast`) hold `total` records at about `perShard` each. */
export function shardCountFor(total: number, perShard: number, atLeast = 1): number {
  let count = 1;
  while (count < atLeast || count * perShard < total) count *= 2;
  return count;
}

/** Which of `count` shards holds a session's record. */
export const sessionShardOf = (sessionId: string, count: number): number => shardOf(sessionId, count);

/** The root as JSON text: small, tab-indented like conf writes it, so it can be read and mended by hand. */
function serializeRoot(root: Root): string {
  const plans: Record<string, unknown> = {};
  for (const [id, plan] of Object.entries(root.plans)) plans[id] = plan;
  const document = {
    __internal__: { migrations: { version: `${STORE_FORMAT}.0.0` } },
    machine: root.machine,
    generation: root.generation,
    journal: root.journal,
    clock: root.clock,
    plans,
  };
  return `${JSON.stringify(document, null, '\t')}\n`;
}

/** A record file's text: one record a line, so a hand edit or a diff touches one line. */
function serializeRecords(records: Dict<unknown>): string {
  const lines = Object.keys(records).map((key) => `${JSON.stringify(key)}:${JSON.stringify(records[key])}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * How a plan's review items are spread over its shard files: by the session that owns each item in
 * the plan (the first session listing a key point or term), so that one session's items share one
 * file and a change to them writes that file only. `fingerprint` names the plan's layout: when the
 * plan is edited so that items change hands, the next change spreads them again.
 */
export interface ItemLayout {
  fingerprint: string;
  owner(itemId: string): string;
}

/** Spreading by the item's own id: for stores whose plan is not at hand (a migration). */
export const LAYOUT_BY_ID: ItemLayout = { fingerprint: 'by-id', owner: (itemId) => itemId };

/** Which of `count` shards holds a review item. */
export function shardOf(itemId: string, count: number, layout: ItemLayout = LAYOUT_BY_ID): number {
  if (count <= 1) return 0;
  const key = layout.owner(itemId);
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193) >>> 0;
  return hash & (count - 1);
}

export { newEventId } from './random.ts';

/** Why a read met a file that a concurrent commit had just replaced: read everything again. */
class Superseded extends Error {}



/** Options for opening a store. */
export interface StoreOptions {
  /** Warnings that are not errors (a journal shorter than recorded); one line each. */
  warn?: (line: string) => void;
  /** Called once when a write has waited a while for another run's lock. */
  onWaiting?: (line: string) => void;
  /** How a command to suggest in a message is written (default: `k8s-study ARGS`). */
  suggest?: (args: string) => string;
  /** Where the review history of a large journal is cached (none: the journal is read whole every time). */
  historyCache?: HistoryCacheOptions;
  /**
   * Where the record files found good are stamped (none: every record is checked on every read),
   * for which build's checks; `settledMs` as in RecordStamps.
   */
  recordStamps?: { directory: string; build: string; settledMs?: number };
}

/** Which plan a change is made with, and when (the tool's clock, as an instant). */
export interface PlanIdentity {
  title: string;
  /** The plan file in use (absolute), or null to keep what is recorded. */
  file: string | null;
  at: string;
  /** For bringing an older store up to date: the texts of the lines ticked by position in this plan. */
  resolveTicks?: (sessionId: string, positions: readonly number[]) => string[] | null;
  /** How the plan's review items are spread over files (default: by id). */
  layout?: ItemLayout;
}

/** What a transaction was asked to record, beyond the records it changed. */
interface Intent {
  kind: ActionKind;
  what?: string;
  undoes?: string;
  resets?: boolean;
}

/**
 * The store in a folder: read a snapshot, change records under the lock, read the journal. One
 * instance serves one run of a command: each file is read at most once, unless a change was
 * committed since.
 */
export class Store {
  readonly directory: string;
  readonly rootFile: string;
  readonly journalFile: string;
  private parsed: ParsedRoot | undefined;
  private legacy: LegacyConversion | undefined;
  private readonly plans = new Map<string, PlanState>();
  /** The history events of every plan, as last read through the cache, and the committed journal length they cover. */
  private historyRead: { committed: number; events: JournalEvent[] } | undefined;
  /** Whether this run has said the journal is shorter than committed (it says so once). */
  private warnedShortJournal = false;
  private readonly suggest: Suggest;
  /** The record files found good, so that a full read checks only those changed since. */
  private readonly stamps: RecordStamps | null;

  constructor(
    configuredDirectory: string,
    private readonly options: StoreOptions = {},
  ) {
    this.directory = resolveStoreFolder(configuredDirectory);
    this.suggest = options.suggest ?? plainSuggest;
    this.rootFile = join(this.directory, ROOT_FILE);
    this.journalFile = join(this.directory, JOURNAL_FILE);
    this.stamps = options.recordStamps ? new RecordStamps(join(options.recordStamps.directory, 'checked-records'), options.recordStamps.build, options.recordStamps.settledMs) : null;
  }

  private planFolder(planId: string): string {
    return join(this.directory, PLANS_FOLDER, planId);
  }

  private readParsedRoot(): ParsedRoot {
    if (this.parsed) return this.parsed;
    const text = readStoreFile(this.rootFile, MAX_LEGACY_BYTES, this.suggest);
    if (text === null) return (this.parsed = { kind: 'none' });
    const data = parseJson(text, this.rootFile, this.suggest);
    const parsed = checkRoot(data, this.rootFile, this.suggest);
    if (parsed.kind === 'current' && text.length > MAX_ROOT_BYTES) throw storeFailure(this.rootFile, 'is larger than any root k8s-study writes', restore(this.suggest));
    return (this.parsed = parsed);
  }

  private legacyConversion(parsed: ParsedRoot & { kind: 'legacy' }): LegacyConversion {
    return (this.legacy ??= convertLegacyStore(parsed.data, this.rootFile, this.suggest));
  }

  /** Every plan this store holds records for, with its meta, and the running clock. */
  readRoot(): { plans: Dict<PlanMeta>; clock: Clock | null; exists: boolean } {
    const parsed = this.readParsedRoot();
    if (parsed.kind === 'none') return { plans: dict(), clock: null, exists: false };
    if (parsed.kind === 'legacy') {
      const converted = this.legacyConversion(parsed);
      return { plans: dict(Object.entries(converted.plans).map(([id, state]) => [id, state.meta])), clock: null, exists: true };
    }
    const plans = dict<PlanMeta>();
    for (const [id, plan] of Object.entries(parsed.root.plans)) plans[id] = { title: plan.title, file: plan.file, lab: plan.lab, startDate: plan.startDate };
    return { plans, clock: parsed.root.clock, exists: true };
  }

  /** The plan's records as they are now: read without a lock, each file once, every record checked as it is read. */
  readPlan(planId: string): PlanState {
    const known = this.plans.get(planId);
    if (known) return known;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const state = this.loadPlan(planId);
        this.plans.set(planId, state);
        this.saveStamps();
        return state;
      } catch (error) {
        // A writer committed and removed the files this root named: read the new root.
        if (!(error instanceof Superseded) || attempt >= 20) throw error instanceof Superseded ? storeFailure(this.rootFile, 'keeps changing while it is read', 'Run it again.') : error;
        this.parsed = undefined;
      }
    }
  }

  private loadPlan(planId: string): PlanState {
    const parsed = this.readParsedRoot();
    if (parsed.kind === 'none') return { id: planId, meta: emptyMeta(), sessions: dict(), items: dict() };
    if (parsed.kind === 'legacy') {
      const converted = this.legacyConversion(parsed).plans[planId];
      return converted ?? { id: planId, meta: emptyMeta(), sessions: dict(), items: dict() };
    }
    const entry = has(parsed.root.plans, planId) ? parsed.root.plans[planId] : undefined;
    if (!entry) return { id: planId, meta: emptyMeta(), sessions: dict(), items: dict() };
    // Each file's records go straight into the plan's (a copy of ten thousand costs a few milliseconds).
    const sessions = dict<SessionRecord>();
    for (const name of entry.sessionFiles) this.readRecords<SessionRecord>(planId, name, sessionProblem, sessions);
    const items = dict<ItemRecord>();
    for (const name of entry.itemFiles) this.readRecords<ItemRecord>(planId, name, itemProblem, items);
    return { id: planId, meta: { title: entry.title, file: entry.file, lab: entry.lab, startDate: entry.startDate }, sessions, items };
  }

  /** The plan's session records only (no review items): what deciding what to ask needs. */
  readSessions(planId: string): Dict<SessionRecord> {
    const known = this.plans.get(planId);
    if (known) return known.sessions;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const parsed = this.readParsedRoot();
        if (parsed.kind === 'legacy') return this.readPlan(planId).sessions;
        const entry = parsed.kind === 'current' && has(parsed.root.plans, planId) ? parsed.root.plans[planId] : undefined;
        const sessions = dict<SessionRecord>();
        for (const name of entry?.sessionFiles ?? []) this.readRecords<SessionRecord>(planId, name, sessionProblem, sessions);
        return sessions;
      } catch (error) {
        if (!(error instanceof Superseded) || attempt >= 20) throw error instanceof Superseded ? storeFailure(this.rootFile, 'keeps changing while it is read', 'Run it again.') : error;
        this.parsed = undefined;
      }
    }
  }

  /** Keeps the stamps of the record files found good (those the root names, of every plan). */
  private saveStamps(): void {
    const parsed = this.parsed;
    if (!this.stamps || parsed?.kind !== 'current') return;
    this.stamps.save((key) => {
      const slash = key.indexOf('/');
      const plan = parsed.root.plans[key.slice(0, slash)];
      return plan !== undefined && recordFilesOf(plan).includes(key.slice(slash + 1, key.lastIndexOf(' ')));
    });
  }

  /**
   * Reads and checks one record file (into `into` when given); Superseded when a commit has removed
   * it since the root was read. A file stamped as found good with the same identity is not checked again.
   */
  readRecords<T>(planId: string, name: string, problemOf: (value: unknown) => string | null, into: Dict<T> = dict<T>()): Dict<T> {
    const file = join(this.planFolder(planId), name);
    let stat: Stats | undefined;
    let lookedAt = 0;
    const onStat = (found: Stats, at: number): void => {
      stat = found;
      lookedAt = at;
    };
    const text = readStoreFile(file, MAX_RECORD_FILE_BYTES, this.suggest, this.stamps ? onStat : undefined);
    if (text === null) {
      // Either a commit replaced it after we read the root, or it is really gone.
      const fresh = checkRoot(parseJson(readStoreFile(this.rootFile, MAX_LEGACY_BYTES, this.suggest) ?? '{}', this.rootFile, this.suggest), this.rootFile, this.suggest);
      const stillNamed = fresh.kind === 'current' && fresh.root.plans[planId] && recordFilesOf(fresh.root.plans[planId]!).includes(name);
      if (!stillNamed) throw new Superseded();
      throw storeFailure(this.rootFile, `names ${file}, which is missing`, restore(this.suggest));
    }
    const data = parseJson(text, file, this.suggest);
    if (!isRecord(data)) throw storeFailure(file, 'does not hold records', restore(this.suggest));
    const records = into;
    // A stamp stands for one check: a sessions file named among the items (a root edited by hand) is checked as items.
    const stampKey = `${planId}/${name} ${problemOf === sessionProblem ? 'sessions' : problemOf === itemProblem ? 'items' : 'records'}`;
    if (stat && this.stamps!.isChecked(stampKey, stat)) {
      for (const key of Object.keys(data)) records[key] = data[key] as T;
      return records;
    }
    for (const key of Object.keys(data)) {
      const problem = problemOf(data[key]);
      if (problem) throw storeFailure(file, `has a record k8s-study cannot use (${JSON.stringify(key)}: ${problem})`, mendOrRestore(this.suggest));
      records[key] = data[key] as T;
    }
    if (stat) this.stamps!.markChecked(stampKey, stat, lookedAt);
    return records;
  }



  /**
   * The journal's committed events, oldest first, of one plan and of some kinds when asked. Every
   * line is checked; bytes a run killed mid-commit wrote past the committed length are not read.
   */
  readEvents(filter: { plan?: string; kinds?: readonly string[] } = {}): JournalEvent[] {
    const wanted = (event: JournalEvent): boolean => (filter.plan === undefined || event.plan === filter.plan) && (!filter.kinds || filter.kinds.includes(event.kind));
    const parsed = this.readParsedRoot();
    if (parsed.kind === 'legacy') return this.legacyConversion(parsed).events.filter(wanted);
    if (parsed.kind !== 'current') return [];
    const committed = parsed.root.journal.bytes;
    const read = this.withJournal((fd) => this.readJournalRange(fd, 0, committed));
    this.checkJournalLength(read?.end ?? 0, committed);
    return read?.events.filter(wanted) ?? [];
  }

  /** Says once a run that the journal holds less than the store committed to it (cut short, or gone). */
  private checkJournalLength(found: number, committed: number): void {
    if (found >= committed || this.warnedShortJournal) return;
    this.warnedShortJournal = true;
    this.options.warn?.(`warning: ${this.journalFile} ${found === 0 ? 'is missing or empty' : `is shorter than the store recorded (${found} of ${committed} bytes)`}: the review history, backups and undo lack what it lost`);
  }

  /** Runs `read` on the journal opened for reading; null when there is no journal. */
  private withJournal<T>(read: (fd: number) => T): T | null {
    let fd: number;
    try {
      fd = openSync(this.journalFile, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw fileSystemFailure(this.journalFile, 'cannot be read', error);
    }
    try {
      if (!fstatSync(fd).isFile()) throw storeFailure(this.journalFile, 'is not a regular file', 'Move it aside.');
      return read(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The events of the journal's bytes from `from` (the start of a line) to `to`, every line parsed
   * and checked, the CRC-32 of those bytes continued from `crc` when one is given, and where the reading
   * ended (before `to` when the journal is shorter).
   */
  private readJournalRange(fd: number, from: number, to: number, crc?: number): { events: JournalEvent[]; crc: number; end: number } {
    const crc32 = crc === undefined ? null : (process.getBuiltinModule('node:zlib') as typeof import('node:zlib')).crc32;
    let checksum = crc ?? 0;
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    let position = from;
    let carry = '';
    // A character of several bytes may be cut by the end of a chunk: the decoder keeps its first
    // bytes for the next one.
    const decoder = new StringDecoder('utf8');
    // The lines, parsed together at the end: one JSON.parse of an array of thousands of events is
    // several times faster than thousands of JSON.parse calls.
    const kept: string[] = [];
    // Which line of the range each kept line is (empty lines are skipped), to say where a bad one starts.
    const lineNumbers: number[] = [];
    const allLines: string[] = [];
    while (position < to) {
      const count = readSync(fd, chunk, 0, Math.min(chunk.length, to - position), position);
      if (count === 0) break;
      position += count;
      if (crc32) checksum = crc32(chunk.subarray(0, count), checksum);
      const lines = (carry + decoder.write(chunk.subarray(0, count))).split('\n');
      carry = lines.pop() ?? '';
      // Every line is parsed and checked, whatever is asked for: a damaged line is found, never skipped.
      for (const line of lines) {
        if (line !== '') {
          kept.push(line);
          lineNumbers.push(allLines.length);
        }
        allLines.push(line);
      }
    }
    // Where a kept line starts, to name a bad one (worked out only then).
    const startOf = (index: number): number => {
      let start = from;
      for (let line = 0; line < lineNumbers[index]!; line += 1) start += Buffer.byteLength(allLines[line]!) + 1;
      return start;
    };
    let parsed: unknown[];
    try {
      parsed = JSON.parse(`[${kept.join(',')}]`) as unknown[];
    } catch {
      parsed = kept.map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch (error) {
          throw storeFailure(this.journalFile, `has a line that is not JSON at byte ${startOf(index)} (${(error as Error).message})`, 'Mend or remove that line by hand.');
        }
      });
    }
    for (const [index, event] of parsed.entries()) {
      const problem = eventProblem(event);
      if (problem) throw storeFailure(this.journalFile, `has an event k8s-study cannot use at byte ${startOf(index)} (${problem})`, 'Mend or remove that line by hand.');
    }
    return { events: parsed as JournalEvent[], crc: checksum, end: position };
  }

  /** The journal's committed length, and the history cache's options when a journal that long is read through it. */
  private historyJournal(): { committed: number; cacheOptions: HistoryCacheOptions | null } {
    const parsed = this.readParsedRoot();
    const committed = parsed.kind === 'current' ? parsed.root.journal.bytes : 0;
    const cacheOptions = this.options.historyCache;
    return { committed, cacheOptions: cacheOptions && committed >= (cacheOptions.minimumBytes ?? DEFAULT_CACHED_JOURNAL_BYTES) ? cacheOptions : null };
  }

  /**
   * The events the review history is made of (HISTORY_KINDS) of one plan, oldest first. A large
   * journal is read through the history cache: only the lines added since it was made are parsed,
   * once the bytes it was made from are found unchanged.
   */
  private readHistoryEvents(planId: string): JournalEvent[] {
    const { committed, cacheOptions } = this.historyJournal();
    if (!cacheOptions) return this.readEvents({ plan: planId, kinds: HISTORY_KINDS });
    // One run may read several plans' histories (status --all), or one twice: the journal once.
    if (this.historyRead?.committed === committed) return this.historyRead.events.filter((event) => event.plan === planId);
    const cacheFile = historyCacheFile(cacheOptions);
    const events =
      this.withJournal((fd) => {
        const found = this.fittingHistoryCache(fd, cacheFile, committed);
        const cached = found.cache?.events() ?? null;
        const fitting = found.cache && cached ? { bytes: found.cache.bytes, crc: found.cache.crc } : null;
        const from = fitting ? fitting.bytes : 0;
        const tail = this.readJournalRange(fd, from, committed, fitting ? fitting.crc : 0);
        const all = [...(cached ?? []), ...tail.events.filter((event) => HISTORY_KINDS.includes(event.kind)).map(historyEvent)];
        // Kept only when the journal held every committed byte (a shorter one is damage, said below).
        if (tail.end === committed && worthRefreshing(committed - from, fitting !== null)) {
          const made: HistoryCache = { bytes: committed, crc: tail.crc, events: all };
          writeHistoryCache(cacheFile, made);
          if (found.unchanged()) markJournalChecked(cacheFile, found.journal, found.lookedAt, made, cacheOptions.settledMs);
        }
        this.checkJournalLength(tail.end, committed);
        return all;
      }) ?? (this.checkJournalLength(0, committed), []);
    this.historyRead = { committed, events };
    return events.filter((event) => event.plan === planId);
  }

  /**
   * The history cache when it fits the journal open as `fd` (the journal still begins with the
   * bytes it was made from: found so before, while the journal has not changed since, or by their
   * CRC-32), with the journal as it was looked at.
   */
  private fittingHistoryCache(fd: number, cacheFile: string, committed: number): { cache: OpenedHistoryCache | null; journal: Stats; lookedAt: number; unchanged: () => boolean } {
    const cache = openHistoryCache(cacheFile);
    const lookedAt = Date.now();
    const journal = fstatSync(fd);
    // Its identity is kept only when it did not change while its bytes were read.
    const unchanged = (): boolean => fileIdentity(fstatSync(fd)) === fileIdentity(journal);
    let fitting: OpenedHistoryCache | null = null;
    if (cache !== null && cache.bytes <= committed) {
      if (journalAlreadyChecked(cacheFile, journal, cache)) fitting = cache;
      else if (this.journalChecksum(fd, cache.bytes) === cache.crc) {
        fitting = cache;
        if (unchanged()) markJournalChecked(cacheFile, journal, lookedAt, cache, this.options.historyCache?.settledMs);
      }
    }
    return { cache: fitting, journal, lookedAt, unchanged };
  }

  /**
   * The ids of the plan's review answers since it was last restored, undone ones included, oldest
   * first: the answers a merge must not add again. The same as readHistory's, made from the history cache's
   * ids alone when it fits with little after it (a merge of a large backup reads no answer whole).
   */
  reviewIds(planId: string): string[] {
    const whole = (): string[] => this.readHistory(planId, { reviewsOnly: true, keepUndone: true }).map((event) => event.id);
    const { committed, cacheOptions } = this.historyJournal();
    if (!cacheOptions || this.historyRead?.committed === committed) return whole();
    const ids = this.withJournal((fd) => {
      const { cache } = this.fittingHistoryCache(fd, historyCacheFile(cacheOptions), committed);
      // A long way past the cache, the whole read makes a new one.
      if (!cache || worthRefreshing(committed - cache.bytes, true)) return null;
      const tail = this.readJournalRange(fd, cache.bytes, committed, cache.crc);
      const found = tail.end === committed ? cache.reviewIds(planId) : null;
      if (!found) return null;
      for (const event of tail.events) {
        if (event.plan !== planId || !HISTORY_KINDS.includes(event.kind)) continue;
        if (event.kind === 'review') found.push(event.id);
        else if (event.resets) found.length = 0;
      }
      return found;
    });
    return ids ?? whole();
  }

  /** The CRC-32 of the journal's first `bytes` bytes. */
  private journalChecksum(fd: number, bytes: number): number {
    const { crc32 } = process.getBuiltinModule('node:zlib') as typeof import('node:zlib');
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
    let checksum = 0;
    for (let position = 0; position < bytes; ) {
      const count = readSync(fd, chunk, 0, Math.min(chunk.length, bytes - position), position);
      if (count === 0) return -1;
      checksum = crc32(chunk.subarray(0, count), checksum);
      position += count;
    }
    return checksum;
  }

  /**
   * The plan's history: its events, oldest first, from the last time it was restored with
   * `import --replace` (which sets what came before aside), without the review answers that were
   * undone (`keepUndone` keeps them). `reviewsOnly` skips every other event.
   */
  readHistory(planId: string, options: { reviewsOnly?: boolean; keepUndone?: boolean } = {}): JournalEvent[] {
    const events = options.reviewsOnly ? this.readHistoryEvents(planId) : this.readEvents({ plan: planId });
    let from = 0;
    for (let index = events.length - 1; index >= 0; index -= 1) {
      const event = events[index]!;
      if (event.kind !== 'review' && event.resets) {
        from = index;
        break;
      }
    }
    let history = from === 0 ? events : events.slice(from);
    // A review answer undone (review's `u`, or `undo`) is no longer part of the history.
    if (!options.keepUndone) history = dropUndone(history);
    return options.reviewsOnly ? history.filter((event) => event.kind === 'review') : history;
  }

  /** The plan's review answers that count: not taken back, and not practice (practice moved no date). */
  countedReviews(planId: string): ReviewEvent[] {
    return this.readHistory(planId, { reviewsOnly: true }).filter((event): event is ReviewEvent => event.kind === 'review' && !event.practice);
  }

  /**
   * Runs `change` under the store's lock on a transaction over one plan's records, then commits what
   * it changed (journal, record files, root, in that order). A store in an older format is first
   * brought up to this one, after a copy of it is kept beside it. Resolves to what `change` returns.
   */
  async update<T>(planId: string, identity: PlanIdentity, change: (tx: PlanTransaction) => T | Promise<T>): Promise<T> {
    return this.underLock(identity.resolveTicks ? { planId, resolve: identity.resolveTicks } : undefined, async (root, assertHeld) => {
      const tx = new PlanTransaction(this, root, planId, identity.at, identity.layout ?? LAYOUT_BY_ID);
      const result = await change(tx);
      if (tx.isEmpty()) return result;
      const problem = tx.recordProblem();
      if (problem) throw new StudyError(`store ${this.rootFile} was not changed: the change would have written a record it cannot read back (${problem})`);
      this.commit(root, planId, tx, identity, assertHeld);
      return result;
    });
  }

  /**
   * This store's machine id (`sync` tells machines apart by it), made and committed when the store
   * has none yet; with `renew`, a new one replaces it (a store folder copied from another machine).
   */
  async machineId(options: { renew?: boolean } = {}): Promise<string> {
    const parsed = this.readParsedRoot();
    if (parsed.kind === 'current' && !options.renew) return parsed.root.machine;
    return this.underLock(undefined, (root, assertHeld) => {
      if (this.readParsedRoot().kind === 'current' && !options.renew) return root.machine;
      const next: Root = { ...root, machine: options.renew ? newMachineId() : root.machine, generation: root.generation + 1 };
      assertHeld();
      this.writeRoot(next);
      return next.machine;
    });
  }

  /**
   * Runs `work` under the store's lock on the root as it is (brought up to this format first, or a
   * new one when there is no store yet), after removing what a killed run left behind.
   */
  private async underLock<T>(ticks: { planId: string; resolve: NonNullable<PlanIdentity['resolveTicks']> } | undefined, work: (root: Root, assertHeld: () => void) => T | Promise<T>): Promise<T> {
    const lockPath = `${this.rootFile}.lock`;
    try {
      makeFolders(this.directory);
    } catch (error) {
      throw fileSystemFailure(this.rootFile, 'cannot be created', creationError(this.directory, error));
    }
    let lock;
    try {
      lock = await acquireLock(lockPath, {
        onWaiting: (holder) =>
          this.options.onWaiting?.(`waiting for another k8s-study${holder ? ` (process ${holder.pid})` : ''} to finish with the store…`),
      });
    } catch (error) {
      if (error instanceof LockError) {
        if (error.reason === 'io') throw fileSystemFailure(this.rootFile, 'cannot be locked', Object.assign(new Error(error.message), { code: error.code }));
        throw new StudyError(`store ${this.rootFile} cannot be changed: ${error.message}`);
      }
      throw error;
    }
    try {
      this.parsed = undefined;
      this.plans.clear();
      let parsed = this.readParsedRoot();
      if (parsed.kind === 'legacy') {
        const { migrateLegacyStore } = await loadMigration();
        await migrateLegacyStore(this, parsed.format, this.legacyConversion(parsed), () => lock.assertHeld(), ticks);
        this.parsed = undefined;
        this.legacy = undefined;
        parsed = this.readParsedRoot();
      }
      let root: Root;
      if (parsed.kind === 'current') root = parsed.root;
      else {
        // No root yet. Records without one are a store whose root was lost or moved aside: tidying
        // against a new root would delete them, and a new journal would cut the old one off.
        this.refuseOverRecordsWithoutRoot();
        // A new store gets its (empty) root first: from then on, records the root does not name
        // can only be what a killed run left, and are tidied away.
        root = newRoot();
        lock.assertHeld();
        this.writeRoot(root);
        this.parsed = undefined;
      }
      this.removeLeftovers(root);
      return await work(root, () => lock.assertHeld());
    } catch (error) {
      if (error instanceof LockError) throw new StudyError(`store ${this.rootFile} was not changed: ${error.message}. Run it again.`);
      throw error;
    } finally {
      this.parsed = undefined;
      this.plans.clear();
      lock.release();
    }
  }

  /** Refuses to start a store where one has been: a journal or record files, but no root. */
  private refuseOverRecordsWithoutRoot(): void {
    const found: string[] = [];
    try {
      if (statSync(this.journalFile).size > 0) found.push(JOURNAL_FILE);
    } catch {
      // No journal: nothing to keep.
    }
    const plansFolder = join(this.directory, PLANS_FOLDER);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(plansFolder, { withFileTypes: true });
    } catch {
      // No plans folder (or not a folder): no records in it.
    }
    // Each plan's folder on its own: a stray file beside them (.DS_Store) is no plan, and a folder
    // that cannot be read may hold records.
    const holdsRecords = (entry: Dirent): boolean => {
      if (!entry.isDirectory()) return false;
      try {
        return readdirSync(join(plansFolder, entry.name)).length > 0;
      } catch {
        return true;
      }
    };
    if (entries.some(holdsRecords)) found.push(`${PLANS_FOLDER}/`);
    if (found.length === 0) return;
    throw new StudyError(
      `store ${this.directory} holds records (${found.join(', ')}) but no ${ROOT_FILE}: nothing was changed, so that they are kept. ` +
        `Put back the ${ROOT_FILE} you moved aside (mended by hand if it was damaged), or move the whole folder aside and restore a backup into a new one with ${this.suggest('import FILE')}.`,
    );
  }

  /** Removes what a run killed half way through a commit left: journal bytes past the committed end, stray files. */
  private removeLeftovers(root: Root): void {
    try {
      for (const name of readdirSync(this.directory)) {
        // This build's temporary files, and those conf's writer left in older versions.
        if (name.startsWith(temporaryPrefix(ROOT_FILE)) || name.startsWith(temporaryPrefix(JOURNAL_FILE)) || name.startsWith(`${ROOT_FILE}.tmp-`)) {
          rmSync(join(this.directory, name), { recursive: true, force: true });
        }
      }
      const plansFolder = join(this.directory, PLANS_FOLDER);
      if (!existsSync(plansFolder)) return;
      for (const planId of readdirSync(plansFolder)) {
        const entry = has(root.plans, planId) ? root.plans[planId] : undefined;
        const named = new Set(entry ? recordFilesOf(entry) : []);
        const folder = join(plansFolder, planId);
        let names: string[];
        try {
          names = readdirSync(folder);
        } catch {
          continue;
        }
        for (const name of names) if (!named.has(name)) rmSync(join(folder, name), { recursive: true, force: true });
      }
    } catch (error) {
      throw fileSystemFailure(this.rootFile, 'could not be tidied', error);
    }
  }

  /** Appends events after the journal's committed end (dropping anything past it) and flushes them; returns the new length. */
  appendEvents(root: Root, events: readonly JournalEvent[]): number {
    if (events.length === 0) return root.journal.bytes;
    const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    let fd: number;
    try {
      fd = openSync(this.journalFile, constants.O_RDWR | constants.O_CREAT, 0o600);
    } catch (error) {
      throw fileSystemFailure(this.journalFile, 'could not be written', error);
    }
    try {
      const size = fstatSync(fd).size;
      let start = root.journal.bytes;
      if (size < start) {
        this.options.warn?.(`warning: ${this.journalFile} is shorter than the store recorded (${size} of ${start} bytes): history before this change may be missing`);
        start = size;
      }
      if (size > start) ftruncateSync(fd, start);
      const bytes = Buffer.from(text, 'utf8');
      let done = 0;
      // Written at the committed end (pwrite), whatever a killed run left after it.
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, start + done);
      fsyncSync(fd);
      return start + bytes.length;
    } catch (error) {
      throw fileSystemFailure(this.journalFile, 'could not be written', error);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes a record file of a plan under a new name, flushed to disk. The plan's folder is flushed
   * once, after the last file of a commit (syncPlanFolder).
   */
  writeRecordFile(planId: string, name: string, records: Dict<unknown>): void {
    const folder = this.planFolder(planId);
    try {
      makeFolders(folder);
      writeFileAtomic(join(folder, name), serializeRecords(records), 0o600, { syncFolder: false });
    } catch (error) {
      // Named as the store the user knows: nothing was committed, the store is as it was.
      throw fileSystemFailure(this.rootFile, `could not be changed (writing plans/${planId}/${name})`, error);
    }
  }

  /** Flushes the plan's folder: the new record files' names are on disk before the root names them. */
  syncPlanFolder(planId: string): void {
    syncFolder(this.planFolder(planId));
  }

  /** Replaces the root: the commit point of every change. */
  writeRoot(root: Root): void {
    try {
      writeFileAtomic(this.rootFile, serializeRoot(root), 0o600);
    } catch (error) {
      throw fileSystemFailure(this.rootFile, 'could not be written', error);
    }
  }

  private commit(root: Root, planId: string, tx: PlanTransaction, identity: PlanIdentity, assertHeld: () => void): void {
    const generation = root.generation + 1;
    const events = tx.events();
    const entry: RootPlan = has(root.plans, planId) ? { ...root.plans[planId]! } : { ...emptyMeta(), sessionFiles: [], itemFiles: [], itemLayout: null };
    const written: string[] = [];
    const superseded: string[] = [];
    const meta = tx.meta;
    assertHeld();
    const journalBytes = this.appendEvents(root, events);
    const sessionShards = tx.sessionShardsToWrite();
    if (sessionShards) {
      const anew = sessionShards.count !== entry.sessionFiles.length;
      const names = anew ? new Array<string>(sessionShards.count).fill('') : [...entry.sessionFiles];
      if (anew) superseded.push(...entry.sessionFiles);
      for (const [shard, records] of sessionShards.changed) {
        const name = `sessions-${shard}-${generation}.json`;
        this.writeRecordFile(planId, name, records);
        if (!anew && names[shard]) superseded.push(names[shard]!);
        names[shard] = name;
        written.push(name);
      }
      entry.sessionFiles = names;
    }
    const shards = tx.itemShardsToWrite();
    if (shards) {
      // All spread anew (another count or layout): every old file goes; else only the changed ones are replaced.
      const anew = shards.count !== entry.itemFiles.length || shards.layout !== entry.itemLayout;
      const names = anew ? new Array<string>(shards.count).fill('') : [...entry.itemFiles];
      if (anew) superseded.push(...entry.itemFiles);
      for (const [shard, records] of shards.changed) {
        const name = `items-${shard}-${generation}.json`;
        this.writeRecordFile(planId, name, records);
        if (!anew && names[shard]) superseded.push(names[shard]!);
        names[shard] = name;
        written.push(name);
      }
      entry.itemFiles = names;
      entry.itemLayout = shards.layout;
    }
    if (written.length > 0) this.syncPlanFolder(planId);
    entry.title = identity.title;
    if (identity.file !== null) entry.file = identity.file;
    entry.lab = meta.lab;
    entry.startDate = meta.startDate;
    const next: Root = {
      ...root,
      generation,
      journal: { bytes: journalBytes, events: root.journal.events + events.length },
      clock: tx.clock,
      plans: dict([...Object.entries(root.plans).filter(([id]) => id !== planId), [planId, entry]]),
    };
    assertHeld();
    this.writeRoot(next);
    // Committed. The files the old root named go now; a run killed here leaves them for the next writer.
    for (const name of superseded) removeFile(join(this.planFolder(planId), name));
  }
}

/** Node's recursive mkdir says ENOENT for every failure; find the real reason by creating the folders one by one. */
function creationError(directory: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  const missing: string[] = [];
  for (let folder = directory; !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder)) missing.unshift(folder);
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code !== 'EEXIST') return inner;
    }
  }
  return error;
}

/** A fresh id for the machine a store lives on (its records are told apart from other machines' when merging). */
export function newMachineId(): string {
  return randomBytes(8).toString('hex');
}

function newRoot(): Root {
  return { machine: newMachineId(), generation: 0, journal: { bytes: 0, events: 0 }, clock: null, plans: dict() };
}

/**
 * One change to one plan's records, under the lock. Records are read from their files when first
 * asked for and are never changed in place: a change sets a new record. What changed is known
 * exactly, so only the files holding it are written, and the journal event says what it was before.
 */
export class PlanTransaction implements PlanRecords {
  /** The plan's lab and start dates as they stand in this transaction. */
  meta: PlanMeta;
  clock: Clock | null;
  private readonly entry: RootPlan | undefined;
  private readonly sessionShardCount: number;
  private readonly sessionShards = new Map<number, Dict<SessionRecord>>();
  private readonly dirtySessionShards = new Set<number>();
  private readonly shardCount: number;
  private readonly shards = new Map<number, Dict<ItemRecord>>();
  /** The item files were spread by another layout: every item is read, and all are spread anew. */
  private readonly relayout: boolean;
  private everyItem: Dict<ItemRecord> | undefined;
  private readonly touched = new Map<string, unknown>();
  private readonly reviews: ReviewEvent[] = [];
  /** Events another machine made, logged as they are (sync). */
  private readonly foreign: JournalEvent[] = [];
  private intent: Intent | undefined;
  private readonly dirtyShards = new Set<number>();

  constructor(
    private readonly store: Store,
    root: Root,
    readonly planId: string,
    /** When this change is made: the instant recorded in its events and records. */
    readonly at: string,
    private readonly layout: ItemLayout,
  ) {
    this.entry = has(root.plans, planId) ? root.plans[planId] : undefined;
    this.meta = this.entry ? { title: this.entry.title, file: this.entry.file, lab: this.entry.lab, startDate: this.entry.startDate } : emptyMeta();
    this.clock = root.clock;
    this.sessionShardCount = Math.max(1, this.entry?.sessionFiles.length ?? 1);
    this.shardCount = Math.max(1, this.entry?.itemFiles.length ?? 1);
    this.relayout = (this.entry?.itemFiles.length ?? 0) > 1 && this.entry?.itemLayout !== layout.fingerprint;
  }

  /** Says what this change is, for the journal (every change but a review answer needs one). */
  describe(kind: ActionKind, what?: string, options: { undoes?: string; resets?: boolean } = {}): void {
    this.intent = { kind, what, ...options };
  }

  private remember(key: string, before: unknown): void {
    if (!this.touched.has(key)) this.touched.set(key, before === undefined ? null : before);
  }

  /** The session records of one shard file, read when first asked for. */
  private sessionShard(index: number): Dict<SessionRecord> {
    let records = this.sessionShards.get(index);
    if (!records) {
      const name = this.entry?.sessionFiles[index];
      records = name ? this.store.readRecords<SessionRecord>(this.planId, name, sessionProblem) : dict<SessionRecord>();
      this.sessionShards.set(index, records);
    }
    return records;
  }

  /** Every session record of the plan (a copy: changes go through setSession). */
  allSessions(): Dict<SessionRecord> {
    const all = dict<SessionRecord>();
    for (let index = 0; index < this.sessionShardCount; index += 1) Object.assign(all, this.sessionShard(index));
    return all;
  }

  /** Whether some session record passes `test`: the record files read already first, the others only as needed. */
  someSession(test: (id: string, record: SessionRecord) => boolean): boolean {
    const passes = (records: Dict<SessionRecord>): boolean => Object.keys(records).some((id) => test(id, records[id]!));
    for (const records of this.sessionShards.values()) if (passes(records)) return true;
    for (let index = 0; index < this.sessionShardCount; index += 1) {
      if (!this.sessionShards.has(index) && passes(this.sessionShard(index))) return true;
    }
    return false;
  }

  session(id: string): SessionRecord | undefined {
    const records = this.sessionShard(sessionShardOf(id, this.sessionShardCount));
    return has(records, id) ? records[id] : undefined;
  }

  setSession(id: string, record: SessionRecord | null): void {
    const index = sessionShardOf(id, this.sessionShardCount);
    const records = this.sessionShard(index);
    this.remember(`session:${id}`, has(records, id) ? records[id] : undefined);
    if (record === null) delete records[id];
    else records[id] = record;
    this.dirtySessionShards.add(index);
  }

  private shard(index: number): Dict<ItemRecord> {
    let records = this.shards.get(index);
    if (!records) {
      const name = this.entry?.itemFiles[index];
      records = name ? this.store.readRecords<ItemRecord>(this.planId, name, itemProblem) : dict<ItemRecord>();
      this.shards.set(index, records);
    }
    return records;
  }

  /** The dictionary that holds (or would hold) an item: its shard, or all items when spreading anew. */
  private holderOf(id: string): { records: Dict<ItemRecord>; index: number } {
    if (this.relayout) return { records: this.allItems(), index: -1 };
    const index = shardOf(id, this.shardCount, this.layout);
    return { records: this.shard(index), index };
  }

  item(id: string): ItemRecord | undefined {
    const { records } = this.holderOf(id);
    return has(records, id) ? records[id] : undefined;
  }

  allItems(): Dict<ItemRecord> {
    if (this.relayout) {
      if (!this.everyItem) {
        this.everyItem = dict<ItemRecord>();
        for (let index = 0; index < this.shardCount; index += 1) Object.assign(this.everyItem, this.shard(index));
      }
      return this.everyItem;
    }
    const all = dict<ItemRecord>();
    for (let index = 0; index < this.shardCount; index += 1) Object.assign(all, this.shard(index));
    return all;
  }

  setItem(id: string, record: ItemRecord | null): void {
    const { records, index } = this.holderOf(id);
    this.remember(`item:${id}`, has(records, id) ? records[id] : undefined);
    if (record === null) delete records[id];
    else records[id] = record;
    this.dirtyShards.add(index);
  }

  setMeta(meta: PlanMeta): void {
    this.remember('meta', { lab: this.meta.lab, startDate: this.meta.startDate });
    this.meta = meta;
  }

  setClock(clock: Clock | null): void {
    this.remember('clock', this.clock);
    this.clock = clock;
  }

  /**
   * Logs a review answer (the item's new state is set with setItem); `id` is kept when given (an
   * imported review). Returns the event's id (what an undo of this answer names).
   */
  addReview(review: Omit<ReviewEvent, 'id' | 'plan' | 'kind'> & { id?: string }): string {
    const id = review.id ?? newEventId();
    this.reviews.push({ ...review, id, kind: 'review', plan: this.planId });
    return id;
  }

  /** An event worth writing even when no record changed: a reset of the history, or an undo (of a practice answer, say). */
  private standalone(): boolean {
    return Boolean(this.intent?.resets || this.intent?.undoes);
  }

  /**
   * What is wrong with a record this change sets, or null. A record the store could not read back
   * would make the whole plan unreadable: such a change is refused before anything is written.
   */
  recordProblem(): string | null {
    for (const key of this.touched.keys()) {
      let problem: string | null = null;
      if (key === 'clock') problem = clockProblem(this.clock);
      else if (key.startsWith('session:')) {
        const record = this.session(key.slice('session:'.length));
        problem = record === undefined ? null : sessionProblem(record);
      } else if (key.startsWith('item:')) {
        const record = this.item(key.slice('item:'.length));
        problem = record === undefined ? null : itemProblem(record);
      }
      if (problem) return `${key}: ${problem}`;
    }
    return null;
  }

  /** Logs an event another machine made (its records are set like any others'); it keeps its id and origin. */
  addForeignEvent(event: JournalEvent): void {
    if (event.plan !== this.planId || !event.origin) throw new Error(`event ${event.id} is not another machine's event of the plan ${this.planId}`);
    this.foreign.push(event);
  }

  /** Whether nothing at all was changed (then nothing is written). */
  isEmpty(): boolean {
    return this.changes().length === 0 && this.reviews.length === 0 && this.foreign.length === 0 && !this.standalone();
  }

  private changes(): RecordChange[] {
    const changes: RecordChange[] = [];
    for (const [key, before] of this.touched) {
      let after: unknown;
      if (key === 'meta') after = { lab: this.meta.lab, startDate: this.meta.startDate };
      else if (key === 'clock') after = this.clock;
      else if (key.startsWith('session:')) after = this.session(key.slice('session:'.length)) ?? null;
      else after = this.item(key.slice('item:'.length)) ?? null;
      if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ key, before, after });
    }
    return changes;
  }

  /**
   * The journal events this transaction commits: other machines' events it brought in, the action
   * (what it changed), then the review answers.
   */
  events(): JournalEvent[] {
    let changes = this.changes();
    // Review answers say what they changed by themselves: the item follows from the answers.
    if (this.reviews.length > 0 && !this.intent) changes = changes.filter((change) => !change.key.startsWith('item:'));
    if (changes.length === 0 && !this.standalone()) return [...this.foreign, ...this.reviews];
    if (!this.intent) throw new Error('a change to the store was made without saying what it is');
    const event: JournalEvent = {
      id: newEventId(),
      at: this.at,
      plan: this.planId,
      kind: this.intent.kind,
      ...(this.intent.what ? { what: this.intent.what } : {}),
      ...(this.intent.undoes ? { undoes: this.intent.undoes } : {}),
      ...(this.intent.resets ? { resets: true as const } : {}),
      changes,
    };
    return [...this.foreign, event, ...this.reviews];
  }

  /**
   * The session shards to write: the changed ones; or all of them, spread over more files, once the
   * plan's sessions outgrew the files they are in.
   */
  sessionShardsToWrite(): { count: number; changed: Map<number, Dict<SessionRecord>> } | null {
    if (this.dirtySessionShards.size === 0) return null;
    const held = (index: number): number => Object.keys(this.sessionShard(index)).length;
    const fits = this.entry !== undefined && this.entry.sessionFiles.length > 0 && [...this.dirtySessionShards].every((index) => held(index) <= 2 * SESSIONS_PER_SHARD);
    if (fits) return { count: this.sessionShardCount, changed: new Map([...this.dirtySessionShards].map((index) => [index, this.sessionShard(index)])) };
    const all = this.allSessions();
    // Spread because a shard is too full: at least twice as wide, or the same spread comes back.
    const outgrown = this.entry !== undefined && this.entry.sessionFiles.length > 0;
    const count = shardCountFor(Object.keys(all).length, SESSIONS_PER_SHARD, outgrown ? this.sessionShardCount * 2 : 1);
    const changed = new Map<number, Dict<SessionRecord>>();
    for (let index = 0; index < count; index += 1) changed.set(index, dict());
    for (const id of Object.keys(all)) changed.get(sessionShardOf(id, count))![id] = all[id]!;
    return { count, changed };
  }

  /**
   * The item shards to write: the changed ones; or all of them spread anew when a shard grew too
   * full, or when they were spread by another layout (the plan was edited).
   */
  itemShardsToWrite(): { count: number; layout: string; changed: Map<number, Dict<ItemRecord>> } | null {
    if (this.dirtyShards.size === 0) return null;
    // Too full: a shard grew past the most it should hold, and spreading wider would split it (its
    // items belong to more than one session; a single session's items always share one shard).
    const tooFull =
      !this.relayout &&
      [...this.dirtyShards].some((index) => {
        const ids = Object.keys(this.shard(index));
        return ids.length > MAX_ITEMS_PER_SHARD && new Set(ids.map((id) => this.layout.owner(id))).size > 1;
      });
    if (!tooFull && !this.relayout && this.entry && this.entry.itemFiles.length > 0) {
      return { count: this.shardCount, layout: this.entry.itemLayout ?? this.layout.fingerprint, changed: new Map([...this.dirtyShards].map((index) => [index, this.shard(index)])) };
    }
    const all = this.allItems();
    // Spread because a shard is too full: at least twice as wide, or the same spread comes back.
    const count = shardCountFor(Object.keys(all).length, ITEMS_PER_SHARD, tooFull ? this.shardCount * 2 : 1);
    const changed = new Map<number, Dict<ItemRecord>>();
    for (let index = 0; index < count; index += 1) changed.set(index, dict());
    for (const id of Object.keys(all)) changed.get(shardOf(id, count, this.layout))![id] = all[id]!;
    return { count, layout: this.layout.fingerprint, changed };
  }
}
