import { buildProgram } from './cli.ts';
import type { Streams } from './context.ts';

/** Runs the full command-line program (commander and every command) on these arguments. */
export async function runProgram(argv: string[], env: NodeJS.ProcessEnv, streams: Streams, version: string): Promise<void> {
  await buildProgram({ env, streams, version }).parseAsync(argv, { from: 'user' });
}
