import { Argument, Command, Help, InvalidArgumentError, Option } from 'commander';
import { wrapAnsi } from 'fast-wrap-ansi';
import { columnsFromEnvironment } from './columns.ts';
import { ALIASES, COMMAND_NAMES, namedCommand, type CommandName } from './command-word.ts';
import type { Context, GlobalOptions, Streams } from './context.ts';
import { editDistance, oneOf, sanitizeText } from './core/text.ts';
import { UsageError } from './errors.ts';
import type { Shell } from './core/shell-completion.ts';
import { loadStats, loadSync } from './lazy.ts';
import { DEFAULT_STATS_WEEKS, parseDateInput, parseLimit, parseMinutes, parseRating, parseRemote, parseUpcomingDays, parseWeeks, textValue, type DateInput } from './options.ts';

// Every command and option of k8s-study, in one place. Option values are parsed here, where they
// are declared (options.ts), so a command receives them typed. Each action loads its command
// module lazily, so a run pays only for the command it runs.

const EXAMPLE = (lines: string): string => `\nExample:\n${lines.split('\n').map((line) => `  $ ${line}`).join('\n')}\n`;

/** Commander's parser for a value, turning our parse errors into its "invalid argument" usage errors. */
function parsedBy<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/**
 * Commander's usage errors, said plainly and with a way forward: a value our parser refused keeps
 * only our message (it names the value and what to write); a choice names the choices; a missing
 * or unknown piece points at the command's help.
 */
export function plainUsageError(text: string): string {
  // Commander's suggestion comes on a line of its own: an error is one line.
  text = text.replace(/\n\(Did you mean (.*)\?\)\n?$/, ' (did you mean $1?)\n');
  const refused = /^error: command-argument value '(.*)' is invalid for argument '([^']*)'\. ([\s\S]*)$/.exec(text);
  if (refused) {
    const [, value, argument, reason] = refused;
    const choices = /^Allowed choices are (.*)\.\s*$/.exec(reason!.trim());
    return choices ? `error: "${value}" is not a ${argument} k8s-study knows: use one of ${choices[1]}\n` : `error: ${reason!.trimEnd()}\n`;
  }
  const option = /^error: option '([^']*)' argument '(.*)' is invalid\. ([\s\S]*)$/.exec(text);
  if (option) {
    const [, flags, value, reason] = option;
    // The option by its long name (`-o, --output <file>`: --output).
    const name = flags!.split(/[ ,]+/).filter((flag) => flag.startsWith('-')).pop();
    const choices = /^Allowed choices are (.*)\.\s*$/.exec(reason!.trim());
    return choices ? `error: ${name}: "${value}" is not one of ${choices[1]}\n` : `error: ${name}: ${reason!.trimEnd()}\n`;
  }
  if (/^error: (unknown option|missing required argument|option '[^']*' argument missing|too many arguments)/.test(text) && !/--help|did you mean/i.test(text)) {
    return `${text.trimEnd()} (add --help to the command to see its arguments and options)\n`;
  }
  return text;
}

/** The width help text is wrapped to: what fits a terminal of 80 columns, or a narrower terminal (or $COLUMNS, not on a terminal). */
const HELP_WIDTH = 80;
function helpWidthOf(stdout: Streams['stdout'], env: NodeJS.ProcessEnv): number {
  const columns = stdout.isTTY ? stdout.columns : columnsFromEnvironment(env);
  return columns ? Math.max(40, Math.min(HELP_WIDTH, columns)) : HELP_WIDTH;
}

/**
 * Help (what commander writes to standard output) with its paragraphs of prose wrapped to 80
 * columns: a run of lines that start at the margin, up to a blank line, is one paragraph. Indented
 * lines (usage, options, commands, examples) are left as commander and the examples lay them out.
 */
export function reflowHelp(text: string, width = HELP_WIDTH): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push(wrapAnsi(paragraph.join(' '), width, { hard: false, trim: true }));
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    // A heading ("Options:", "Example:") stands alone.
    if (line === '' || /^\s/.test(line) || /^[A-Z][\w ]{0,30}:$/.test(line)) {
      flush();
      out.push(line);
    } else paragraph.push(line);
  }
  flush();
  return out.join('\n');
}

/** A summary's text, or `-` for standard input; not an option typed where the text was forgotten. */
const summaryValue = textValue('a summary', ' ("-" reads it from standard input)');

