import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileProblem, readRegularFile, writeFileAtomic } from './files.ts';

// A cache of what the commands that only read printed, per plan file and command line: run again
// on the same day with nothing changed, `next` or `status` on a store of thousands of items prints
// the same text without reading the records. An entry is used only when everything its text came
// from is unchanged: the build, the plan file, the store's files (looked at, not read), the study
// day, the width and colours of the output. One entry per plan file and command line, replaced by
// the next; losing the cache only costs time.

/** What a cached view was made from, as one string: any difference means it is not used. */
export type ViewKey = string;

interface ViewEntry {
  key: ViewKey;
  planId: string;
  planStamp: string;
  output: string;
}

const MAX_VIEW_BYTES = 64 * 1024 * 1024;

/** The file holding the cached view of one command line on one plan file. */
export function viewFile(cacheDirectory: string, planPath: string, commandLine: string): string {
  let hash = 0x811c9dc5;
  const text = `${resolve(planPath)}\u0000${commandLine}`;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return join(cacheDirectory, 'views', `view-${hash.toString(16).padStart(8, '0')}.json`);
}

/** The cached entry in a view file, or null (missing, damaged, or not one). */
export function readView(file: string): ViewEntry | null {
  try {
    const entry = JSON.parse(readRegularFile(file, MAX_VIEW_BYTES).toString('utf8')) as Partial<ViewEntry>;
    if (typeof entry.key === 'string' && typeof entry.planId === 'string' && typeof entry.planStamp === 'string' && typeof entry.output === 'string') return entry as ViewEntry;
  } catch (error) {
    if (!(error instanceof FileProblem) && !(error instanceof SyntaxError)) return null;
  }
  return null;
}

/** Keeps a view for next time; a cache that cannot be written only costs time. */
export function writeView(file: string, entry: ViewEntry): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, JSON.stringify(entry), 0o600, { sync: false });
  } catch {
    // No cache this time.
  }
}
