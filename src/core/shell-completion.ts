// Shell completion scripts for bash, zsh and fish, generated from a description of the command
// line (taken from the commander program, so the two never disagree) and the current plan's sessions.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What an option's value or an argument completes to. */
export type ValueKind =
  | { kind: 'file' }
  /** A date; `past`: one that may not be in the future (when something was done). */
  | { kind: 'date'; past?: boolean }
  | { kind: 'choice'; choices: string[] }
  | { kind: 'session' }
  | { kind: 'item' }
  | { kind: 'session-or-item' }
  | { kind: 'command' }
  | { kind: 'other' };

export interface OptionSpec {
  /** `-o`, `--output`: each flag as typed. */
  flags: string[];
  description: string;
  /** Null for a flag that takes no value. */
  value: ValueKind | null;
}

export interface ArgumentSpec {
  name: string;
  value: ValueKind;
  variadic: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  description: string;
  options: OptionSpec[];
  args: ArgumentSpec[];
}

export interface CompletionSpec {
  program: string;
  /** Options the program takes before or after any command. */
  globalOptions: OptionSpec[];
  /** Options only valid before a command (`--version`). */
  topOptions: OptionSpec[];
  commands: CommandSpec[];
  /** Session numbers and ids of the current plan, each with its title. */
  sessions: { value: string; title: string }[];
  /** Review item ids of the current plan (`term:etcd`), each with its title. */
  items: { value: string; title: string }[];
  planId: string | null;
}

const DATE_WORDS = ['today', 'tomorrow', 'yesterday'];
/** The date words a value may take: no `tomorrow` for a day something was done. */
const dateWords = (value: { past?: boolean }): string => DATE_WORDS.filter((word) => !(value.past && word === 'tomorrow')).join(' ');

/** One line, no control characters, at most `max` characters: safe to quote into a script. */
function oneLine(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Single-quotes text for bash and zsh: the only character to escape is the quote itself. */
function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Single-quotes text for fish, where a backslash escapes a quote and itself. */
function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}

const valueOptions = (options: OptionSpec[]): string[] => options.filter((option) => option.value !== null).flatMap((option) => option.flags);

function commandWords(spec: CompletionSpec): string[] {
  return spec.commands.flatMap((command) => [command.name, ...command.aliases]);
}

function header(spec: CompletionSpec, shell: Shell, load: string): string {
  return [
    `# ${shell} completion for ${spec.program}, made by \`${spec.program} completion ${shell}\`${spec.planId ? ` with the sessions of the plan "${spec.planId}"` : ''}.`,
    `# Load it with: ${load}`,
    '# Make it again after switching plans, so session completion follows.',
  ].join('\n');
}

/** Every command under each of its names, with the options it takes (its own and the global ones). */
function eachName(spec: CompletionSpec): { name: string; command: CommandSpec }[] {
  return spec.commands.flatMap((command) => [command.name, ...command.aliases].map((name) => ({ name, command })));
}

function bashWords(value: ValueKind, spec: CompletionSpec): string | null {
  switch (value.kind) {
    case 'file':
      return '_k8s_study_reply < <(compgen -f -- "$cur")';
    case 'date':
      return `_k8s_study_reply < <(compgen -W ${shQuote(dateWords(value))} -- "$cur")`;
    case 'choice':
      return `_k8s_study_reply < <(compgen -W ${shQuote(value.choices.join(' '))} -- "$cur")`;
    case 'session':
      return '_k8s_study_reply < <(compgen -W "$_k8s_study_sessions" -- "$cur")';
    case 'item':
      return '_k8s_study_reply_ids "$_k8s_study_items"';
    case 'session-or-item':
      return '_k8s_study_reply_ids "$_k8s_study_sessions $_k8s_study_items"';
    case 'command':
      return `_k8s_study_reply < <(compgen -W ${shQuote(commandWords(spec).join(' '))} -- "$cur")`;
    default:
      return null;
  }
}

