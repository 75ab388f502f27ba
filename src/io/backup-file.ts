import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Writes an export atomically (a reader never sees half of it), with the given file mode. */
export function writeExportFile(file: string, text: string, mode: number): void {
  // atomically would create missing folders: a mistyped path should fail instead.
  let folder: ReturnType<typeof statSync> | null = null;
  try {
    folder = statSync(dirname(file));
  } catch {
    folder = null;
  }
  if (!folder?.isDirectory()) throw new StudyError(`cannot write ${file}: the folder ${dirname(file)} does not exist`);
  try {
    writeFileSync(file, text, { mode });
  } catch (error) {
    throw new StudyError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
