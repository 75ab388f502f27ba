import { readFileSync } from 'node:fs';
import { createPrompt, isEnterKey, isSpaceKey, useKeypress, usePrefix, useState, type KeypressEvent } from '@inquirer/core';
import { ExternalEditor } from '@inquirer/external-editor';
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { Cancelled, StudyError } from '../errors.ts';
import { hanging, widthOf } from '../ui/layout.ts';

// The only module that talks to Inquirer. Commands reach it through `context.prompts()`, which
// loads it lazily, so commands that never prompt never pay for it, and tests can pass a fake.

export interface Choice<T> {
  name: string;
  value: T;
  checked?: boolean;
  description?: string;
  /** What the answered prompt shows for this choice (default: its name). */
  short?: string;
}

export interface Prompts {
  /** A checkbox list; resolves to the values left ticked. */
  checkboxes<T>(message: string, choices: Choice<T>[]): Promise<T[]>;
  /** One line of text; `required` refuses an empty answer. */
  text(message: string, options?: { default?: string; required?: boolean }): Promise<string>;
  /** A time span in minutes, typed as the plan writes durations (90, 90m, 1h30m, 1.5h). */
  duration(message: string, options: { default: number; parse: (typed: string) => number }): Promise<number>;
  /** One choice among several. */
  choose<T>(message: string, choices: Choice<T>[]): Promise<T>;
  /** One key press among a few, each shown with what it does; resolves to the chosen value. */
  key<T>(message: string, choices: KeyChoice<T>[]): Promise<T>;
  /** Text written in the user's editor ($VISUAL or $EDITOR), opened at once. */
  editor(message: string, options?: { default?: string }): Promise<string>;
  /** Yes or no. */
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/** One key of a one-key prompt. */
export interface KeyChoice<T> {
  /** The key as a keypress names it: `1`, `s`, `space`, `enter`. */
  key: string;
  /** Other keys that do the same (`enter` beside `space`). */
  also?: string[];
  /** What it does, in a word or two: `good`, `skip`. */
  name: string;
  /** More about it, after the name: `in 3 days (2026-12-05)`. */
  description?: string;
  /** Listed with the other secondary keys on one line (skip, undo, quit), not on a line of its own. */
  secondary?: boolean;
  value: T;
}

async function cancellable<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    // Ctrl-C arrives as ExitPromptError (or AbortPromptError): a cancel, not a crash.
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
      throw new Cancelled();
    }
    throw error;
  }
}

/** How a key is shown: `Space`, `Enter`, or itself. */
const keyLabel = (key: string): string => (key === 'space' ? 'Space' : key === 'enter' ? 'Enter' : key);

/** Whether a key press is one of a choice's keys. */
function pressed(event: KeypressEvent, choice: KeyChoice<unknown>): boolean {
  if (event.ctrl) return false;
  return [choice.key, ...(choice.also ?? [])].some((key) => (key === 'space' ? isSpaceKey(event) : key === 'enter' ? isEnterKey(event) : event.name === key));
}

/**
 * The one-key prompt: every choice with its key, the main ones a line each, the secondary ones
 * together on the last line. A key press answers at once; any other key says which keys there are.
 */
const keyPrompt = createPrompt<unknown, { message: string; choices: KeyChoice<unknown>[] }>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [chosen, setChosen] = useState<KeyChoice<unknown> | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const prefix = usePrefix({ status });
  useKeypress((event, rl) => {
    if (status !== 'idle') return;
    const choice = config.choices.find((candidate) => pressed(event, candidate));
    // The line editor keeps what was typed: a one-key prompt has no line.
    rl.clearLine(0);
    if (!choice) {
      setHint(`press ${config.choices.map((candidate) => keyLabel(candidate.key)).join(', ')}`);
      return;
    }
    setChosen(choice);
    setStatus('done');
    done(choice.value);
  });
  if (status === 'done' && chosen) return `${prefix} ${withAnswer(config.message, chosen.name)}`;
  const main = config.choices.filter((choice) => !choice.secondary);
  const secondary = config.choices.filter((choice) => choice.secondary);
  const width = Math.max(0, ...main.map((choice) => keyLabel(choice.key).length));
  const nameWidth = Math.max(0, ...main.map((choice) => choice.name.length));
  const lines = main.map((choice) => `  ${keyLabel(choice.key).padEnd(width)}  ${choice.description ? `${choice.name.padEnd(nameWidth)}  ${choice.description}` : choice.name}`);
  if (secondary.length > 0) lines.push(`  ${secondary.map((choice) => `${keyLabel(choice.key)} ${choice.name}`).join(' · ')}`);
  return [`${prefix} ${config.message}\n${lines.join('\n')}`, hint ?? undefined];
});

