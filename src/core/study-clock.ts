import { parseDay, parseInstant, shiftDay, studyDay } from './dates.ts';
import { MAX_MINUTES, type Clock, type SessionRecord } from './records.ts';

// The study clock (`start` / `stop`): one at most per store, kept in the store so it survives the
// terminal. Its minutes are the time between two instants, so a DST change in between counts what
// really passed. A clock left running past the end of the study day it started in (a forgotten
// `stop`) is not counted whole: it is capped at that day's end, or the person says how much.

/** What a running clock amounts to at a given moment. */
export interface ClockReading {
  /** Minutes from the start to now (0 when the clock reads earlier than the start). */
  minutes: number;
  /** The end of the study day the clock started in (the next day's day-start hour, local time). */
  dayEnd: Date;
  /** Whether now is past that day's end. */
  pastDayEnd: boolean;
  /** Minutes from the start to the day's end: what is counted when the clock ran past it. */
  minutesToDayEnd: number;
  /** The computer's clock reads earlier than when the clock was started (it was set back). */
  backwards: boolean;
}

/** Minutes kept to the hundredth: many short clock-ins still add up to the right total. */
const toMinutes = (milliseconds: number): number => Math.round(Math.max(0, milliseconds) / 600) / 100;

/** The end of the study day `instant` belongs to: the next calendar day at the day-start hour, local time. */
export function endOfStudyDay(instant: Date, dayStartHour: number): Date {
  const next = parseDay(shiftDay(studyDay(instant, dayStartHour), 1))!;
  // Wall-clock time: on a DST day the study day is 23 or 25 hours long, as the person lives it.
  return new Date(next.getFullYear(), next.getMonth(), next.getDate(), dayStartHour, 0, 0, 0);
}

/** Reads a running clock at `now`. */
export function readClock(clock: Clock, now: Date, dayStartHour: number): ClockReading {
  const started = parseInstant(clock.startedAt) ?? now;
  const dayEnd = endOfStudyDay(started, dayStartHour);
  const elapsed = now.getTime() - started.getTime();
  return {
    minutes: toMinutes(elapsed),
    dayEnd,
    pastDayEnd: now.getTime() > dayEnd.getTime(),
    minutesToDayEnd: toMinutes(dayEnd.getTime() - started.getTime()),
    backwards: elapsed < 0,
  };
}

/**
 * The minutes a stopped clock counts when nobody said otherwise: what it ran; but a clock forgotten
 * (it ran past the end of its study day, and longer than the session's planned time) counts the
 * planned time. A sitting from 03:50 to 04:10 crosses the day's end and is counted whole.
 */
export function countedMinutes(reading: ClockReading, plannedMinutes: number): number {
  return isForgotten(reading, plannedMinutes) ? plannedMinutes : reading.minutes;
}

/** Whether a clock was forgotten: past the end of its study day, and longer than the session's planned time. */
export function isForgotten(reading: ClockReading, plannedMinutes: number): boolean {
  return reading.pastDayEnd && reading.minutes > plannedMinutes;
}

/**
 * A session's record with clocked minutes added: to the time spent when the session is finished
 * already (studied again), else to the minutes clocked towards it, which `done` then records.
 */
export function addClockedMinutes(record: SessionRecord, minutes: number, at: string): SessionRecord {
  // Kept within what a record may hold (a year of minutes), whatever the clock says.
  const rounded = (value: number): number => Math.min(MAX_MINUTES, Math.round(value * 100) / 100);
  if (record.completedAt) return { ...record, minutesSpent: rounded((record.minutesSpent ?? 0) + minutes), changedAt: at };
  return { ...record, clockedMinutes: rounded(record.clockedMinutes + minutes), changedAt: at };
}

/** A running clock as next, show and status show it. */
export interface RunningClock {
  plan: string;
  session: string;
  label: string;
  startedAt: string;
  /** Minutes it has run. */
  minutes: number;
  /** Minutes clocked on the session before this clock started (when it is in the plan shown). */
  clockedBefore: number;
  /** Left running: past the end of its study day and longer than the session's planned time. */
  forgotten: boolean;
}

/** The running clock of the store at `now`, for showing; null when none runs. `sessions` are the records of the plan shown. */
export function describeRunningClock(clock: Clock | null, now: Date, dayStartHour: number, planId: string, sessions: Readonly<Record<string, SessionRecord>>): RunningClock | null {
  if (!clock) return null;
  const reading = readClock(clock, now, dayStartHour);
  const record = clock.plan === planId && Object.hasOwn(sessions, clock.session) ? sessions[clock.session] : undefined;
  return {
    plan: clock.plan,
    session: clock.session,
    label: clock.label ?? clock.session,
    startedAt: clock.startedAt,
    minutes: reading.minutes,
    clockedBefore: record && !record.completedAt ? record.clockedMinutes : 0,
    forgotten: isForgotten(reading, clock.plannedMinutes ?? 60),
  };
}
