import { FIRST_YEAR, LAST_YEAR, parseDay, shiftDay, type Day } from './core/dates.ts';
import { parseDuration } from './core/duration.ts';
import { RATINGS, type Rating } from './core/records.ts';
import { sanitizeLine } from './core/text.ts';

// Parsing option values, once, where the options are declared (cli.ts hands these to commander's
// argParser; the fast path in fast.ts uses the same functions). A value that does not parse throws
// OptionValueError, which becomes a usage error (exit 2) naming the value.

/** A value that is not what an option takes: a usage error. */
export class OptionValueError extends Error {
  readonly exitCode = 2;
}

/** A date as typed: a calendar day, or an offset from today (resolved against the tool's clock). */
export type DateInput = { day: Day } | { offset: number };

/**
 * Parses `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday` or `+3d` / `-2d`. `past` is for a day
 * something was done: the error then suggests only the forms that can name one.
 */
export function parseDateInput(value: string, { past = false } = {}): DateInput {
  const text = value.trim().toLowerCase();
  if (text === 'today') return { offset: 0 };
  if (text === 'tomorrow') return { offset: 1 };
  if (text === 'yesterday') return { offset: -1 };
  const offset = /^([+-])(\d{1,6})d$/.exec(text);
  if (offset) return { offset: (offset[1] === '-' ? -1 : 1) * Number(offset[2]) };
  const date = parseDay(text);
  if (!date) throw new OptionValueError(`"${sanitizeLine(value)}" is not a date: use ${past ? 'YYYY-MM-DD, today, yesterday or -2d' : 'YYYY-MM-DD, today, tomorrow, yesterday or +3d'}`);
  if (date.getFullYear() < FIRST_YEAR || date.getFullYear() > LAST_YEAR) throw new OptionValueError(`"${sanitizeLine(value)}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);
  return { day: text };
}

/** The calendar day a date input names, counted from `today`. */
export function resolveDate(input: DateInput, today: Day, typed: string): Day {
  if ('day' in input) return input.day;
  const day = Math.abs(input.offset) > 400_000 ? null : shiftDay(today, input.offset);
  const year = day ? Number(day.slice(0, 4)) : Number.NaN;
  if (!day || !(year >= FIRST_YEAR && year <= LAST_YEAR)) throw new OptionValueError(`"${sanitizeLine(typed)}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);
  return day;
}

/** Parses minutes as the plan writes durations: `90`, `90m`, `1h30m`, `1.5h`; 1 minute to 24 hours. */
export function parseMinutes(value: string): number {
  const text = value.trim();
  const minutes = /^\d{1,5}$/.test(text) ? Number(text) : parseDuration(text);
  if (minutes === null || !(minutes >= 1 && minutes <= 1440)) {
    throw new OptionValueError(`"${sanitizeLine(value)}" is not a time from 1 minute to 24 hours: write 90, 90m, 1h30m or 1.5h`);
  }
  return minutes;
}

/**
 * A text an option takes (a summary, a file name), refused when it is an option instead: typed with
 * its text forgotten (`--summary --help`), the next option would otherwise become the text.
 */
export function textValue(what: string, hint = ''): (value: string) => string {
  return (value) => {
    if (/^--?[A-Za-z]/.test(value)) throw new OptionValueError(`"${sanitizeLine(value)}" is an option, not ${what}: write ${what} after the option${hint}`);
    return value;
  };
}

/** Parses a review rating: its name, or its key in the interactive review (1 again … 4 easy). */
export function parseRating(value: string): Rating {
  const text = value.trim().toLowerCase();
  const rating = (/^[1-4]$/.test(text) ? RATINGS[Number(text) - 1] : text) as Rating;
  if (!RATINGS.includes(rating)) throw new OptionValueError(`"${sanitizeLine(value)}" is not one of ${RATINGS.join(', ')} (or their keys, 1 to 4)`);
  return rating;
}

/** A parser of whole numbers from `min` to `max`, naming what they count. */
export function wholeNumber(min: number, max: number, what: string): (value: string) => number {
  return (value) => {
    const number = /^\d{1,7}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!(number >= min && number <= max)) throw new OptionValueError(`"${sanitizeLine(value)}" is not a whole number of ${what} from ${min} to ${max}`);
    return number;
  };
}

/** `--upcoming DAYS`. */
export const parseUpcomingDays = wholeNumber(0, 365, 'days');
/** `review --limit N`. */
export const parseLimit = wholeNumber(1, 100_000, 'items');

/** The weeks `stats` covers unless told otherwise: half a year. */
export const DEFAULT_STATS_WEEKS = 26;
/** `stats --weeks N`: a year at most. */
export const parseWeeks = wholeNumber(1, 53, 'weeks');

/** `sync --remote URL`: a git URL, host:path, or a folder; never something git would read as an option. */
export function parseRemote(value: string): string {
  const url = value.trim();
  // eslint-disable-next-line no-control-regex
  if (url === '' || url.startsWith('-') || /[\u0000-\u001f\u007f]/.test(url)) {
    throw new OptionValueError(`"${sanitizeLine(value)}" is not a git remote: give a URL (ssh://…, https://…, file://…), host:path, or the folder of a bare repository`);
  }
  return url;
}
