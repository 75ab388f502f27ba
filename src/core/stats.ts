import { daysBetween, parseDay, parseInstant, shiftDay, studyDay, type Day } from './dates.ts';
import type { Rating, SessionRecord } from './records.ts';

// The numbers `stats` draws: minutes studied per day (a calendar heatmap), the reviews coming due
// over the next 30 days, and the share of reviews recalled (answered anything but "again") per week.

/** Days the review forecast covers, today first. */
export const FORECAST_DAYS = 30;

export interface StudyDay {
  date: Day;
  /** Minutes of the sessions finished that day (and of clocked time not yet counted into a session). */
  minutes: number;
  sessions: number;
  /** Review answers given that day, practice included. */
  reviews: number;
}

export interface RecallWeek {
  /** The Monday the week starts on. */
  week: Day;
  /** Review answers that counted (practice aside). */
  reviews: number;
  /** Of them, not "again". */
  recalled: number;
  /** recalled / reviews; null in a week without reviews. */
  share: number | null;
}

export interface StatsReport {
  today: Day;
  /** Every day of the weeks shown, Monday of the first week to today. */
  days: StudyDay[];
  forecast: { date: Day; due: number }[];
  recall: RecallWeek[];
  totals: { studyDays: number; minutes: number; reviews: number; recalled: number };
}

export interface StatsInput {
  /** The session records; `clockedAt`: when clocked minutes not yet counted into a finished session were last clocked. */
  sessions: readonly (SessionRecord & { clockedAt?: string })[];
  reviews: readonly { at: string; rating: Rating; practice?: boolean }[];
  /** The effective due day of every review item. */
  dueDays: readonly Day[];
  today: Day;
  dayStartHour: number;
  /** How many weeks back the heatmap and the recall go (the current one included). */
  weeks: number;
}

/** The Monday of the week a day falls in. */
export function mondayOf(day: Day): Day {
  const weekday = parseDay(day)?.getDay() ?? 1;
  return shiftDay(day, -((weekday + 6) % 7));
}

/** The study day of an instant, or null when it is not one. */
function dayOf(instant: string | null, dayStartHour: number): Day | null {
  const date = instant ? parseInstant(instant) : null;
  return date ? studyDay(date, dayStartHour) : null;
}

/** Everything `stats` shows, from the records, the review log and the items' due days. */
export function buildStats(input: StatsInput): StatsReport {
  const { today, dayStartHour } = input;
  const first = shiftDay(mondayOf(today), -7 * (Math.max(1, input.weeks) - 1));
  const byDay = new Map<Day, StudyDay>();
  const dayEntry = (date: Day): StudyDay | null => {
    if (date < first || date > today) return null;
    let entry = byDay.get(date);
    if (!entry) byDay.set(date, (entry = { date, minutes: 0, sessions: 0, reviews: 0 }));
    return entry;
  };
  for (const record of input.sessions) {
    const done = record.completedAt ? dayOf(record.completedAt, dayStartHour) : null;
    const entry = done ? dayEntry(done) : null;
    if (entry) {
      entry.sessions += 1;
      entry.minutes += record.minutesSpent ?? 0;
    }
    // Clocked time not yet counted into a finished session: on the day it was last clocked (when
    // known; else on the day the record last changed).
    const clocked = record.clockedMinutes > 0 ? dayOf(record.clockedAt ?? record.changedAt, dayStartHour) : null;
    const clockedEntry = clocked ? dayEntry(clocked) : null;
    if (clockedEntry) clockedEntry.minutes += record.clockedMinutes;
  }
  const weeks = new Map<Day, RecallWeek>();
  for (let week = first; week <= today; week = shiftDay(week, 7)) weeks.set(week, { week, reviews: 0, recalled: 0, share: null });
  for (const review of input.reviews) {
    const day = dayOf(review.at, dayStartHour);
    if (!day) continue;
    const entry = dayEntry(day);
    if (entry) entry.reviews += 1;
    const week = weeks.get(mondayOf(day));
    if (!week || review.practice) continue;
    week.reviews += 1;
    if (review.rating !== 'again') week.recalled += 1;
  }
  for (const week of weeks.values()) week.share = week.reviews === 0 ? null : week.recalled / week.reviews;

  const days: StudyDay[] = [];
  for (let date = first; date <= today; date = shiftDay(date, 1)) days.push(byDay.get(date) ?? { date, minutes: 0, sessions: 0, reviews: 0 });

  const forecast = Array.from({ length: FORECAST_DAYS }, (_, offset) => ({ date: shiftDay(today, offset), due: 0 }));
  for (const due of input.dueDays) {
    const offset = due <= today ? 0 : daysBetween(today, due);
    if (offset < FORECAST_DAYS) forecast[offset]!.due += 1;
  }

  const recall = [...weeks.values()];
  return {
    today,
    days,
    forecast,
    recall,
    totals: {
      studyDays: days.filter((day) => day.minutes > 0 || day.sessions > 0 || day.reviews > 0).length,
      minutes: days.reduce((sum, day) => sum + day.minutes, 0),
      reviews: recall.reduce((sum, week) => sum + week.reviews, 0),
      recalled: recall.reduce((sum, week) => sum + week.recalled, 0),
    },
  };
}

/** How much a day was studied, 0 (not at all) to 4, for the heatmap: reviews alone count as a little. */
export function studyLevel(day: Pick<StudyDay, 'minutes' | 'sessions' | 'reviews'>): 0 | 1 | 2 | 3 | 4 {
  if (day.minutes >= 120) return 4;
  if (day.minutes >= 60) return 3;
  if (day.minutes >= 30) return 2;
  return day.minutes > 0 || day.sessions > 0 || day.reviews > 0 ? 1 : 0;
}
