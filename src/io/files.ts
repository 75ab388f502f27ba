import { randomBytes } from './random.ts';
import { closeSync, constants, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

// File reading and writing that every other module builds on: reads that never hang on a FIFO or a
// device and never read more than they can use; writes that are atomic, durable and private.

/** Why a file could not be read, in the caller's words; `code` is the system error code when there is one. */
export class FileProblem extends Error {
  constructor(
    readonly reason: 'missing' | 'not-a-file' | 'too-large' | 'unreadable',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of its path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is full',
  EROFS: 'the file system is read-only',
};

/** A system error in words, e.g. `permission denied (EACCES)`. */
export function describeSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && SYSTEM_REASONS[code]) return `${SYSTEM_REASONS[code]} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * What identifies a file's bytes as the file system keeps them: size, modification and change
 * times, inode. Any write gives a file a new change time, which no one can set back.
 */
export const fileIdentity = (stat: Stats): string => `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;

/** What is read past the size fstat gave (Buffer's pool serves up to 4 KiB without an allocation of its own). */
const PROBE_BYTES = 4 * 1024 - 1;

/**
 * Reads a regular file whole, at most `maxBytes`. Anything else where a file is expected (a folder,
 * a FIFO, a device such as /dev/zero) is refused without waiting on it: it is opened non-blocking,
 * looked at, and read only when it is a regular file, with a byte cap that holds even when the file
 * grows while it is read.
 */
/**
 * `onStat`, when given, is told the file's identity (its fstat) and the time just before it was
 * looked at, when the file kept that identity while it was read: a write to it between the look
 * and the end of the read leaves it untold.
 */
export function readRegularFile(file: string, maxBytes: number, onStat?: (stat: Stats, lookedAt: number) => void): Buffer {
  const lookedAt = onStat ? Date.now() : 0;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileProblem('missing', 'no such file', code);
    if (code === 'EISDIR') throw new FileProblem('not-a-file', 'it is a folder, not a file', code);
    throw new FileProblem('unreadable', describeSystemError(error), code);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new FileProblem('not-a-file', 'it is a folder, not a file');
    if (!stat.isFile()) throw new FileProblem('not-a-file', 'it is not a regular file (a device, a pipe or a socket)');
    if (stat.size > maxBytes) throw new FileProblem('too-large', `it is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit`);
    // Read to the end (the size may have changed since fstat), never past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // What fstat gave, then small reads to find the end: a buffer of 64 KiB for the read that
      // finds nothing more, in each of a hundred record files read, was megabytes to collect.
      const chunk = Buffer.allocUnsafe(Math.min(total < stat.size ? stat.size - total : PROBE_BYTES, maxBytes + 1 - total));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      total += count;
      chunks.push(count === chunk.length ? chunk : chunk.subarray(0, count));
      if (total > maxBytes) throw new FileProblem('too-large', `it is over the ${formatBytes(maxBytes)} limit`);
    }
    if (onStat) {
      const after = fstatSync(fd);
      if (fileIdentity(after) === fileIdentity(stat)) onStat(stat, lookedAt);
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem('unreadable', describeSystemError(error), (error as NodeJS.ErrnoException).code);
  } finally {
    closeSync(fd);
  }
}

/** `readRegularFile` as UTF-8 text; null when the file does not exist. */
export function readTextIfExists(file: string, maxBytes: number): string | null {
  try {
    return readRegularFile(file, maxBytes).toString('utf8');
  } catch (error) {
    if (error instanceof FileProblem && error.reason === 'missing') return null;
    throw error;
  }
}

/** A byte count for people: `512 bytes`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Writes all of `data` to an open file descriptor. */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Flushes a folder's entries (a rename in it) to disk; some systems cannot, which is no error. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Not supported here (some file systems refuse fsync on a folder): the rename itself stands.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The prefix of the temporary files an atomic write of `file` makes beside it. */
export function temporaryPrefix(file: string): string {
  return `.${basename(file)}.tmp-`;
}

/**
 * Removes a file if it is there. (Node 20's rmSync loads its whole recursive-removal module even
 * for one file; unlink is what removing one file takes.)
 */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Writes a file atomically and durably: the data goes to a new temporary file beside it (created
 * exclusively, with `mode`, owned by whoever runs this), is flushed to disk, then renamed over the
 * target, and the folder is flushed. A reader sees the old file or the new one, never a part; a crash
 * leaves at most a temporary file, which the next writer removes. A symbolic link at `file` is
 * replaced, never written through.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600, options: { sync?: boolean; syncFolder?: boolean } = {}): void {
  const sync = options.sync ?? true;
  const temporary = join(dirname(file), `${temporaryPrefix(file)}${randomBytes(6).toString('hex')}`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    writeAll(fd, data);
    if (sync) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeFile(temporary);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, file);
  } catch (error) {
    removeFile(temporary);
    throw error;
  }
  // Several files written into one folder flush it once, after the last (syncFolder: false for the others).
  if (sync && options.syncFolder !== false) syncFolder(dirname(file));
}

/** Creates a new file with `data`, refusing (EEXIST) when anything is at that path already. */
export function writeNewFile(file: string, data: string, mode = 0o644): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    writeAll(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates a folder and the parents it lacks (those made get `mode`). Not Node's recursive mkdir:
 * on Node 20 it loops for ever where a parent cannot be made yet the system says ENOENT (a folder
 * under /proc), which hung every command given such a store folder. The first failure is thrown.
 */
export function makeFolders(folder: string, mode = 0o700): void {
  const missing: string[] = [];
  for (let current = resolve(folder); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const each of missing) {
    try {
      mkdirSync(each, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // What is there must be a folder (a file, or a link to nothing, is not), as mkdir would have said.
  if (!statSync(folder).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${folder}'`), { code: 'ENOTDIR', path: folder });
}
