// The command a command line runs, read before commander parses it: the cache of views and the
// code cache are kept per command, and the program declares only the command named.

/**
 * The first word of a command line that is not an option nor the value of --plan; null when there
 * is none, and when help is asked for before it (`k8s-study --help done` is the program's own help).
 */
export function commandWordOf(args: readonly string[]): string | null {
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index]!;
    if (word === '--plan') index += 1;
    else if (word === '--' || word === '--help' || word === '-h') return null;
    else if (!word.startsWith('-')) return word;
  }
  return null;
}

/** Every command of k8s-study (tests/commands/exit-codes.test.ts checks this against the program). */
export const COMMAND_NAMES = ['next', 'list', 'show', 'check', 'start', 'stop', 'done', 'undo', 'note', 'due', 'review', 'lab', 'status', 'stats', 'plans', 'schedule', 'export', 'import', 'sync', 'validate', 'init', 'completion'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
export const ALIASES: Record<string, CommandName> = { ls: 'list' };

/** The command a command line names, when it names one of ours; else null. */
export function namedCommand(argv: readonly string[]): CommandName | null {
  const word = commandWordOf(argv);
  if (word === null) return null;
  return (COMMAND_NAMES as readonly string[]).includes(word) ? (word as CommandName) : (ALIASES[word] ?? null);
}