/** The bash script: one function registered with `complete -F`, working in bash 3.2 and later. */
export function bashCompletion(spec: CompletionSpec): string {
  const lines: string[] = [header(spec, 'bash', `eval "$(${spec.program} completion bash)"   (e.g. in ~/.bashrc)`), ''];
  lines.push(`_k8s_study_sessions=${shQuote(spec.sessions.map((session) => session.value).join(' '))}`);
  lines.push(`_k8s_study_items=${shQuote(spec.items.map((item) => item.value).join(' '))}`, '');
  lines.push('_k8s_study_reply() {', '  local line', '  COMPREPLY=()', '  while IFS= read -r line; do COMPREPLY+=("$line"); done', '}', '');
  // Item ids hold a colon, where bash splits words (COMP_WORDBREAKS): "term", ":", "et". The id is
  // completed whole, and bash is given only the part after the colon, which is what it replaces.
  lines.push(
    '_k8s_study_reply_ids() {',
    '  local word="$cur" typed="" line',
    '  if [[ $cur == : ]]; then typed="${COMP_WORDS[COMP_CWORD-1]}:"; word="$typed"',
    '  elif [[ $prev == : ]]; then typed="${COMP_WORDS[COMP_CWORD-2]}:"; word="$typed$cur"; fi',
    '  COMPREPLY=()',
    '  while IFS= read -r line; do COMPREPLY+=("${line#"$typed"}"); done < <(compgen -W "$1" -- "$word")',
    '}',
    '',
  );

  // Which "command option" pairs take a value, and what it completes to.
  const valueCases: { pattern: string; value: ValueKind }[] = [];
  for (const option of spec.globalOptions.concat(spec.topOptions)) {
    if (option.value) for (const flag of option.flags) valueCases.push({ pattern: `*" ${flag}"`, value: option.value });
  }
  for (const { name, command } of eachName(spec)) {
    for (const option of command.options) {
      if (option.value) for (const flag of option.flags) valueCases.push({ pattern: `"${name} ${flag}"`, value: option.value });
    }
  }
  lines.push('_k8s_study_takes_value() {', '  case "$1 $2" in');
  if (valueCases.length > 0) lines.push(`    ${valueCases.map((entry) => entry.pattern).join('|')}) return 0 ;;`);
  lines.push('  esac', '  return 1', '}', '');

  lines.push(`_k8s_study() {`);
  lines.push('  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" word');
  lines.push('  local -i i positional=0');
  lines.push('  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"');
  lines.push('  COMPREPLY=()');
  lines.push('  for (( i = 1; i < COMP_CWORD; i++ )); do');
  lines.push('    word="${COMP_WORDS[i]}"');
  lines.push('    # "term", ":", "etcd" are one word split at its colon: counted once.');
  lines.push('    [[ $word == : || ${COMP_WORDS[i-1]} == : ]] && continue');
  lines.push('    if [[ $word == -* ]]; then');
  lines.push('      _k8s_study_takes_value "$cmd" "$word" && (( i++ ))');
  lines.push('    elif [[ -z $cmd ]]; then');
  lines.push('      cmd="$word"');
  lines.push('    else');
  lines.push('      (( positional++ ))');
  lines.push('    fi');
  lines.push('  done');
  lines.push('  # The word being completed goes on from the one before its colon.');
  lines.push('  [[ ($cur == : || $prev == :) && positional -gt 0 ]] && (( positional-- ))');
  lines.push('');
  lines.push('  if [[ $prev == -* ]] && _k8s_study_takes_value "$cmd" "$prev"; then');
  lines.push('    case "$cmd $prev" in');
  for (const entry of valueCases) {
    const words = bashWords(entry.value, spec);
    if (words) lines.push(`      ${entry.pattern}) ${words} ;;`);
  }
  lines.push('    esac');
  lines.push('    return 0');
  lines.push('  fi');
  lines.push('');
  const globalFlags = spec.globalOptions.flatMap((option) => option.flags);
  lines.push('  if [[ $cur == -* ]]; then');
  lines.push('    case "$cmd" in');
  lines.push(`      "") _k8s_study_reply < <(compgen -W ${shQuote([...globalFlags, ...spec.topOptions.flatMap((option) => option.flags)].join(' '))} -- "$cur") ;;`);
  for (const { name, command } of eachName(spec)) {
    const flags = [...command.options.flatMap((option) => option.flags), ...globalFlags];
    lines.push(`      ${shQuote(name)}) _k8s_study_reply < <(compgen -W ${shQuote(flags.join(' '))} -- "$cur") ;;`);
  }
  lines.push('    esac');
  lines.push('    return 0');
  lines.push('  fi');
  lines.push('');
  lines.push('  if [[ -z $cmd ]]; then');
  lines.push(`    ${bashWords({ kind: 'command' }, spec)}`);
  lines.push('    return 0');
  lines.push('  fi');
  lines.push('  case "$cmd $positional" in');
  for (const { name, command } of eachName(spec)) {
    command.args.forEach((arg, index) => {
      const words = bashWords(arg.value, spec);
      if (!words) return;
      lines.push(`    ${arg.variadic ? `"${name} "*` : `"${name} ${index}"`}) ${words} ;;`);
    });
  }
  lines.push('  esac');
  lines.push('  return 0');
  lines.push('}', '');
  lines.push(`complete -o filenames -F _k8s_study ${spec.program}`, '');
  return lines.join('\n');
}

