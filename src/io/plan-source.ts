import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { checkPlanModel } from '../core/plan-model.ts';
import { sanitizeLine } from '../core/text.ts';
import { FileProblem, readRegularFile } from './files.ts';
import { join, resolve } from 'node:path';
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

/** The format of a cache file; bump it when its layout changes. */
const CACHE_FORMAT = 1;

interface CacheEntry {
  format: number;
  build: string;
  file: string;
  stamp: string;
  plan: Plan;
}

/** How long a file must have been left alone before its stamp is trusted to tell its content. */
const SETTLED_MS = 2000;

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
  for (let index = 0; index < path.length; index += 1) {
    hash = Math.imul(hash ^ path.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function cacheFile(cache: PlanCache, file: string): string {
  return join(cache.directory, `plan-${nameFor(resolve(file))}.json`);
}

function lookUp(cache: PlanCache, file: string, stamp: string): Plan | null {
  let entry: Partial<CacheEntry>;
  try {
    entry = JSON.parse(readRegularFile(cacheFile(cache, file), 8 * MAX_PLAN_BYTES).toString('utf8')) as Partial<CacheEntry>;
  } catch {
    return null;
  }
  const fits = entry.format === CACHE_FORMAT && entry.build === cache.build && entry.file === resolve(file) && entry.stamp === stamp;
  // A cache is input like any other: an entry edited by hand, or damaged, is not used.
  return fits && checkPlanModel(entry.plan) ? (entry.plan as Plan) : null;
}

function remember(cache: PlanCache, file: string, stamp: string, plan: Plan): void {
  const target = cacheFile(cache, file);
  const temporary = `${target}.${process.pid}.tmp`;
  const entry: CacheEntry = { format: CACHE_FORMAT, build: cache.build, file: resolve(file), stamp, plan };
  try {
    mkdirSync(cache.directory, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
    // Atomic: a concurrent run reads the old entry or the new one, never half of one.
    renameSync(temporary, target);
  } catch {
    // A cache that cannot be written only costs time on the next run.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing to remove where no folder could be made (a file in the way, say).
    }
  }
}

/** A fingerprint of a plan file (device, inode, size, change times), or null when it cannot be looked at. */
export function planFileStamp(file: string): string | null {
  return stampOf(file)?.stamp ?? null;
}

/** The validated plan in `file` from the cache, or null when it is not there; the file is not read. */
export function cachedPlan(file: string, cache: PlanCache | null): Plan | null {
  const stamp = cache ? stampOf(file) : null;
  return cache && stamp ? lookUp(cache, file, stamp.stamp) : null;
}

/**
 * Loads a plan: from the cache when this build validated the file as it is now, else read once,
 * parsed and validated by `parse` (errors as PlanError, every one) and cached.
 */
export function loadPlan(file: string, cache: PlanCache | null, parse: PlanParser | undefined): Plan {
  // Stamped before reading: if the file changes while it is read, the entry never matches it.
  const stamp = cache ? stampOf(file) : null;
  const hit = cache && stamp ? lookUp(cache, file, stamp.stamp) : null;
  if (hit) return hit;
  if (!parse) throw new Error(`plan ${file} is not cached and no plan parser was loaded`);
  const plan = parse(readPlanText(file), file);
  if (cache && stamp?.settled) remember(cache, file, stamp.stamp, plan);
  return plan;
}
