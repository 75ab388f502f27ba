import getStringTruncatedWidth from 'fast-string-truncated-width';
import stringWidth from 'fast-string-width';
import { wrapAnsi } from 'fast-wrap-ansi';
import { formatMinutes } from '../core/duration.ts';
import type { ProgressTotals, SessionStatus, SessionView } from '../core/progress.ts';

export { formatInstant, plural } from '../core/text.ts';
import type { Theme } from './theme.ts';

// Turning values into lines that fit the terminal: widths are measured as the terminal shows them
// (wide characters count two, colour codes none), long text wraps at word boundaries, and table
// cells are cut with an ellipsis rather than pushed past the edge.

/** What every renderer gets: how to colour, how wide a line may be, and how to write a command the user can paste. */
export interface View {
  theme: Theme;
  width: number;
  /** A command line to suggest, carrying the `--plan FILE` the user gave (quoted for the shell), coloured as a command. */
  command(args: string): string;
  /** How k8s-study was run, to begin a suggested command with another plan: `k8s-study`, or `npx k8s-study`. */
  program: string;
}

/**
 * Text made only of characters one column wide each (printable ASCII, Latin-1, the punctuation,
 * arrows, blocks and marks the views draw with), no escape sequence: its width is its length. Most
 * lines are such text; measuring them without the width library saves its start-up on every run.
 * tests/ui/layout.test.ts checks every character of this class against the library.
 */
export const NARROW_TEXT = /^[\x20-\x7e\u00a0-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u259f\u25c9\u25cb\u25d0\u25ef\u2714\u23f1]*$/;

/** Columns a text takes on the terminal. */
export function widthOf(text: string): number {
  return NARROW_TEXT.test(text) ? text.length : stringWidth(text);
}

/** The text cut to `width` columns, with an ellipsis when it was longer. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (NARROW_TEXT.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  const result = getStringTruncatedWidth(text, { limit: width, ellipsis: '…', ellipsisWidth: 1 });
  return result.truncated ? `${text.slice(0, result.index)}…` : text;
}

/** The text cut or padded with spaces to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - widthOf(cut)));
}

/** The text padded on the left to `width` columns. */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - widthOf(text))) + text;
}

/**
 * While wrapping, some spaces are made no-break spaces (the wrapper does not break at them) and
 * given back after: the ` · ` between the parts of a line is glued to the part after it, so a line
 * never ends in a dangling `·` (the next one starts `· id`), and a time is glued together, so
 * `4 h 30 min` is never cut after `4`.
 */
// An escape, not the character: the program bundle stays ASCII, which is read fastest (src/io/code-cache.ts).
const SEPARATOR = / \u00b7 /g;
const GLUED = '·\u00a0';
const TIME = /(\d) (h|min)\b(?: (\d+) (min)\b)?/g;

/** A share, `84 %`: its sign stays with its number. */
const PERCENT = /(\d) %/g;

const glue = (text: string): string =>
  text
    .replace(SEPARATOR, ` ${GLUED}`)
    .replace(TIME, (_match, digit: string, unit: string, minutes?: string) => `${digit}\u00a0${unit}${minutes ? `\u00a0${minutes}\u00a0min` : ''}`)
    .replace(PERCENT, '$1\u00a0%');
// After wrapping, every no-break space is a space again: those glued here, those of a suggested
// command (keepTogether), and any in the text (which wrapped as one word all the same).
const unglue = (text: string): string => text.replaceAll('\u00a0', ' ');

/**
 * A suggested command kept on one line when its text is wrapped, so that it can be copied whole:
 * its spaces are no-break spaces until the text is wrapped (hanging) or printed (Context.print),
 * which make them spaces again. One wider than the line wraps at its spaces after all.
 */
export const keepTogether = (command: string): string => command.replaceAll(' ', '\u00a0');

/** The text with each word glued by no-break spaces that is wider than `width` loosened again: it wraps at its spaces. */
function loosenWide(text: string, width: number): string {
  if (!text.includes('\u00a0')) return text;
  return text
    .split(' ')
    .map((word) => (word.includes('\u00a0') && widthOf(word) > width ? word.replaceAll('\u00a0', ' ') : word))
    .join(' ');
}

/** A block that starts with `prefix` and wraps `text` to `width` columns, aligned under its start. */
export function hanging(prefix: string, text: string, width: number, prefixWidth = widthOf(prefix)): string {
  const available = Math.max(10, width - prefixWidth);
  const body = unglue(wrapWords(loosenWide(glue(text), available), available));
  return prefix + body.split('\n').join(`\n${' '.repeat(prefixWidth)}`);
}

/**
 * `text` wrapped at its spaces to `width` columns, as the wrapping library does it (hard, trimmed).
 * Plain text of one-column characters, single-spaced, no word wider than a line, is the usual
 * case and is wrapped here, by length: the library measures every word for its width, and loading
 * and warming that costs a command printing a few lines more than the rest of its output.
 * tests/ui/layout.test.ts checks that the two agree.
 */