/**
 * A prompt's message wrapped at word boundaries to the terminal's width, each line keeping its
 * indentation: Inquirer breaks a line too long for the terminal wherever it reaches the edge,
 * mid-word. `columns` is the terminal's width (80 when it is not known); `room` is what the last
 * line leaves free for what follows it (a default, "(y/N)", the answer being typed).
 */
export function fitMessage(message: string, columns = process.stdout.columns || 80, room = 12): string {
  // Two columns for Inquirer's "? " before the first line.
  const width = Math.max(10, columns - 2);
  const lines = message.split('\n');
  return lines
    .map((line, index) => {
      const fits = index === lines.length - 1 ? Math.max(10, width - room) : width;
      if (widthOf(line) <= fits) return line;
      const indent = line.slice(0, line.length - line.trimStart().length);
      return hanging(indent, line.trimStart(), fits);
    })
    .join('\n');
}

/**
 * A message with the answer chosen after it, as the prompt leaves it on the screen: wrapped like
 * the message, so that a long answer after a long last line does not run past the edge.
 */
export function withAnswer(message: string, answer: string, columns = process.stdout.columns || 80): string {
  return fitMessage(`${message} ${answer}`, columns, 0);
}

/** The real prompts, drawn on the terminal by Inquirer. */
export const terminalPrompts: Prompts = {
  checkboxes: (message, choices) => cancellable(checkbox({ message: fitMessage(message), choices, pageSize: 12, loop: false })),
  text: (message, options = {}) => cancellable(input({ message: fitMessage(message), default: options.default, required: options.required })),
  duration: async (message, { default: fallback, parse }) => {
    const answer = await cancellable(
      input({
        message: fitMessage(message),
        default: String(fallback),
        validate: (typed) => {
          try {
            parse(typed);
            return true;
          } catch (error) {
            return (error as Error).message;
          }
        },
      }),
    );
    return parse(answer);
  },
  choose: (message, choices) => cancellable(select({ message: fitMessage(message), choices, loop: false })),
  key: async <T>(message: string, choices: KeyChoice<T>[]) => (await cancellable(keyPrompt({ message: fitMessage(message), choices: choices as KeyChoice<unknown>[] }))) as T,
  editor: (_message, options = {}) => editInEditor(options.default ?? ''),
  confirm: (message, options = {}) => cancellable(confirm({ message: fitMessage(message), default: options.default ?? false })),
};

/**
 * Opens the person's editor ($VISUAL, else $EDITOR) on `text`, in a private temporary file (only this
 * user can read it), and resolves to what was saved. Inquirer's own editor prompt stays on the screen
 * when the editor cannot start, and takes what an editor that quit with an error left: here an
 * editor that cannot start is an error naming it, and one that quits with an error (vim's `:cq`) is
 * a cancel.
 */
async function editInEditor(text: string): Promise<string> {
  const editor = new ExternalEditor(text, { prefix: 'k8s-study-', postfix: '.txt', mode: 0o600 });
  // The library guesses the saved file's character set, and takes short UTF-8 text for another
  // ("über" came back as "Ã¼ber", "ok" as "�"). We wrote UTF-8, and editors save it so: read it so.
  Object.assign(editor, {
    readTemporaryFile(this: { tempFile: string; text: string }) {
      this.text = readFileSync(this.tempFile, 'utf8').replace(/^\uFEFF/, '');
    },
  });
  let edited: string;
  try {
    edited = await editor.runAsync();
  } catch (error) {
    const cause = (error as { originalError?: NodeJS.ErrnoException }).originalError ?? (error as NodeJS.ErrnoException);
    const named = [editor.editor.bin, ...editor.editor.args].join(' ');
    throw new StudyError(`cannot start your editor "${named}" (${cause.code ?? cause.message}): set $VISUAL or $EDITOR to an editor installed here; nothing was changed`);
  }
  if (editor.lastExitStatus !== 0) throw new Cancelled(`cancelled: your editor quit with status ${editor.lastExitStatus}; nothing was saved`);
  return edited;
}
