import { readFileSync, realpathSync, statSync, writeFileSync as writeInPlace } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileSync } from 'atomically';
import { StudyError } from '../errors.ts';

// The files `export` writes and `import` reads: the only file I/O of those commands.

/** Backups larger than this are refused unread: a plan of 10,000 sessions makes a few MiB. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

/** Reads a backup file's text; `refuse` turns a problem into the command's error. */
export function readBackupText(file: string, refuse: (problem: string) => StudyError): string {
  try {
    if (statSync(file).size > MAX_BACKUP_BYTES) throw refuse(`is over the ${MAX_BACKUP_BYTES / 1024 / 1024} MiB limit for backups`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof StudyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(`cannot be read (${code === 'ENOENT' ? 'no such file' : code ?? String(error)})`);
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
 * Writes an export atomically (a reader never sees half of it), with the given file mode. It never
 * writes over the files in `keep` (the store, the plan): a mistyped -o would lose them.
 */
export function writeExportFile(file: string, text: string, mode: number, keep: { file: string; what: string }[] = []): void {
  const target = realFile(file);
  const kept = keep.find((candidate) => realFile(candidate.file) === target);
  if (kept) throw new StudyError(`cannot write ${file}: it is ${kept.what}, which export never overwrites; choose another -o FILE`);
  // atomically would create missing folders: a mistyped path should fail instead.
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
    // A device or pipe (-o /dev/stdout, /dev/null, a FIFO) is written to, never replaced: renaming a
    // temporary file over it, as an atomic write does, would put a plain file where the device was.
    if (existing && !existing.isFile()) writeInPlace(file, text);
    else writeFileSync(file, text, { mode });
  } catch (error) {
    throw new StudyError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