export function wrapWords(text: string, width: number): string {
  // Whitespace at the start, at the end or after whitespace is the library's to trim (no-break spaces too).
  if (!NARROW_TEXT.test(text) || /(?:^|\s)\s|\s$/.test(text)) return wrapAnsi(text, width, { hard: true, trim: true });
  const words = text.split(' ');
  if (words.some((word) => word.length > width)) return wrapAnsi(text, width, { hard: true, trim: true });
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** Wraps text to `width` columns, every line indented by `indent` spaces. */
export function wrapText(text: string, width: number, indent = 0): string {
  return hanging(' '.repeat(indent), text, width, indent);
}

/**
 * Every line made to fit: a line wider than `width` wraps at word boundaries, its continuation
 * indented like the line itself. The last guard of every human view: no line runs past the edge.
 */
export function fitLines(lines: readonly string[], width: number): string[] {
  const fitted: string[] = [];
  for (const block of lines) {
    for (const line of block.split('\n')) {
      if (widthOf(line) <= width) {
        fitted.push(line);
        continue;
      }
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      const hang = Math.min(indent, Math.floor(width / 2));
      fitted.push(...hanging(' '.repeat(hang), line.slice(indent), width, hang).split('\n'));
    }
  }
  return fitted;
}

/** The minutes a session took when done, else those clocked on it so far (`–` for none), for a time column. */
export function spentOrClocked(minutesSpent: number | null, clockedMinutes: number): string {
  if (minutesSpent !== null) return String(Math.round(minutesSpent));
  return clockedMinutes >= 1 ? String(Math.round(clockedMinutes)) : '–';
}

/** A bar of `width` cells, filled in proportion to `fraction` (0..1). */
export function bar(fraction: number, width: number, theme: Theme): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return theme.good('█'.repeat(filled)) + theme.dim('░'.repeat(width - filled));
}

const STATUS_MARK: Record<SessionStatus, string> = { done: '✔', 'in-progress': '◐', todo: '○' };

/** The status word and mark of a session, coloured by meaning. */
export function statusLabel(status: SessionStatus, theme: Theme): string {
  const text = `${STATUS_MARK[status]} ${status === 'in-progress' ? 'in progress' : status}`;
  return status === 'done' ? theme.good(text) : status === 'in-progress' ? theme.warn(text) : theme.dim(text);
}

/** `1 of 5 sessions done · 60 min spent of 5 h 30 min planned` with a bar. */
export function progressLine(totals: ProgressTotals, theme: Theme): string {
  const fraction = totals.total === 0 ? 0 : totals.done / totals.total;
  return `${bar(fraction, 20, theme)} ${totals.done} of ${totals.total} sessions done · ${formatMinutes(totals.minutesSpent)} spent of ${formatMinutes(totals.minutesPlanned)} planned`;
}

/**
 * A session's heading: number, title, day, planned time and id, after `prefix` (`Next: `), wrapped
 * to `width` under the title.
 */
export function sessionHeading(view: Pick<SessionView, 'number' | 'title' | 'day' | 'minutes' | 'id'>, theme: Theme, width: number, prefix = ''): string {
  const number = `${view.number}. `;
  const text = `${theme.heading(view.title)}  ${theme.dim(`day ${view.day} · ${formatMinutes(view.minutes)} · ${view.id}`)}`;
  return hanging(`${prefix}${theme.heading(number)}`, text, width, widthOf(prefix) + widthOf(number));
}

/** The checklist with ticks, each item numbered for `check`. */
export function checklistLines(view: Pick<SessionView, 'checklist'>, theme: Theme, width: number): string[] {
  return view.checklist.map((item) => {
    const box = item.done ? theme.good('[x]') : '[ ]';
    return hanging(`  ${box} ${item.number}. `, item.text, width, widthOf(`  [x] ${item.number}. `));
  });
}

/** The session's key points, title then text. */
export function keyPointLines(view: Pick<SessionView, 'keyPoints'>, theme: Theme, width: number): string[] {
  return view.keyPoints.map((point) => hanging('  • ', `${theme.heading(point.title)}: ${point.text}`, width, 4));
}

/** The session's terms, each with its meaning. */
export function termLines(view: Pick<SessionView, 'terms'>, theme: Theme, width: number): string[] {
  return view.terms.map((term) => hanging('  • ', `${theme.heading(term.term)}: ${term.text}`, width, 4));
}

/** The "Key points" and "Terms" sections of a session, each after a blank line; none when empty. */
export function keyPointAndTermSections(view: Pick<SessionView, 'keyPoints' | 'terms'>, theme: Theme, width: number): string[] {
  const lines: string[] = [];
  if (view.keyPoints.length > 0) lines.push('', theme.heading('Key points'), ...keyPointLines(view, theme, width));
  if (view.terms.length > 0) lines.push('', theme.heading('Terms'), ...termLines(view, theme, width));
  return lines;
}

/** How far off a day is, in words: `in 5 days`, `tomorrow`, `today`, `yesterday`, `3 days ago`. */
export function daysFromNow(days: number): string {
  if (days > 1) return `in ${days} days`;
  if (days === 1) return 'tomorrow';
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  return `${-days} days ago`;
}

/**
 * A word (a file name, say) as a shell reads it, safe to print: quoted when it needs to be; a word
 * holding control characters is written in bash's and zsh's $'...' form with every such character
 * escaped, so that pasting it names the same file and printing it moves no cursor.
 */
export function shellWord(word: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(word)) {
    const escaped = [...word]
      .map((character) => {
        const code = character.codePointAt(0) ?? 0;
        if (character === "'" || character === '\\') return `\\${character}`;
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
        if (code >= 0x80 && code <= 0x9f) return `\\u${code.toString(16).padStart(4, '0')}`;
        return character;
      })
      .join('');
    return `$'${escaped}'`;
  }
  return /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

