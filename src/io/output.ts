import { writeSync } from 'node:fs';
import { describeSystemError } from './files.ts';

// Standard output and error for a real process: written synchronously to the file descriptors (no
// stream machinery to load, which costs more than the rest of `next`), with every error surfaced.
// Writing into a closed pipe (`k8s-study list | head -1`) is the reader's choice and ends the run
// quietly; any other failure (a full disk behind `> backup.json`, /dev/full) is an error.

/** Where a command's text goes: a real descriptor, or (in tests) a collector. */
export interface TextSink {
  write(text: string): void;
  /** Sends what a buffering sink holds (before a prompt, at the end of a run). */
  flush?(): void;
  isTTY?: boolean;
  columns?: number;
}

/** The reader of standard output went away: stop quietly, with the exit code so far. */
export class OutputClosed extends Error {
  readonly quiet = true;
  constructor() {
    super('standard output was closed');
  }
}

/** Standard output could not be written: exit 1 with this message. */
export class OutputFailed extends Error {
  readonly exitCode = 1;
}

const sleep = new Int32Array(new SharedArrayBuffer(4));

/** A sink writing to a file descriptor, retrying while a non-blocking descriptor is full. */
export function descriptorSink(fd: number, name: string, tty: boolean): TextSink {
  return {
    isTTY: tty,
    write(text) {
      const bytes = Buffer.from(text, 'utf8');
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            // A pipe shared with a parent that made it non-blocking: wait for the reader a moment.
            Atomics.wait(sleep, 0, 0, 2);
            continue;
          }
          if (code === 'EPIPE') throw new OutputClosed();
          throw new OutputFailed(`cannot write to ${name}: ${describeSystemError(error)}; only the output is lost, anything the command recorded is saved`);
        }
      }
    },
  };
}

/**
 * A sink that keeps what is written until flushed: a command writing thousands of lines makes one
 * system call, not thousands; and output of a run that is abandoned (the fast path handing over to
 * the full program) can be dropped unseen. Anything that waits for the user flushes first.
 */
export class BufferedSink implements TextSink {
  private parts: string[] = [];
  private size = 0;
  /** Everything written, kept when asked (for the cache of views). */
  private readonly everything: string[] | null;
  readonly isTTY: boolean | undefined;
  readonly columns: number | undefined;

  constructor(
    private readonly sink: TextSink,
    options: { record?: boolean } = {},
  ) {
    this.isTTY = sink.isTTY;
    this.columns = sink.columns;
    this.everything = options.record ? [] : null;
  }

  write(text: string): void {
    this.everything?.push(text);
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.sink.write(text);
  }

  /** Everything written so far (when recording). */
  recorded(): string {
    return this.everything?.join('') ?? '';
  }
}
