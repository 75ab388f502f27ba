import type { Argument, Command, Option } from 'commander';
import { itemIdsOf } from '../core/item-names.ts';
import { RATINGS } from '../core/records.ts';
import { reviewItemTitle } from '../core/reviews.ts';
import { completionScript, type CompletionSpec, type OptionSpec, type Shell, type ValueKind } from '../core/shell-completion.ts';
import type { Context } from '../context.ts';

// What an option's value completes to, by the name of its value in the help (`--plan <file>`).
function optionValue(option: Option): ValueKind | null {
  if (!option.required && !option.optional) return null;
  if (option.argChoices) return { kind: 'choice', choices: [...option.argChoices] };
  const name = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  // A remote is often the folder of a bare repository on a shared disk: paths complete.
  if (name === 'file' || name === 'url') return { kind: 'file' };
  // When something was done is never in the future (`done --at`).
  if (name === 'date') return option.long === '--at' ? { kind: 'date', past: true } : { kind: 'date' };
  if (name === 'session') return { kind: 'session' };
  if (name === 'rating') return { kind: 'choice', choices: [...RATINGS] };
  return { kind: 'other' };
}

function argumentValue(argument: Argument): ValueKind {
  if (argument.argChoices) return { kind: 'choice', choices: [...argument.argChoices] };
  const name = argument.name();
  if (name === 'session') return { kind: 'session' };
  if (name === 'item') return { kind: 'item' };
  if (name === 'session|item') return { kind: 'session-or-item' };
  if (name === 'file') return { kind: 'file' };
  if (name === 'command') return { kind: 'command' };
  if (name === 'date') return { kind: 'date' };
  return { kind: 'other' };
}

function describeOption(option: Option): OptionSpec {
  return {
    flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
    description: option.description,
    value: optionValue(option),
  };
}

/** The command line as the completion scripts need it, read from the commander program itself. */
export function describeProgram(program: Command): Omit<CompletionSpec, 'sessions' | 'items' | 'planId'> {
  const help = program.createHelp();
  const top = help.visibleOptions(program).map(describeOption);
  const isTopOnly = (option: OptionSpec): boolean => option.flags.includes('--version') || option.flags.includes('--help');
  return {
    program: program.name(),
    globalOptions: top.filter((option) => !isTopOnly(option)),
    topOptions: top.filter(isTopOnly),
    commands: help.visibleCommands(program).map((command) => ({
      name: command.name(),
      aliases: command.aliases(),
      description: command.description(),
      options: help.visibleOptions(command).map(describeOption),
      args: command.registeredArguments.map((argument) => ({ name: argument.name(), value: argumentValue(argument), variadic: argument.variadic })),
    })),
  };
}

/** `completion bash|zsh|fish`: prints the shell completion script, with the current plan's sessions and review items. */
export async function runCompletion(context: Context, shell: Shell, program: Command): Promise<void> {
  let sessions: CompletionSpec['sessions'] = [];
  let items: CompletionSpec['items'] = [];
  let planId: string | null = null;
  try {
    const plan = context.plan();
    planId = plan.id;
    sessions = [
      ...plan.sessions.map((session) => ({ value: String(session.number), title: session.title })),
      ...plan.sessions.map((session) => ({ value: session.id, title: session.title })),
    ];
    items = itemIdsOf(context.outline()).map((id) => ({ value: id, title: reviewItemTitle(plan, id)?.title ?? id }));
  } catch (error) {
    // A broken plan must not break the shell that loads this script: complete commands, not sessions.
    // Plan errors come from the plan parser's own bundle: told by their exit code, not their class.
    if ((error as { exitCode?: unknown }).exitCode !== 1) throw error;
    context.err(`warning: no session completion: ${(error as Error).message.split('\n')[0]}`);
  }
  const script = completionScript(shell, { ...describeProgram(program), sessions, items, planId });
  if (context.json) context.printJson({ shell, script });
  else context.out(script);
}
