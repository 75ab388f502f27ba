import { buildProgram } from './cli.ts';
import type { Context, Streams } from './context.ts';
import type { ViewSource } from './views.ts';

/**
 * Runs the full command-line program (commander and every command) on these arguments. Resolves to
 * what the command offered to the cache of views (null when its output may not be kept).
 */
export async function runProgram(argv: string[], env: NodeJS.ProcessEnv, streams: Streams, version: string): Promise<ViewSource | null> {
  let context: Context | undefined;
  await buildProgram({ env, streams, version, onContext: (opened) => (context = opened) }).parseAsync(argv, { from: 'user' });
  return context?.viewSource ?? null;
}
