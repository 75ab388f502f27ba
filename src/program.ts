import { buildProgram, unknownCommandError } from './cli.ts';
import type { Context, Streams } from './context.ts';
import type { ViewSource } from './views.ts';

/**
 * Runs the full command-line program (commander and every command) on these arguments. Resolves to
 * what the command offered to the cache of views (null when its output may not be kept).
 */
export async function runProgram(argv: string[], env: NodeJS.ProcessEnv, streams: Streams, version: string): Promise<ViewSource | null> {
  let context: Context | undefined;
  const program = buildProgram({ env, streams, version, argv, onContext: (opened) => (context = opened) });
  // `help NAME` of a command that does not exist: say so in one line (commander would print all of its help as an error).
  const [first, name] = argv;
  // `help --help` (or -h) is help about help: the program's own.
  if (first === 'help' && (name === '--help' || name === '-h')) argv = ['--help'];
  else if (first === 'help' && name !== undefined && !program.commands.some((command) => command.name() === name || command.aliases().includes(name))) {
    throw unknownCommandError(name);
  }
  await program.parseAsync(argv, { from: 'user' });
  return context?.viewSource ?? null;
}
