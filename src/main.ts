import { fstatSync } from 'node:fs';
import type { Streams } from './context.ts';
import { sanitizeLine } from './core/text.ts';
import { BufferedSink, descriptorSink } from './io/output.ts';
import { loadProgram, loadSimpleWrite } from './lazy.ts';
import { simpleWriteOf } from './simple-writes.ts';
import { cachedView, keepView, viewSlot } from './views.ts';

// The entry of every run: the one place that turns what happened into an exit code.
//
// A command line that printed a view before (a command that only reads) is answered from the cache
// of views while nothing it came from has changed (views.ts); a write in its plain form runs without
// commander (simple-writes.ts); anything else runs the program (program.ts: commander and every
// command), which is loaded only then.

declare const K8S_STUDY_VERSION: string;

/**
 * Whether a file descriptor is a terminal. Only a character device can be one; /dev/null and its
 * kin (device major 1 on Linux) never are, and are told apart without loading Node's terminal
 * module, which costs a tenth of Node's own start-up.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    if (process.platform === 'linux' && Math.floor(stat.rdev / 256) % 4096 === 1) return false;
  } catch {
    return false;
  }
  return (process.getBuiltinModule('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** The process's streams: standard output and error written synchronously; standard input set up only when read. */
export function standardStreams(): Streams {
  const stdoutIsTerminal = isTerminal(1);
  const stdout = descriptorSink(1, 'standard output', stdoutIsTerminal);
  // The terminal's width is asked only of a terminal (it costs loading the terminal stream).
  if (stdoutIsTerminal) stdout.columns = process.stdout.columns;
  return {
    stdout,
    stderr: descriptorSink(2, 'standard error', isTerminal(2)),
    get stdin() {
      return process.stdin;
    },
  };
}

/** An error's fields, read without instanceof: the fast path and the full program are separate bundles. */
interface ErrorShape {
  name?: unknown;
  exitCode?: unknown;
  code?: unknown;
  lines?: unknown;
  reported?: unknown;
  quiet?: unknown;
  message?: unknown;
  stack?: unknown;
}

/** The exit code for an error a command threw, after telling the user what went wrong. */
function report(error: unknown, streams: Streams, env: NodeJS.ProcessEnv): number {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const write = (line: string): void => {
    try {
      streams.stderr.write(`${line}\n`);
    } catch {
      // Nowhere left to say it.
    }
  };
  // The reader of our output went away (`k8s-study list | head -1`): its choice, not an error.
  if (shape.quiet === true) return 0;
  // Commander has printed its own message (a usage error, or --help / --version with exit 0).
  if (typeof shape.code === 'string' && shape.code.startsWith('commander.')) return shape.exitCode === 0 ? 0 : 2;
  // Ctrl-C at a prompt, however it arrives (Inquirer's own error, or ours): a cancel, not a crash.
  if (shape.name === 'ExitPromptError' || shape.name === 'AbortPromptError') {
    write('cancelled: nothing was saved');
    return 130;
  }
  if (Array.isArray(shape.lines)) {
    if (shape.reported !== true) for (const line of shape.lines) write(String(line));
    return 1;
  }
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  if (typeof shape.exitCode === 'number') {
    write(shape.exitCode === 130 ? sanitizeLine(message) : `error: ${sanitizeLine(message)}`);
    return shape.exitCode;
  }
  write(`error: unexpected failure: ${sanitizeLine(message)}`);
  if (env.K8S_STUDY_DEBUG && typeof shape.stack === 'string') write(shape.stack);
  return 1;
}

/** Runs k8s-study with these arguments and streams; resolves to the exit code. `simpleWrites: false` sends every write through the full program (the tests compare the two). */
export async function run(argv: string[], env: NodeJS.ProcessEnv, given: Streams = standardStreams(), { simpleWrites = true } = {}): Promise<number> {
  // What commands print is sent in one write at the end (or before a prompt), and kept for the cache of views.
  const stdout = new BufferedSink(given.stdout, { record: true });
  let complained = false;
  const streams: Streams = {
    stdout,
    stderr: {
      isTTY: given.stderr.isTTY,
      write: (text) => {
        complained = true;
        stdout.flush();
        given.stderr.write(text);
      },
    },
    get stdin() {
      return given.stdin;
    },
  };
  try {
    const slot = viewSlot(argv, env, streams);
    const cached = slot && cachedView(slot);
    if (cached !== null) {
      stdout.write(cached);
      stdout.flush();
      return 0;
    }
    // A write in its plain form runs without commander (simple-writes.ts), unless a value needs the program to say what is wrong with it.
    const write = simpleWrites ? simpleWriteOf(argv) : null;
    if (write && (await (await loadSimpleWrite()).runSimpleWrite(write, env, streams))) {
      stdout.flush();
      return 0;
    }
    const version = typeof K8S_STUDY_VERSION === 'string' ? K8S_STUDY_VERSION : '0.0.0-dev';
    const { runProgram } = await loadProgram();
    const source = await runProgram(argv, env, streams, version);
    stdout.flush();
    // Only a view printed cleanly is kept: a warning on standard error would be lost from it.
    if (slot && source && !complained) keepView(slot, source, stdout.recorded());
    return 0;
  } catch (error) {
    try {
      stdout.flush();
    } catch (failure) {
      return report(failure, streams, env);
    }
    return report(error, streams, env);
  }
}