/** Escapes text for inside `[...]` or after `:` in a zsh `_arguments` spec. */
function zshDescription(text: string): string {
  return oneLine(text).replace(/([\\[\]:])/g, '\\$1');
}

function zshAction(value: ValueKind): string {
  switch (value.kind) {
    case 'file':
      return '_files';
    case 'date':
      return `(${dateWords(value)})`;
    case 'choice':
      return `(${value.choices.join(' ')})`;
    case 'session':
      return '_k8s_study_sessions';
    case 'item':
      return '_k8s_study_items';
    case 'session-or-item':
      return '_k8s_study_targets';
    case 'command':
      return '_k8s_study_commands';
    default:
      return ' ';
  }
}

function zshOptionSpecs(options: OptionSpec[]): string[] {
  return options.flatMap((option) => {
    const exclusive = option.flags.length > 1 ? `(${option.flags.join(' ')})` : '';
    return option.flags.map((flag) => {
      const description = `[${zshDescription(option.description)}]`;
      if (!option.value) return shQuote(`${exclusive}${flag}${description}`);
      const suffix = flag.startsWith('--') ? '=' : '+';
      return shQuote(`${exclusive}${flag}${suffix}${description}:${zshDescription(option.value.kind)}:${zshAction(option.value)}`);
    });
  });
}

/** The zsh script: a `#compdef` function that also registers itself when sourced. */
export function zshCompletion(spec: CompletionSpec): string {
  const lines: string[] = [`#compdef ${spec.program}`, header(spec, 'zsh', `source <(${spec.program} completion zsh)   (after compinit, e.g. in ~/.zshrc)`), ''];
  lines.push('_k8s_study_sessions() {', '  local -a sessions', '  sessions=(');
  for (const session of spec.sessions) lines.push(`    ${shQuote(`${session.value.replace(/:/g, '\\:')}:${oneLine(session.title)}`)}`);
  lines.push('  )', "  _describe -t sessions 'session' sessions", '}', '');
  lines.push('_k8s_study_items() {', '  local -a items', '  items=(');
  for (const item of spec.items) lines.push(`    ${shQuote(`${item.value.replace(/:/g, '\\:')}:${oneLine(item.title)}`)}`);
  lines.push('  )', "  _describe -t items 'review item' items", '}', '');
  lines.push('_k8s_study_targets() {', '  _k8s_study_sessions', '  _k8s_study_items', '}', '');
  lines.push('_k8s_study_commands() {', '  local -a commands', '  commands=(');
  for (const { name, command } of eachName(spec)) lines.push(`    ${shQuote(`${name}:${oneLine(command.description)}`)}`);
  lines.push('  )', `  _describe -t commands '${spec.program} command' commands`, '}', '');
  lines.push('_k8s_study() {');
  lines.push('  local curcontext="$curcontext" state line ret=1');
  lines.push('  typeset -A opt_args');
  lines.push('  _arguments -C \\');
  for (const option of zshOptionSpecs([...spec.globalOptions, ...spec.topOptions])) lines.push(`    ${option} \\`);
  lines.push("    '1: :_k8s_study_commands' \\");
  lines.push("    '*:: :->args' && ret=0");
  lines.push('  if [[ $state == args ]]; then');
  lines.push('    curcontext="${curcontext%:*:*}:k8s-study-$words[1]:"');
  lines.push('    case $words[1] in');
  for (const { name, command } of eachName(spec)) {
    const specs = zshOptionSpecs([...command.options, ...spec.globalOptions]);
    command.args.forEach((arg, index) => {
      const position = arg.variadic ? '*' : String(index + 1);
      specs.push(shQuote(`${position}:${zshDescription(arg.name)}:${zshAction(arg.value)}`));
    });
    lines.push(`      ${shQuote(name)}) _arguments ${specs.join(' ')} && ret=0 ;;`);
  }
  lines.push('    esac');
  lines.push('  fi');
  lines.push('  return ret');
  lines.push('}', '');
  lines.push('if [[ $zsh_eval_context[-1] == loadautofunc ]]; then', '  _k8s_study "$@"', 'else', `  compdef _k8s_study ${spec.program}`, 'fi', '');
  return lines.join('\n');
}

