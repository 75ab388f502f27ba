import { checkbox, editor, input, select } from '@inquirer/prompts';
import { Cancelled } from '../errors.ts';

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
  /** Text edited in the person's editor ($VISUAL, else $EDITOR), starting from `text`; resolves to what was saved. */
  editor(message: string, text: string): Promise<string>;
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

/** The real prompts, drawn on the terminal by Inquirer. */
export const terminalPrompts: Prompts = {
  checkboxes: (message, choices) => cancellable(checkbox({ message, choices, pageSize: 12, loop: false })),
  text: (message, options = {}) => cancellable(input({ message, default: options.default, required: options.required })),
  duration: async (message, { default: fallback, parse }) => {
    const answer = await cancellable(
      input({
        message,
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
  choose: (message, choices) => cancellable(select({ message, choices, loop: false })),
  // The editor opens at once, on a private temporary file (only this user can read the summary).
  editor: (message, text) => cancellable(editor({ message, default: text, waitForUserInput: false, file: { prefix: 'k8s-study-summary-', postfix: '.txt', mode: 0o600 } })),
};