/** A date value, parsed, with what was typed (to name it in a later error). */
const dateValue = parsedBy((value): { input: DateInput; typed: string } => ({ input: parseDateInput(value), typed: value }));
/** A day something was done (`--at`): the same forms, with an error that suggests only past ones. */
const pastDateValue = parsedBy((value): { input: DateInput; typed: string } => ({ input: parseDateInput(value, { past: true }), typed: value }));

/**
 * Choices taken in any case and with spaces around them, as ratings and dates are: `--format JSON`
 * is json. A refused value is still named as typed.
 */
function anyCase<T extends Option | Argument>(target: T): T {
  const pick = target.parseArg!;
  target.argParser((value: string, previous: unknown) => pick(value.trim().toLowerCase(), previous));
  return target;
}

export interface ProgramOptions {
  env: NodeJS.ProcessEnv;
  streams: Streams;
  version: string;
  /** Builds the context for a command; tests may replace it. */
  makeContext?: (options: GlobalOptions) => Promise<Context>;
  /** Told the context the command runs with (what it offers to the cache of views is read from it). */
  onContext?: (context: Context) => void;
  /** The command line about to be parsed: only the command it names is declared (all without it). */
  argv?: readonly string[];
}

/**
 * The error for a word that is no command: with the commands it is nearest to a typo of (an alias
 * counts as its command), when it is long enough to be one.
 */
export function unknownCommandError(typed: string): UsageError {
  const word = typed.toLowerCase();
  const nearest = new Map<CommandName, number>();
  for (const [name, command] of [...COMMAND_NAMES.map((name) => [name, name] as const), ...Object.entries(ALIASES)]) {
    const allowed = word.length < 3 ? 0 : Math.max(1, Math.floor(Math.max(word.length, name.length) / 3));
    const distance = editDistance(word, name);
    if (distance <= allowed && distance < (nearest.get(command) ?? Number.POSITIVE_INFINITY)) nearest.set(command, distance);
  }
  // The nearest only: "stauts" is status or stats, not start as well.
  const closest = Math.min(...nearest.values());
  const near = [...nearest].filter(([, distance]) => distance === closest).map(([command]) => command);
  return new UsageError(`unknown command "${typed}": ${near.length > 0 ? `did you mean ${oneOf(near)}? ` : ''}k8s-study --help lists the commands`);
}

