import { Command, Option } from 'commander';
import type { Context, GlobalOptions, Streams } from './context.ts';

// Every command and option of k8s-study, in one place. Each action loads its command module lazily,
// so a run pays only for the command it runs.

const EXAMPLE = (lines: string): string => `\nExample:\n${lines.split('\n').map((line) => `  $ ${line}`).join('\n')}\n`;

export interface ProgramOptions {
  env: NodeJS.ProcessEnv;
  streams: Streams;
  version: string;
  /** Builds the context for a command; tests may replace it. */
  makeContext?: (options: GlobalOptions) => Promise<Context>;
}

/** The commander program for k8s-study. It runs nothing until parsed. */
export function buildProgram({ env, streams, version, makeContext }: ProgramOptions): Command {
  const program = new Command('k8s-study');
  let contextModule: Promise<typeof import('./context.ts')> | undefined;
  const context = async (): Promise<Context> => {
    const options = program.opts<GlobalOptions>();
    if (makeContext) return makeContext(options);
    const { openContext } = await (contextModule ??= import('./context.ts'));
    return openContext(env, options, streams);
  };

  program
    .description('Study a plan session by session, keep your own-words summaries, and review before the lab.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--plan <file>', 'the plan file (default: $K8S_STUDY_PLAN, else the shipped Kubernetes Security Fundamentals plan)')
    .option('--json', 'print one JSON document instead of text')
    .option('--no-color', 'no colours, even on a terminal')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
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
Sessions are named by their number in "list", their id, or a unique start of the id.
Environment: K8S_STUDY_PLAN, K8S_STUDY_CONFIG_DIR (where progress is kept), K8S_STUDY_NOW
(the clock, e.g. 2026-12-01T09:30), K8S_STUDY_DAY_START (hour a study day starts, default 4), NO_COLOR.
${EXAMPLE('k8s-study next\nk8s-study done 1 --summary "AWS runs the control plane; I own RBAC, images, nodes"')}`,
    );

  program
    .command('next', { isDefault: true })
    .description('the session to study now, its checklist and key points; reviews due; the lab countdown')
    .addHelpText('after', EXAMPLE('k8s-study next'))
    // As the default command, `next` would receive a mistyped command name as an argument.
    .allowExcessArguments(true)
    .action(async (_options: unknown, command: Command) => {
      if (command.args.length > 0) {
        const { UsageError } = await import('./errors.ts');
        throw new UsageError(`unknown command "${command.args[0]}": k8s-study --help lists the commands`);
      }
      return (await import('./commands/next.ts')).runNext(await context());
    });

  program
    .command('list')
    .alias('ls')
    .description('every session by day with its status and time, and overall progress')
    .addHelpText('after', EXAMPLE('k8s-study list'))
    .action(async () => (await import('./commands/list.ts')).runList(await context()));

  program
    .command('show')
    .argument('<session>', 'number, id or id prefix')
    .description('one session in full: checklist, key points, terms, your summary, review dates')
    .addHelpText('after', EXAMPLE('k8s-study show 3\nk8s-study show eks-security'))
    .action(async (session: string) => (await import('./commands/show.ts')).runShow(await context(), session));

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

  program
    .command('done')
    .argument('<session>', 'number, id or id prefix')
    .option('--summary <text>', 'your summary of the key points, in your own words ("-" reads standard input)')
    .option('--no-summary', 'record it without a summary, and do not ask')
    .option('--minutes <n>', 'minutes you spent (default: the planned time)')
    .option('--at <date>', 'when you finished: YYYY-MM-DD, today, yesterday or -2d (default: now)')
    .description('mark a session done, with your summary and the time spent; its review items start')
    .addHelpText('after', EXAMPLE('k8s-study done 1\nk8s-study done 2 --summary "EKS control plane is AWS-managed" --minutes 75\necho "my notes" | k8s-study done 3 --summary - --at yesterday'))
    .action(async (session: string, options: { summary?: string | boolean; minutes?: string; at?: string }) =>
      (await import('./commands/done.ts')).runDone(await context(), session, options),
    );

  program
    .command('undo')
    .argument('<session>', 'number, id or id prefix')
    .description('mark a session not done again; its review items go, your summary is kept')
    .addHelpText('after', EXAMPLE('k8s-study undo 2'))
    .action(async (session: string) => (await import('./commands/undo.ts')).runUndo(await context(), session));

  program
    .command('note')
    .argument('<session>', 'number, id or id prefix')
    .option('--summary <text>', 'the summary ("-" reads standard input)')
    .description('write or replace your own-words summary of a session')
    .addHelpText('after', EXAMPLE('k8s-study note 1 --summary "Customers own data, images, RBAC and nodes"\nk8s-study note 1'))
    .action(async (session: string, options: { summary?: string }) =>
      (await import('./commands/note.ts')).runNote(await context(), session, options),
    );

  program
    .command('validate')
    .argument('[file]', 'plan file (default: the current plan)')
    .description('check a plan file and print every error as FILE:LINE:COL: message')
    .addHelpText('after', EXAMPLE('k8s-study validate my-plan.yaml'))
    .action(async (file: string | undefined) => (await import('./commands/validate.ts')).runValidate(await context(), file));

  program
    .command('init')
    .argument('[file]', 'where to write it', 'study-plan.yaml')
    .description('write a copy of the shipped plan to start your own (never overwrites)')
    .addHelpText('after', EXAMPLE('k8s-study init my-plan.yaml\nk8s-study --plan my-plan.yaml next'))
    .action(async (file: string) => (await import('./commands/init.ts')).runInit(await context(), file));

  return program;
}

export { Option };
