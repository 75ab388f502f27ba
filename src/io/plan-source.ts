import { existsSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { checkPlanModel, checkPlanOutline, checkSessionDetail } from '../core/plan-model.ts';
import { detailOf, listersOf, outlineOf, type PlanOutline, type SessionDetail } from '../core/plan-outline.ts';
import { sanitizeLine } from '../core/text.ts';
import { FileProblem, makeFolders, readRegularFile } from './files.ts';
// A plan file is cached only once it has been left alone for as long as a stamp needs (SETTLED_MS).
import { RecordStamps, SETTLED_MS } from './record-stamps.ts';
import { basename, join, resolve } from 'node:path';
import type { Plan } from '../core/plan.ts';
import { StudyError } from '../errors.ts';

// Finding and reading plan files, and the cache of validated plans. This module stays light (no YAML,
// no schema library) because every command that reads a plan loads it: parsing and validating a plan
// costs more than Node's own start-up (loading the YAML library alone does), so a plan validated once
// is kept as JSON and reused while the file is unchanged and the same build reads it.
//
// "Unchanged" is told without reading the file, as make and git do: same device, inode, size,
// modification and status-change times. The status-change time (ctime) cannot be set by tools that
// restore an mtime, and a file changed within the same clock tick as it was cached is the one way a
// stamp could miss a change, so a plan is cached only when its file last changed over two seconds
// before (as git treats "racily clean" files).

/** Plan files larger than this are refused before parsing: no real plan comes near it. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

export { dataDirectory, SHIPPED_PLAN_FILE, shippedPlanPath } from './locations.ts';

/** Reads the text of a plan file, refusing what is missing, not a regular file, unreadable or too large. */
export function readPlanText(file: string): string {
  try {
    return readRegularFile(file, MAX_PLAN_BYTES).toString('utf8');
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    const name = sanitizeLine(file);
    if (error.reason === 'too-large') throw new StudyError(`plan ${name} is over the 5 MiB limit for plan files (${error.message})`);
    throw new StudyError(`cannot read plan ${name}: ${error.message}`);
  }
}

/** Where validated plans are cached, and which build wrote them (a cache from another build is ignored). */
export interface PlanCache {
  directory: string;
  build: string;
}

/** Parses and validates plan text (src/io/plan-file.ts), loaded only when the cache cannot serve. */
export type PlanParser = (text: string, file: string) => Plan;

/** The format of the cache files; bump it when their layout changes. */
const CACHE_FORMAT = 3;

/** Sessions per file of session details. */
const SESSIONS_PER_CHUNK = 32;

interface FileStamp {
  stamp: string;
  settled: boolean;
}

/** The file's identity and last-change times, or null when it cannot be looked at. */
function stampOf(file: string): FileStamp | null {
  try {
    const stat = statSync(file, { bigint: true });
    return {
      stamp: [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':'),
      settled: Date.now() - Number(stat.ctimeNs / 1_000_000n) > SETTLED_MS,
    };
  } catch {
    return null;
  }
}

/** A short name for a path (FNV-1a, 32 bits); entries record their full path, so a clash only misses. */
function nameFor(path: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < path.length; index += 1) hash = Math.imul(hash ^ path.charCodeAt(index), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The cache's files for one plan file: the whole plan, its outline, and its sessions in chunks. */
function cacheFile(cache: PlanCache, file: string, part: 'plan' | 'outline' | number): string {
  const suffix = part === 'plan' ? '' : part === 'outline' ? '.outline' : `.sessions-${part}`;
  return join(cache.directory, `plan-${nameFor(resolve(file))}${suffix}.json`);
}

/** An entry's content, when it was made by this build from the plan file as it is now (else null). */
function lookUp(cache: PlanCache, file: string, stamp: string, part: 'plan' | 'outline' | number): unknown {
  return lookUpEntry(cache, file, stamp, part)?.content ?? null;
}

/** lookUp, with the entry file's name and identity (what its stamp, once checked, records). */
function lookUpEntry(cache: PlanCache, file: string, stamp: string, part: 'plan' | 'outline' | number): CacheEntry | null {
  let entry: { format?: unknown; build?: unknown; file?: unknown; stamp?: unknown; content?: unknown };
  const path = cacheFile(cache, file, part);
  // The entry file's identity, when it kept it while it was read (else it is checked, not stamped).
  let identity: { stat: Stats; lookedAt: number } | null = null;
  try {
    entry = JSON.parse(readRegularFile(path, 8 * MAX_PLAN_BYTES, (stat, lookedAt) => (identity = { stat, lookedAt })).toString('utf8')) as typeof entry;
  } catch {
    return null;
  }
  const fits = entry.format === CACHE_FORMAT && entry.build === cache.build && entry.file === resolve(file) && entry.stamp === stamp;
  return fits ? { content: entry.content, name: basename(path), identity } : null;
}

/** An entry of the cache: its content, its file's name, and that file's identity as it was read (see readRegularFile). */
interface CacheEntry {
  content: unknown;
  name: string;
  identity: { stat: Stats; lookedAt: number } | null;
}

/**
 * Whether an entry's content passes `check`: checked field by field once, then (its file stamped
 * as found good, src/io/record-stamps.ts) taken as it is while the file keeps its identity. The
 * whole plan of a large file is tens of thousands of texts, each checked for what a terminal acts on.
 */
function passes<T>(found: CacheEntry | null, check: (value: unknown) => value is T, stamps: RecordStamps, directory: string): found is CacheEntry & { content: T } {
  if (!found) return false;
  if (found.identity && stamps.isChecked(found.name, found.identity.stat)) return true;
  if (!check(found.content)) return false;
  if (found.identity) {
    stamps.markChecked(found.name, found.identity.stat, found.identity.lookedAt);
    // The stamps of entries that are gone (a plan file no longer used) go with them.
    stamps.save((name) => existsSync(join(directory, name)));
  }
  return true;
}

function remember(cache: PlanCache, file: string, stamp: string, plan: Plan): void {
  try {
    makeFolders(cache.directory);
    const write = (part: 'plan' | 'outline' | number, content: unknown): void => {
      const target = cacheFile(cache, file, part);
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ format: CACHE_FORMAT, build: cache.build, file: resolve(file), stamp, content }), { mode: 0o600 });
      // Atomic: a concurrent run reads the old entry or the new one, never half of one.
      renameSync(temporary, target);
    };
    write('plan', plan);
    for (let first = 0; first < plan.sessions.length; first += SESSIONS_PER_CHUNK) {
      write(first / SESSIONS_PER_CHUNK, plan.sessions.slice(first, first + SESSIONS_PER_CHUNK).map((session) => detailOf(plan, session)));
    }
    // Last: an outline in the cache means the rest was written before it.
    write('outline', outlineOf(plan));
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}