/** The commander program for k8s-study. It runs nothing until parsed. */
export function buildProgram({ env, streams, version, makeContext, onContext, argv }: ProgramOptions): Command {
  const program = new Command('k8s-study');
  // Declaring all the commands costs a run more than a millisecond: a command line that names one
  // gets only that one. One that names none (help asked for before any command included), or one
  // commander does not know, gets them all, for the command list of the help and the "unknown
  // command" error; so does `completion`, which describes them all.
  const named = argv ? namedCommand(argv) : null;
  const declares = (name: CommandName): boolean => named === null || named === 'completion' || named === name;
  let contextModule: Promise<typeof import('./context.ts')> | undefined;
  const context = async (): Promise<Context> => {
    const options = program.opts<GlobalOptions>();
    let opened: Context;
    if (makeContext) opened = await makeContext(options);
    else opened = await (await (contextModule ??= import('./context.ts'))).openContext(env, options, streams);
    onContext?.(opened);
    return opened;
  };

  program
    .description('Study a plan session by session, keep your own-words summaries, and review before the lab.')
    // With --json, one JSON document as everywhere else: the version as a JSON string.
    .version(argv?.includes('--json') ? JSON.stringify(version) : version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--plan <file>', 'the plan file (default: $K8S_STUDY_PLAN, else the shipped Kubernetes Security Fundamentals plan)')
    .option('--json', 'print one JSON document instead of text (never prompts)')
    .option('--no-color', 'no colours, even on a terminal')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(reflowHelp(text, helpWidthOf(streams.stdout, env))),
      getOutHelpWidth: () => helpWidthOf(streams.stdout, env),
      writeErr: (text) => streams.stderr.write(text),
      // Commander quotes what was typed: keep escape sequences in it off the terminal.
      outputError: (text, write) => write(sanitizeText(plainUsageError(text))),
    })
    .configureHelp({
      // Commander leaves a description column narrower than 40 unwrapped, to run past the edge of a
      // narrow terminal and break mid-word there: wrapped from 20 columns.
      minWidthToWrap: 20,
      // Narrower still (long terms on a narrow terminal): the description goes under its term.
      formatItem(term, termWidth, description, helper) {
        const width = helper.helpWidth ?? HELP_WIDTH;
        if (!description || width - termWidth - 4 >= 20) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${helper.boxWrap(description, width - 6).replace(/^/gm, '      ')}`;
      },
    })
    .exitOverride()
    // Every command needs the context: start loading it while the command's own module loads.
    .hook('preAction', () => {
      if (makeContext || contextModule) return;
      contextModule = import('./context.ts');
      // A failure surfaces where the module is awaited; a command that ends before then ignores it.
      contextModule.catch(() => {});
    })
    .addHelpText(
      'after',
      `
Sessions are named by their number in "list", their id, or a unique start of the id. Review items
by session:ID, keypoint:ID or term:ID, their bare id (etcd), or a unique start of the id.
Environment: K8S_STUDY_PLAN, K8S_STUDY_CONFIG_DIR (where progress is kept), K8S_STUDY_NOW
(the clock, e.g. 2026-12-01T09:30), K8S_STUDY_DAY_START (hour a study day starts, default 4), NO_COLOR.
${EXAMPLE('k8s-study next\nk8s-study done 1 --summary "AWS runs the control plane; I own the nodes"')}`,
    );

  if (declares('next'))
    program
      .command('next', { isDefault: true })
      .description('the session to study now, its checklist and key points; reviews due; the lab countdown')
      .addHelpText('after', EXAMPLE('k8s-study next'))
      // As the default command, `next` would receive a mistyped command name as an argument.
      .allowExcessArguments(true)
      .action(async (_options: unknown, command: Command) => {
        if (command.args.length > 0) {
          // `next extra` typed out is a word too many; `extra` alone was meant as a command.
          const typedNext = (command.parent?.args ?? [])[0] === 'next';
          if (typedNext) throw new UsageError(`too many arguments for 'next'. Expected 0 arguments but got ${command.args.length}. (add --help to the command to see its arguments and options)`);
          throw unknownCommandError(command.args[0]!);
        }
        return (await import('./commands/next.ts')).runNext(await context());
      });

  if (declares('list'))
    program
      .command('list')
      .alias('ls')
      .description('every session by day with its status and time, and overall progress')
      .addHelpText('after', EXAMPLE('k8s-study list'))
      .action(async () => (await import('./commands/list.ts')).runList(await context()));

  if (declares('show'))
    program
      .command('show')
      .argument('<session|item>', 'a session (number, id or id start) or a review item (term:etcd, etcd, a unique id start)')
      .description("one session in full (checklist, key points, terms, your summary, review dates), or one review item's memory: stability, difficulty, recall now and on the lab day, history")
      .addHelpText(
        'after',
        `
A session is looked for first (its number, id or a unique start of its id); only when no session
matches is the argument a review item. Anything with a colon is an item: show session:1 shows the
review item of session 1.
${EXAMPLE('k8s-study show 3\nk8s-study show eks-security\nk8s-study show etcd\nk8s-study show keypoint:control-plane --json')}`,
      )
      .action(async (target: string) => (await import('./commands/show.ts')).runShow(await context(), target));

  if (declares('check'))
    program
      .command('check')
      .argument('<session>', 'number, id or id prefix')
      .argument('[items...]', 'checklist item numbers')
      .option('--uncheck', 'clear the ticks instead')
      .description('tick checklist items by number (on a terminal with no numbers: a checkbox list)')
      .addHelpText('after', EXAMPLE('k8s-study check 1 1 2\nk8s-study check 1 2 --uncheck\nk8s-study check 1'))
      .action(async (session: string, items: string[], options: { uncheck?: boolean }) =>
        (await import('./commands/check.ts')).runCheck(await context(), session, items, options),
      );

  if (declares('start'))
    program
      .command('start')
      .argument('[session]', 'number, id or id prefix (default: the next session to study)')
      .description('start the study clock on a session; it keeps running when the terminal closes')
      .addHelpText('after', `${EXAMPLE('k8s-study start\nk8s-study start 3')}
The clock is kept in the store: it survives closing the terminal or a reboot. Starting a clock stops
the one running (in any plan) first. A clock left running past the end of its study day, longer
than the session's planned time, counts the planned time unless you say otherwise (on a terminal
you are asked).
`)
      .action(async (session: string | undefined) => (await import('./commands/clock.ts')).runStart(await context(), session));

  if (declares('stop'))
    program
      .command('stop')
      .addOption(new Option('--minutes <time>', 'count this instead of the clocked time: 45, 90m, 1h30m or 1.5h').argParser(parsedBy(parseMinutes)))
      .description('stop the study clock and add its minutes to its session (done then records them)')
      .addHelpText('after', EXAMPLE('k8s-study stop\nk8s-study stop --minutes 50   # the clock ran on while you were away'))
      .action(async (options: import('./commands/clock.ts').StopOptions) => (await import('./commands/clock.ts')).runStop(await context(), options));

  if (declares('done'))
    program
      .command('done')
      .argument('<session>', 'number, id or id prefix')
      .addOption(new Option('--summary <text>', 'your summary of the key points, in your own words ("-" reads standard input)').argParser(parsedBy(summaryValue)))
      .option('--no-summary', 'record it without a summary, and do not ask')
      .addOption(new Option('--minutes <time>', 'time you spent: 45, 90m, 1h30m or 1.5h (default: the time clocked, else the planned time); on a finished session, corrects it').argParser(parsedBy(parseMinutes)))
      .addOption(new Option('--at <date>', 'when you finished: YYYY-MM-DD, today, yesterday or -2d (default: now); on a finished session, corrects it').argParser(pastDateValue))
      .description('mark a session done, with your summary and the time spent; its review items start')
      .addHelpText(
        'after',
        EXAMPLE('k8s-study done 1\nk8s-study done 2 --summary "AWS runs the control plane" --minutes 1h15m\necho "my notes" | k8s-study done 3 --summary - --at yesterday\nk8s-study done 2 --minutes 80   # corrects the time of a finished session'),
      )
      .action(async (session: string, options: import('./commands/done.ts').DoneOptions, command: Command) => {
        // Both given, commander keeps the last: a summary typed out would be dropped without a word.
        const words = command.parent?.args ?? [];
        if (words.some((word) => word === '--summary' || word.startsWith('--summary=')) && words.includes('--no-summary')) {
          throw new UsageError('--summary and --no-summary say opposite things: give one of them');
        }
        return (await import('./commands/done.ts')).runDone(await context(), session, options);
      });

  if (declares('undo'))
    program
      .command('undo')
      .argument('[session]', 'number, id or id prefix')
      .description('take back the last change of this plan (again: the one before); with a session, mark it not done again')
      .addHelpText('after', `${EXAMPLE('k8s-study undo\nk8s-study undo 2')}
With no session, undo takes back the last recorded change of this plan: a session done or reopened,
ticks, a summary, a review answer, the lab or start date, the study clock. It says what it took back;
run it again to go one change further back. With a session, it marks that session not done again:
its review items go, your summary is kept.
`)
      .action(async (session: string | undefined) => {
        const undo = await import('./commands/undo.ts');
        return session === undefined ? undo.runUndoLast(await context()) : undo.runUndoSession(await context(), session);
      });

  if (declares('note'))
    program
      .command('note')
      .argument('<session>', 'number, id or id prefix')
      .addOption(new Option('--summary <text>', 'the summary ("-" reads standard input)').argParser(parsedBy(summaryValue)))
      .option('--edit', 'edit the summary in your editor ($VISUAL or $EDITOR)')
      .option('--clear', 'remove the summary')
      .description('write, replace or remove your own-words summary of a session')
      .addHelpText('after', EXAMPLE('k8s-study note 1 --summary "Customers own data, images, RBAC and nodes"\nk8s-study note 1\nk8s-study note 1 --edit\nk8s-study note 1 --clear'))
      .action(async (session: string, options: import('./commands/note.ts').NoteOptions) => (await import('./commands/note.ts')).runNote(await context(), session, options));

  if (declares('due'))
    program
      .command('due')
      .addOption(new Option('--upcoming <days>', 'also list the items due within this many days').argParser(parsedBy(parseUpcomingDays)))
      .option('--all', 'every plan of this store, not only the current one')
      .description('review items due now, most overdue first')
      .addHelpText('after', EXAMPLE('k8s-study due\nk8s-study due --upcoming 7\nk8s-study due --all'))
      .action(async (options: { upcoming?: number; all?: boolean }) => (await import('./commands/due.ts')).runDue(await context(), options));

  if (declares('review'))
    program
      .command('review')
      .argument('[item]', 'a review item: session:ID, keypoint:ID, term:ID, a bare id (etcd) or a unique id start')
      .addOption(new Option('--rating <rating>', 'record one answer with no prompt: again, hard, good or easy (or 1 to 4)').argParser(parsedBy(parseRating)))
      .addOption(new Option('--limit <n>', 'review at most this many of the due items (most overdue first)').argParser(parsedBy(parseLimit)))
      .option('--practice', 'practise without touching the schedule: answers are logged as practice and move no due day')
      .option('--session <session>', 'with --practice: the items of this session (number, id or id start)')
      .option('--all', 'with --practice: every review item started')
      .description('recall what is due, then rate it with one key: 1 again, 2 hard, 3 good, 4 easy; spaced repetition picks the next date')
      .addHelpText(
        'after',
        `
Keys: 1 again · 2 hard · 3 good · 4 easy (each shows the day it sets, and says when the lab brings
it forward) · Space or Enter shows the answer · s skips · u undoes the last answer of this sitting ·
q quits (every answer given is kept). An item answered "again" comes back before the sitting ends.

Recall before reveal: a key point shows its title and a term its name; a session shows its focus
lines and asks what you remember (one line; e then Enter opens $EDITOR; Enter alone shows it). Then
it shows your summary, its key points and terms, which of them your words mention, a suggested
rating, and offers to keep your words as the summary. What counts as mentioned is a plain word
match: a term when your words hold its name or id (spaces, hyphens or nothing between its words);
a key point when they hold its title, or enough of the title's words (all of them up to two, else
at least two and half). Words are compared in lowercase, a final "s" ignored, words under three
letters and filler words (and, the, with...) left out. All of them mentioned suggests easy, two
thirds good, a third hard, less again.
${EXAMPLE('k8s-study review\nk8s-study review --limit 10\nk8s-study review etcd --rating good\nk8s-study review --practice --session 2\nk8s-study review --practice --all')}`,
      )
      .action(async (item: string | undefined, options: import('./commands/review.ts').ReviewOptions) => (await import('./commands/review.ts')).runReview(await context(), item, options));

  if (declares('lab'))
    program
      .command('lab')
      .addArgument(new Argument('[date]', 'the lab date: YYYY-MM-DD, tomorrow, +7d ...').argParser(dateValue))
      .option('--clear', 'remove the lab date')
      .description('set the lab date, or show the countdown and the forecast of what you will recall on the lab day')
      .addHelpText(
        'after',
        `
The forecast: each item you have reviewed, as FSRS expects you to recall it on the lab day if you
do not review it again; readiness is their mean, and the share at target those at or above the
plan's review.retention. The weakest come with the review that lifts them.
${EXAMPLE('k8s-study lab +30d\nk8s-study lab 2026-12-15\nk8s-study lab\nk8s-study lab --json\nk8s-study lab --clear')}`,
      )
      .action(async (date: { input: DateInput; typed: string } | undefined, options: { clear?: boolean }) => (await import('./commands/lab.ts')).runLab(await context(), date, options));

  if (declares('status'))
    program
      .command('status')
      .option('--all', 'every plan of this store in short, not only the current one in full')
      .description('where you stand: progress per day, time planned and spent, reviews, streak, lab readiness and forecast')
      .addHelpText('after', EXAMPLE('k8s-study status\nk8s-study status --json\nk8s-study status --all'))
      .action(async (options: { all?: boolean }) => (await import('./commands/status.ts')).runStatus(await context(), options));

  if (declares('stats'))
    program
      .command('stats')
      .option('--all', 'every plan of this store, not only the current one')
      .addOption(new Option('--weeks <n>', `how many weeks back the study days and recall go (default ${DEFAULT_STATS_WEEKS})`).argParser(parsedBy(parseWeeks)))
      .description('pictures of your study: a heatmap of study days, reviews coming due in the next 30 days, recall per week')
      .addHelpText('after', EXAMPLE('k8s-study stats\nk8s-study stats --all --weeks 52\nk8s-study stats --json'))
      .action(async (options: import('./commands/stats.ts').StatsOptions) => (await loadStats()).runStats(await context(), options));

  if (declares('plans'))
    program
      .command('plans')
      .description('every plan this store has progress for: title, plan file, sessions done, reviews due')
      .addHelpText('after', EXAMPLE('k8s-study plans\nk8s-study plans --json'))
      .action(async () => (await import('./commands/plans.ts')).runPlans(await context()));

  if (declares('schedule'))
    program
      .command('schedule')
      .addOption(new Option('--start <date>', 'store the date of plan day 1: YYYY-MM-DD, today, tomorrow or +3d (default: the first day you studied, else today)').argParser(dateValue))
      .description("the plan's days on the calendar from your start date: what is done, today and behind")
      .addHelpText('after', EXAMPLE('k8s-study schedule\nk8s-study schedule --start 2026-12-01\nk8s-study schedule --start tomorrow'))
      .action(async (options: import('./commands/schedule.ts').ScheduleOptions) => (await import('./commands/schedule.ts')).runSchedule(await context(), options));

  if (declares('export'))
    program
      .command('export')
      .addOption(anyCase(new Option('--format <format>', 'json: a backup to import; ics: a calendar; md: your study journal').choices(['json', 'ics', 'md'])))
      .addOption(new Option('-o, --output <file>', 'write to this file instead of standard output (the format follows .json, .ics or .md)').argParser(parsedBy(textValue('a file name'))))
      .description('a backup (json), a calendar (ics) or your study journal (md) of this plan')
      .addHelpText('after', EXAMPLE('k8s-study export --format json -o k8s-study-backup.json\nk8s-study export --format ics -o study.ics\nk8s-study export --format md > journal.md'))
      .action(async (options: import('./commands/export.ts').ExportOptions) => (await import('./commands/export.ts')).runExport(await context(), options));

  if (declares('import'))
    program
      .command('import')
      .argument('<file>', 'a backup made by export --format json')
      .option('--replace', 'restore exactly what the backup holds, instead of merging it in; what was there is kept as a backup first')
      .option('--dry-run', 'check the backup and say what would change, writing nothing')
      .description('restore a json backup: all of it is checked first, then merged (the newer record wins; nothing done or written is lost) or, with --replace, restored exactly')
      .addHelpText('after', EXAMPLE('k8s-study import k8s-study-backup.json\nk8s-study import k8s-study-backup.json --replace\nk8s-study import k8s-study-backup.json --dry-run'))
      .action(async (file: string, options: { replace?: boolean; dryRun?: boolean }) => (await import('./commands/import.ts')).runImport(await context(), file, options));

  if (declares('sync'))
    program
      .command('sync')
      .addOption(new Option('--remote <url>', 'set the git remote to sync with, once: a bare repository on a shared disk, or any git URL').argParser(parsedBy(parseRemote)))
      .option('--new-machine-id', 'give this store an id of its own (when its folder was copied from another machine)')
      .description("keep this machine in step with your others through git: send the changes made here, merge theirs")
      .addHelpText(
        'after',
        `${EXAMPLE('k8s-study sync --remote /mnt/shared/k8s-study.git\nk8s-study sync\nk8s-study sync --remote git@example.org:me/k8s-study.git')}
The remote is a git repository for k8s-study alone, made once with e.g.
  git init --bare /mnt/shared/k8s-study.git
Sync needs the git command; it never reads or changes your git settings or
your other repositories. How it merges: docs/sync.md.
`,
      )
      .action(async (options: import('./commands/sync.ts').SyncOptions) => (await loadSync()).runSync(await context(), options));

  if (declares('validate'))
    program
      .command('validate')
      .argument('[file]', 'plan file (default: the current plan)')
      .description('check a plan file and print every error as FILE:LINE:COL: message')
      .addHelpText('after', EXAMPLE('k8s-study validate my-plan.yaml'))
      .action(async (file: string | undefined) => (await import('./commands/validate.ts')).runValidate(await context(), file));

  if (declares('init'))
    program
      .command('init')
      .argument('[file]', 'where to write it', 'study-plan.yaml')
      .description('write a copy of the shipped plan to start your own (never overwrites)')
      .addHelpText('after', EXAMPLE('k8s-study init my-plan.yaml\nk8s-study --plan my-plan.yaml next'))
      .action(async (file: string) => (await import('./commands/init.ts')).runInit(await context(), file));

  if (declares('completion'))
    program
      .command('completion')
      .addArgument(anyCase(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish'])))
      .description("print a shell completion script: commands, options, and the current plan's sessions")
      .addHelpText(
        'after',
        EXAMPLE('k8s-study completion bash > ~/.k8s-study-completion.bash\neval "$(k8s-study completion bash)"\nsource <(k8s-study completion zsh)\nk8s-study completion fish | source'),
      )
      .action(async (shell: Shell) => (await import('./commands/completion.ts')).runCompletion(await context(), shell, program));

  return program;
}
