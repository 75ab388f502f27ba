import { CommanderError } from 'commander';
import { buildProgram } from './cli.ts';
import type { Streams } from './context.ts';
import { sanitizeLine } from './core/text.ts';
import { PlanError } from './errors.ts';

declare const K8S_STUDY_VERSION: string;

/** The exit code for an error thrown by a command; the only place that decides it. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 1;
}

/** The process's streams; standard input is set up only when something reads it (most runs never do). */
function standardStreams(): Streams {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
  };
}

/** Runs k8s-study with these arguments and streams; resolves to the exit code. */
export async function run(argv: string[], env: NodeJS.ProcessEnv, streams: Streams = standardStreams()): Promise<number> {
  const version = typeof K8S_STUDY_VERSION === 'string' ? K8S_STUDY_VERSION : '0.0.0-dev';
  const program = buildProgram({ env, streams, version });
  // Writing into a closed pipe (k8s-study list | head) is not an error worth a stack trace.
  streams.stdout.on?.('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const exitCode = exitCodeFor(error);
    if (error instanceof CommanderError) return exitCode; // commander has printed its message
    if (error instanceof PlanError) {
      if (!(error as { reported?: boolean }).reported) for (const line of error.lines) streams.stderr.write(`${line}\n`);
    } else if (exitCode === 130) {
      streams.stderr.write('cancelled: nothing more was saved\n');
    } else {
      const message = error instanceof Error ? error.message : String(error);
      const known = typeof (error as { exitCode?: unknown } | null)?.exitCode === 'number';
      // Messages quote what was typed, which may hold terminal escape sequences.
      streams.stderr.write(`error: ${sanitizeLine(known ? message : `unexpected failure: ${message}`)}\n`);
      if (!known && env.K8S_STUDY_DEBUG) streams.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    return exitCode;
  }
}