/**
 * Where a run gets its plan: the whole of it, its outline, or one session in full. From the cache
 * when this build validated the file as it is now (each part read only when asked for, and checked
 * like any other input: an entry edited by hand or damaged is not used), else the file is read once,
 * parsed and validated by the parser (errors as PlanError, every one) and cached.
 */
export interface PlanSource {
  plan(): Plan;
  outline(): PlanOutline;
  detail(session: { id: string; number: number }): SessionDetail;
  /** Whether the parser is needed (the cache cannot serve): then it must be given before use. */
  needsParser: boolean;
}

export function openPlanSource(file: string, cache: PlanCache | null, parse?: PlanParser): PlanSource {
  // Stamped before reading: if the file changes while it is read, no entry matches it.
  const stamp = cache ? stampOf(file) : null;
  const stamps = cache ? new RecordStamps(join(cache.directory, 'checked-plan-cache'), cache.build) : null;
  const cached = cache && stamp ? lookUpEntry(cache, file, stamp.stamp, 'outline') : null;
  let outline: PlanOutline | null = cache && stamps && passes(cached, checkPlanOutline, stamps, cache.directory) ? cached.content : null;
  let plan: Plan | null = null;
  // Sessions in full read from the cache: a command asks for its session more than once.
  const details = new Map<string, SessionDetail>();
  const source: PlanSource = {
    needsParser: outline === null,
    plan() {
      if (plan) return plan;
      const hit = outline && cache && stamp ? lookUpEntry(cache, file, stamp.stamp, 'plan') : null;
      if (cache && stamps && passes(hit, checkPlanModel, stamps, cache.directory)) return (plan = hit.content);
      if (!parse) throw new Error(`plan ${file} is not in the cache and no plan parser was loaded`);
      plan = parse(readPlanText(file), file);
      if (cache && stamp?.settled) remember(cache, file, stamp.stamp, plan);
      return plan;
    },
    outline() {
      return (outline ??= outlineOf(source.plan()));
    },
    detail(session) {
      if (plan) return detailOf(plan, session);
      const known = details.get(session.id);
      if (known) return known;
      const chunk = outline && cache && stamp ? lookUp(cache, file, stamp.stamp, Math.floor((session.number - 1) / SESSIONS_PER_CHUNK)) : null;
      const found = Array.isArray(chunk) ? chunk.find((detail: { session?: { id?: unknown } }) => detail?.session?.id === session.id) : undefined;
      // The session in full must be the outline's session, with exactly the key points and terms it lists.
      if (checkSessionDetail(found) && outline && matchesOutline(found, outline)) {
        details.set(session.id, found);
        return found;
      }
      return detailOf(source.plan(), session);
    },
  };
  return source;
}

/**
 * Whether a session in full agrees with the outline: same id, number and title, and the outline has
 * it among the sessions listing each of its key points and terms.
 */
function matchesOutline(detail: SessionDetail, outline: PlanOutline): boolean {
  const listed = outline.sessions[detail.session.number - 1];
  const { session } = detail;
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, index) => id === b[index]);
  const listedHere = (itemId: string): boolean => listersOf(outline, itemId).includes(session.number);
  return (
    listed !== undefined &&
    listed.id === session.id &&
    listed.title === session.title &&
    same(session.keyPoints, detail.keyPoints.map((point) => point.id)) &&
    same(session.terms, detail.terms.map((term) => term.id)) &&
    session.keyPoints.every((id) => listedHere(`keypoint:${id}`)) &&
    session.terms.every((id) => listedHere(`term:${id}`))
  );
}
