import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { fileIdentity, makeFolders, readTextIfExists, writeFileAtomic } from './files.ts';

// Which record files a read found good, by what identifies their bytes: size, modification and
// change times, inode. A full read of a large store (a hundred files, ten thousand records) then
// checks the records only of the files that changed since. Any change to a file, by the tool (which
// writes a new file under a new name) or by hand, gives it a new change time, which no one can set
// back: a stamp never vouches for bytes it was not made from. The stamps are a cache: a file that
// cannot be read or written only means the records are checked again.

/** The first line: the format, and the build whose checks found the files good (another build's stamps are not used). */
const header = (build: string): string => `k8s-study checked files 2 ${build}`;

/**
 * How long ago a file must have last changed for its identity to be kept. Some file systems keep
 * times to a clock tick or coarser (two seconds on FAT): a file stamped within the tick it was
 * written in could be written again in that tick, to the same size, and keep every time it had.
 * (Git calls such an entry "racily clean", and looks at it again the same way.)
 */
export const SETTLED_MS = 2000;

/**
 * Whether a file's last change was far enough before `lookedAt` (when its identity was taken) for
 * that identity to tell every later change.
 */
export const hasSettled = (stat: Stats, settledMs: number, lookedAt: number): boolean => lookedAt - stat.ctimeMs > settledMs;
const MAX_BYTES = 16 * 1024 * 1024;


export class RecordStamps {
  private stamps: Map<string, string> | undefined;
  private changed = false;

  constructor(
    readonly file: string,
    /** The build whose checks the stamps stand for ('sources' when running from them). */
    private readonly build: string,
    private readonly settledMs = SETTLED_MS,
  ) {}

  /** Whether the file known as `key` was found good with exactly this identity. */
  isChecked(key: string, stat: Stats): boolean {
    return this.load().get(key) === fileIdentity(stat);
  }

  /**
   * Records that the file known as `key`, with the identity it had at `lookedAt` and kept while it
   * was read (readRegularFile's onStat), was found good; not when it had changed just before.
   */
  markChecked(key: string, stat: Stats, lookedAt: number): void {
    if (!hasSettled(stat, this.settledMs, lookedAt)) return;
    const identity = fileIdentity(stat);
    if (this.load().get(key) === identity) return;
    this.stamps!.set(key, identity);
    this.changed = true;
  }

  /** Keeps the stamps of the files `keep` names (the others no longer exist, or soon will not), when any was added. */
  save(keep: (key: string) => boolean): void {
    if (!this.changed || !this.stamps) return;
    this.changed = false;
    const lines = [header(this.build)];
    for (const [key, identity] of this.stamps) if (keep(key)) lines.push(`${identity} ${key}`);
    try {
      makeFolders(dirname(this.file));
      writeFileAtomic(this.file, `${lines.join('\n')}\n`, 0o600, { sync: false });
    } catch {
      // Without stamps, the next read checks every record again.
    }
  }

  private load(): Map<string, string> {
    if (this.stamps) return this.stamps;
    this.stamps = new Map();
    let text: string | null = null;
    try {
      text = readTextIfExists(this.file, MAX_BYTES);
    } catch {
      // As if there were none.
    }
    const lines = text?.split('\n') ?? [];
    if (lines[0] !== header(this.build)) return this.stamps;
    for (let index = 1; index < lines.length; index += 1) {
      const line = lines[index]!;
      const space = line.indexOf(' ');
      if (space > 0) this.stamps.set(line.slice(space + 1), line.slice(0, space));
    }
    return this.stamps;
  }
}
