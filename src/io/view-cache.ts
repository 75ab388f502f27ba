import { chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeFolders, readRegularFile, writeFileAtomic } from './files.ts';

// The files of the cache of views (src/views.ts says what a view is made from): one per command line
// and environment, replaced by the next view of it. Losing the cache only costs time.

export interface ViewEntry {
  key: string;
  source: { planPath: string; planId: string; journal: boolean };
  output: string;
}

const MAX_VIEW_BYTES = 64 * 1024 * 1024;

/** The file holding the cached view of one command line in one environment. */
export function viewFile(cacheDirectory: string, commandLine: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < commandLine.length; index += 1) hash = Math.imul(hash ^ commandLine.charCodeAt(index), 0x01000193) >>> 0;
  return join(cacheDirectory, 'views', `view-${hash.toString(16).padStart(8, '0')}.json`);
}

/** Whether a cache file is this user's and writable by nobody else (else it is not trusted). */
function isOwnFile(file: string): boolean {
  try {
    const stat = statSync(file);
    const uid = process.getuid?.();
    return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The cached entry in a view file, or null (missing, damaged, not one, or writable by others). */
export function readView(file: string): ViewEntry | null {
  try {
    if (!isOwnFile(file)) return null;
    const entry = JSON.parse(readRegularFile(file, MAX_VIEW_BYTES).toString('utf8')) as Partial<ViewEntry>;
    const source = entry.source;
    if (typeof entry.key === 'string' && typeof entry.output === 'string' && source && typeof source.planPath === 'string' && typeof source.planId === 'string' && typeof source.journal === 'boolean') {
      return entry as ViewEntry;
    }
  } catch {
    // Missing or damaged: no view.
  }
  return null;
}

/** Keeps a view for next time (readable by its owner only); a cache that cannot be written only costs time. */
export function writeView(file: string, entry: ViewEntry): void {
  try {
    makeFolders(dirname(file));
    // A folder made looser by someone else is tightened (only when it is this user's own).
    if (isOwnFolder(dirname(file))) chmodSync(dirname(file), 0o700);
    writeFileAtomic(file, JSON.stringify(entry), 0o600, { sync: false });
  } catch {
    // No cache this time.
  }
}

function isOwnFolder(folder: string): boolean {
  try {
    const uid = process.getuid?.();
    return uid === undefined || statSync(folder).uid === uid;
  } catch {
    return false;
  }
}