function fishValue(value: ValueKind, spec: CompletionSpec): string {
  switch (value.kind) {
    case 'file':
      return '-F';
    case 'date':
      return `-f -a ${fishQuote(dateWords(value))}`;
    case 'choice':
      return `-f -a ${fishQuote(value.choices.join(' '))}`;
    case 'command':
      return `-f -a ${fishQuote(commandWords(spec).join(' '))}`;
    case 'session':
      return `-f -a ${fishQuote(spec.sessions.map((session) => session.value).join(' '))}`;
    default:
      return '-f';
  }
}

function fishOption(spec: CompletionSpec, option: OptionSpec, condition: string | null): string {
  const parts = [`complete -c ${spec.program}`];
  if (condition) parts.push(`-n ${fishQuote(condition)}`);
  for (const flag of option.flags) parts.push(flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`);
  if (option.value) parts.push('-r', fishValue(option.value, spec));
  parts.push(`-d ${fishQuote(oneLine(option.description))}`);
  return parts.join(' ');
}

/** The fish script: `complete` rules with a helper that finds the command and the argument position. */
export function fishCompletion(spec: CompletionSpec): string {
  const lines: string[] = [header(spec, 'fish', `${spec.program} completion fish | source   (or save it as ~/.config/fish/completions/${spec.program}.fish)`), ''];
  lines.push(`complete -c ${spec.program} -e`, `complete -c ${spec.program} -f`, '');
  const valuePairs: string[] = [];
  for (const flag of valueOptions([...spec.globalOptions, ...spec.topOptions])) valuePairs.push(fishQuote(`* ${flag}`));
  for (const { name, command } of eachName(spec)) for (const flag of valueOptions(command.options)) valuePairs.push(fishQuote(`${name} ${flag}`));
  lines.push('function __k8s_study_takes_value', '    switch "$argv[1] $argv[2]"');
  if (valuePairs.length > 0) lines.push(`        case ${valuePairs.join(' ')}`, '            return 0');
  lines.push('    end', '    return 1', 'end', '');
  lines.push(
    '# True when completing argument INDEX (from 0; * for any) of COMMAND; COMMAND "" means no command yet.',
    'function __k8s_study_at',
    '    set -l tokens (commandline -opc)',
    "    set -l cmd ''",
    '    set -l n 0',
    '    set -l skip 0',
    '    for token in $tokens[2..-1]',
    '        if test $skip -eq 1',
    '            set skip 0',
    "        else if string match -q -- '-*' $token",
    '            __k8s_study_takes_value "$cmd" $token; and set skip 1',
    '        else if test -z "$cmd"',
    '            set cmd $token',
    '        else',
    '            set n (math $n + 1)',
    '        end',
    '    end',
    '    test "$cmd" = "$argv[1]"; or return 1',
    '    test (count $argv) -lt 2; and return 0',
    "    test \"$argv[2]\" = '*'; and return 0",
    '    test "$n" = "$argv[2]"',
    'end',
    '',
  );
  for (const { name, command } of eachName(spec)) {
    lines.push(`complete -c ${spec.program} -n ${fishQuote("__k8s_study_at ''")} -a ${fishQuote(name)} -d ${fishQuote(oneLine(command.description))}`);
  }
  lines.push('');
  for (const option of spec.globalOptions) lines.push(fishOption(spec, option, null));
  for (const option of spec.topOptions) lines.push(fishOption(spec, option, "__k8s_study_at ''"));
  for (const { name, command } of eachName(spec)) {
    for (const option of command.options) lines.push(fishOption(spec, option, `__k8s_study_at ${name}`));
    command.args.forEach((arg, index) => {
      const condition = fishQuote(`__k8s_study_at ${name} ${arg.variadic ? "'*'" : index}`);
      const kind = arg.value.kind;
      if (kind === 'session' || kind === 'item' || kind === 'session-or-item') {
        const words = [...(kind === 'item' ? [] : spec.sessions), ...(kind === 'session' ? [] : spec.items)];
        for (const word of words) {
          lines.push(`complete -c ${spec.program} -n ${condition} -a ${fishQuote(word.value)} -d ${fishQuote(oneLine(word.title))}`);
        }
      } else if (kind !== 'other') {
        lines.push(`complete -c ${spec.program} -n ${condition} ${fishValue(arg.value, spec)}`);
      }
    });
  }
  lines.push('');
  return lines.join('\n');
}

/** The completion script for a shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  if (shell === 'bash') return bashCompletion(spec);
  if (shell === 'zsh') return zshCompletion(spec);
  return fishCompletion(spec);
}
