import type { GlobalOptions } from './context.ts';

// The writes a study day is made of (`done 3 --summary ... --minutes 45`, `check 3 1 2`, `review
// etcd --rating good`), typed in their plain forms, run without commander: declaring a command and
// parsing its line cost a write a tenth of its time above Node's own start-up. Only a line this
// reads exactly as commander does is taken: every option known, each at most once, no `--name=value`,
// no help or version, the arguments each command takes. Anything else, a value that does not parse
// included, goes to the full program, which says what is wrong (tests/simple-writes.test.ts holds the
// two to each other).

/** A plain write, its option values as typed (commands/simple-write.ts parses them as the program does). */
export type SimpleWrite = { global: GlobalOptions } & (
  | { command: 'done'; session: string; summary?: string | false; minutes?: string; at?: string }
  | { command: 'check'; session: string; items: string[]; uncheck: boolean }
  | { command: 'review'; item: string; rating: string }
);

/** The options each command takes: with a value (true) or as a flag (false). The program's own, everywhere. */
const OPTIONS: Record<SimpleWrite['command'], Record<string, boolean>> = {
  done: { '--summary': true, '--no-summary': false, '--minutes': true, '--at': true },
  check: { '--uncheck': false },
  review: { '--rating': true },
};
const GLOBAL_OPTIONS: Record<string, boolean> = { '--plan': true, '--json': false, '--no-color': false };

/** The write a command line asks for, when it is in a plain form; else null (the full program reads it). */
export function simpleWriteOf(argv: readonly string[]): SimpleWrite | null {
  const command = argv[0];
  if (command !== 'done' && command !== 'check' && command !== 'review') return null;
  const given = new Map<string, string | true>();
  const words: string[] = [];
  for (let index = 1; index < argv.length; index += 1) {
    const word = argv[index]!;
    if (!word.startsWith('-')) {
      words.push(word);
      continue;
    }
    const takesValue = OPTIONS[command][word] ?? GLOBAL_OPTIONS[word];
    // Unknown, `--`, `-x`, `--name=value`, help, version, or given twice: the program's to read.
    if (takesValue === undefined || given.has(word)) return null;
    if (!takesValue) given.set(word, true);
    else {
      // A value that looks like an option (`--summary --json`) is commander's to read: it takes the
      // program's own options wherever they are. `-` alone (standard input) is a value.
      const value = argv[index + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) return null;
      given.set(word, value);
      index += 1;
    }
  }
  const global: GlobalOptions = { color: !given.has('--no-color') };
  if (given.has('--plan')) global.plan = given.get('--plan') as string;
  if (given.has('--json')) global.json = true;
  const text = (name: string): string | undefined => given.get(name) as string | undefined;
  if (command === 'done') {
    if (words.length !== 1 || (given.has('--summary') && given.has('--no-summary'))) return null;
    const write: SimpleWrite = { global, command, session: words[0]! };
    if (given.has('--summary')) write.summary = text('--summary');
    if (given.has('--no-summary')) write.summary = false;
    if (given.has('--minutes')) write.minutes = text('--minutes');
    if (given.has('--at')) write.at = text('--at');
    return write;
  }
  if (command === 'check') {
    // With no numbers, `check` asks on a terminal: the program's.
    if (words.length < 2) return null;
    return { global, command, session: words[0]!, items: words.slice(1), uncheck: given.has('--uncheck') };
  }
  // Without --rating, `review` holds a sitting: the program's.
  if (words.length !== 1 || !given.has('--rating')) return null;
  return { global, command, item: words[0]!, rating: text('--rating')! };
}
