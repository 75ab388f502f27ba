import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync as writeInPlace } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toInstant } from '../core/dates.ts';
import { StudyError } from '../errors.ts';
import { describeSystemError, FileProblem, readRegularFile, writeFileAtomic } from './files.ts';

// The files `export` writes and `import` reads: the only file I/O of those commands.

/**
 * Backups larger than this are refused unread. `export` writes one record a line without
 * indentation, and refuses to write a backup over this size, so every backup it makes can be imported.
 */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

/** Reads a backup file's text; `refuse` turns a problem into the command's error. */
export function readBackupText(file: string, refuse: (problem: string) => StudyError): string {
  try {
    return readRegularFile(file, MAX_BACKUP_BYTES).toString('utf8');
  } catch (error) {
    if (error instanceof FileProblem) {
      if (error.reason === 'too-large') throw refuse(`is over the ${MAX_BACKUP_BYTES / 1024 / 1024} MiB limit for backups`);
      throw refuse(`cannot be read (${error.message})`);
    }
    throw error;
  }
}

/** The file a path names, symbolic links followed; its absolute path when it does not exist. */
function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

/**
 * Writes an export: a new file owned by whoever runs this, readable by them only, put in place
 * atomically (a reader never sees half of it). A link at that path is replaced, never written
 * through into someone else's file. A device or pipe (-o /dev/stdout, a FIFO) is written to, never
 * replaced. It never writes over the files in `keep` (the store, the plan): a mistyped -o would lose them.
 */
export function writeExportFile(file: string, text: string, keep: { file: string; what: string }[] = []): void {
  const target = realFile(file);
  const kept = keep.find((candidate) => realFile(candidate.file) === target);
  if (kept) throw new StudyError(`cannot write ${file}: it is ${kept.what}, which export never overwrites; choose another -o FILE`);
  let folder: ReturnType<typeof statSync> | null = null;
  try {
    folder = statSync(dirname(file));
  } catch {
    folder = null;
  }
  if (!folder?.isDirectory()) throw new StudyError(`cannot write ${file}: the folder ${dirname(file)} does not exist`);
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(file);
  } catch {
    existing = null;
  }
  if (existing?.isDirectory()) throw new StudyError(`cannot write ${file}: it is a folder; name a file in it`);
  try {
    if (existing && !existing.isFile()) writeInPlace(file, text);
    else writeFileAtomic(file, text, 0o600);
  } catch (error) {
    throw new StudyError(`cannot write ${file}: ${describeSystemError(error)}`);
  }
}

/** The folder, in the store's folder, where `import --replace` keeps the progress it replaced. */
const REPLACED_FOLDER = 'replaced';

/**
 * Keeps the progress an `import --replace` is about to replace: a backup, as export writes it, at
 * `replaced/PLAN-YYYY-MM-DD-HHMMSS.json` in the store's folder (local time; `-2`, `-3`... after an
 * earlier one of the same second, never over it). Flushed to disk before the replace commits, so
 * whatever happens next, what was there can be imported back. Returns the file.
 */
export function keepReplacedProgress(storeFolder: string, planId: string, text: string, at: Date): string {
  const folder = join(storeFolder, REPLACED_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // The local instant as the store writes it (2026-12-01T10:00:00+01:00), made a file name: 2026-12-01-100000.
  const stamp = toInstant(at).slice(0, 19).replace('T', '-').replaceAll(':', '');
  let file = join(folder, `${planId}-${stamp}.json`);
  for (let count = 2; existsSync(file); count += 1) file = join(folder, `${planId}-${stamp}-${count}.json`);
  writeFileAtomic(file, text);
  return file;
}
