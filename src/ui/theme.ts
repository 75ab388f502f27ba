import chalk, { Chalk, type ChalkInstance } from 'chalk';

// The only chalk import: every colour in the product goes through a Theme, so `--no-color`,
// NO_COLOR and a non-terminal stdout turn all of it off at once.

export interface Theme {
  /** Headings and the thing to look at. */
  heading(text: string): string;
  /** Done, ticked, on time. */
  good(text: string): string;
  /** Due, behind, needs attention. */
  warn(text: string): string;
  /** Overdue or failed. */
  bad(text: string): string;
  /** Secondary details: ids, hints, dates. */
  dim(text: string): string;
  /** Commands the user can type. */
  command(text: string): string;
}

function themeFrom(paint: ChalkInstance): Theme {
  return {
    heading: (text) => paint.bold(text),
    good: (text) => paint.green(text),
    warn: (text) => paint.yellow(text),
    bad: (text) => paint.red(text),
    dim: (text) => paint.dim(text),
    command: (text) => paint.cyan(text),
  };
}

/** A theme that colours when `color` is true (at least 16 colours), else writes plain text. */
export function createTheme(color: boolean): Theme {
  return themeFrom(new Chalk({ level: color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 }));
}
