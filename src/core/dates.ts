// Each function from its own module: the package's index would have the bundle set up all of date-fns.
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

/** A calendar day in local time, `YYYY-MM-DD`. */
export type Day = string;

/** Default hour (local) at which a study day begins: work at 01:00 still counts for the evening before. */
export const DEFAULT_DAY_START_HOUR = 4;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a command-line date or the clock may name. Days compare as text only while they have
 * four-digit years, so a schedule or interval from 9999-12-31 would break; nobody studies outside.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2999;

function isInRange(date: Date): boolean {
  return date.getFullYear() >= FIRST_YEAR && date.getFullYear() <= LAST_YEAR;
}

// The three fixed formats below are built from the Date's local fields rather than through date-fns'
// pattern-string `format` and `parse`: those interpret the pattern on every call, which dominated the
// run time of `next` and `due` over thousands of review items, and their code was most of what every
// run loaded for dates.
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Parses a `YYYY-MM-DD` string as a real calendar day (no 2026-02-30); null when it is not one. */
export function parseDay(value: string): Date | null {
  const match = DAY_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Noon keeps day arithmetic clear of DST transitions, which happen at night. setFullYear, unlike
  // the Date constructor, takes years before 100 as they are.
  const date = new Date(2000, 0, 1, 12);
  date.setFullYear(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** Formats a local date as its calendar day. */
export function toDay(date: Date): Day {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The study day an instant belongs to: before `dayStartHour` it is still the previous day. */
export function studyDay(now: Date, dayStartHour = DEFAULT_DAY_START_HOUR): Day {
  // Wall-clock hours, not elapsed hours, so a DST change never moves the boundary.
  return toDay(now.getHours() < dayStartHour ? addDays(now, -1) : now);
}

/**
 * `day` moved by `days` calendar days. Pure calendar arithmetic (in UTC, where every day exists and
 * has 24 hours): the answer is the same in every time zone, and a schedule or a list of thousands
 * of items moves days without looking up the zone each time.
 */
export function shiftDay(day: Day, days: number): Day {
  if (!isCalendarDay(day)) throw new RangeError(`not a day: ${day}`);
  const moved = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years before 100 as they are.
  moved.setUTCFullYear(digitsAt(day, 0, 4), digitsAt(day, 5, 2) - 1, digitsAt(day, 8, 2) + days);
  return `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: Day, to: Day): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) throw new RangeError(`not a day: ${a ? to : from}`);
  return differenceInCalendarDays(b, a);
}

const CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the clock override `K8S_STUDY_NOW`: ISO 8601 in local time (`2026-12-01` or
 * `2026-12-01T09:30`), or with an explicit offset. Null when it is not one, or outside 1970 to 2999.
 */
export function parseClock(value: string): Date | null {
  const match = CLOCK.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds, millis, zone] = match;
  const date = parseDay(`${year}-${month}-${day}`);
  if (!date || !isInRange(date) || Number(hours ?? 0) > 23 || Number(minutes ?? 0) > 59 || Number(seconds ?? 0) > 59) return null;
  // A bare day means its noon, not midnight (which still belongs to the study day before).
  if (hours === undefined) return zone ? null : new Date(date.getFullYear(), date.getMonth(), date.getDate(), 12, 0, 0);
  if (!zone) return new Date(date.getFullYear(), date.getMonth(), date.getDate(), Number(hours), Number(minutes), Number(seconds ?? 0), Number((millis ?? '0').padEnd(3, '0')));
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const time = Date.parse(`${year}-${month}-${day}T${hours}:${minutes}:${seconds ?? '00'}.${(millis ?? '0').padEnd(3, '0')}${offset}`);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * Parses a command-line date: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, or `+3d` / `-2d`
 * offsets from today. Null when it is none of these, or falls outside FIRST_YEAR to LAST_YEAR.
 */
export function parseDateArgument(value: string, today: Day): Day | null {
  const text = value.trim().toLowerCase();
  let day: Day | null = null;
  if (text === 'today') day = today;
  else if (text === 'tomorrow') day = shiftDay(today, 1);
  else if (text === 'yesterday') day = shiftDay(today, -1);
  else {
    const offset = /^([+-])(\d{1,4})d$/.exec(text);
    if (offset) day = shiftDay(today, (offset[1] === '-' ? -1 : 1) * Number(offset[2]));
    else if (parseDay(text)) day = text;
  }
  const date = day === null ? null : parseDay(day);
  return date && isInRange(date) ? day : null;
}

/** An instant as ISO 8601 with the local offset, e.g. `2026-12-01T09:30:00+01:00`. */
export function toInstant(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${toDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

/** The time (ms since the epoch) of an instant as parseInstant reads it; NaN when invalid. No Date is made for the form the tool writes. */
export function timeOfInstant(value: string): number {
  const time = instantTime(value);
  return Number.isNaN(time) ? (parseInstant(value)?.getTime() ?? Number.NaN) : time;
}

/** Parses an instant written by `toInstant` (or any ISO 8601 string); null when invalid. */
export function parseInstant(value: string): Date | null {
  const time = instantTime(value);
  if (!Number.isNaN(time)) return new Date(time);
  // Other ISO 8601 instants with an offset (Z, fractions of a second) mean the same to the built-in
  // parser, which is many times faster than parseISO; the built-in parser rolls impossible dates
  // over (Feb 30 to Mar 2), so the fields are checked first.
  const match = INSTANT_WITH_OFFSET.exec(value);
  if (match) {
    if (!isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) || Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return null;
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time);
  }
  const date = parseISO(value);
  return isValid(date) ? date : null;
}

/**
 * The time of an instant in exactly the form toInstant writes (`2026-12-01T09:30:00+01:00`), read
 * character by character: every stored instant has that form, and a review log holds tens of
 * thousands. NaN for anything else (parseInstant then tries the other ISO 8601 forms).
 */
export function instantTime(value: string): number {
  return isWrittenInstant(value) ? Date.parse(value) : Number.NaN;
}

/**
 * The form toInstant writes, with months, days of 01 to 31, hours and minutes in range. A regular
 * expression runs as machine code from its first use: tens of thousands of instants are checked
 * while the checking code is still cold, where reading them character by character in script costs
 * several times more.
 */
const WRITTEN_INSTANT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-](?:[01]\d|2[0-3]):[0-5]\d$/;

/** Whether a text is an instant in exactly the form toInstant writes, with a real date and time. */
export function isWrittenInstant(value: string): boolean {
  return WRITTEN_INSTANT.test(value) && dayExistsIn(value);
}

/** Whether the day of a text that begins `YYYY-MM-DD` (month 01 to 12, day 01 to 31) is in its month: only days from 29 on need looking at. */
function dayExistsIn(value: string): boolean {
  const tens = value.charCodeAt(8);
  if (tens < 50 || (tens === 50 && value.charCodeAt(9) < 57)) return true;
  return isCalendarDate(digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Whether a year, month (1 to 12) and day make a real calendar date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** Whether a value is a real calendar day `YYYY-MM-DD`, checked cheaply (no Date is built). */
export function isCalendarDay(value: unknown): boolean {
  // Months and days in range by the pattern (see WRITTEN_INSTANT): a store holds tens of thousands of days.
  return typeof value === 'string' && CALENDAR_DAY.test(value) && dayExistsIn(value);
}

const CALENDAR_DAY = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

/** The number written by `count` ASCII digits of `text` from `start`; NaN when one of them is not a digit. */
export function digitsAt(text: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    number = number * 10 + digit;
  }
  return number;
}

const INSTANT_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant to record for something done on `day`: now if that is today, else that day at noon. */
export function instantOnDay(day: Day, now: Date, dayStartHour = DEFAULT_DAY_START_HOUR): Date {
  if (studyDay(now, dayStartHour) === day) return now;
  const date = parseDay(day);
  if (!date) throw new RangeError(`not a day: ${day}`);
  return date;
}

/**
 * The instant on study day `day` at the wall-clock time of `time` (a corrected day keeps the time
 * of day it was recorded with): a time before the day's start falls on the next calendar date, as
 * it belongs to `day` then. Never later than `now`; noon when that time does not exist on that day.
 */
export function sameTimeOnDay(day: Day, time: Date, now: Date, dayStartHour = DEFAULT_DAY_START_HOUR): Date {
  const date = parseDay(day);
  if (!date) throw new RangeError(`not a day: ${day}`);
  const moved = new Date(date);
  if (time.getHours() < dayStartHour) moved.setDate(moved.getDate() + 1);
  moved.setHours(time.getHours(), time.getMinutes(), time.getSeconds(), 0);
  if (studyDay(moved, dayStartHour) !== day || moved.getHours() !== time.getHours()) return instantOnDay(day, now, dayStartHour);
  return moved.getTime() > now.getTime() ? now : moved;
}

/** Short weekday names, as date-fns' `EEE` writes them (English), Sunday first like `getDay()`. */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A day with its short weekday, e.g. `Tue 2026-12-01`, for agendas. */
export function formatDayWithWeekday(day: Day): string {
  const date = parseDay(day);
  return date ? `${WEEKDAYS[date.getDay()]} ${day}` : day;
}
