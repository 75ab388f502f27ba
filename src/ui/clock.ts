import { formatMinutes } from '../core/duration.ts';
import type { RunningClock } from '../core/study-clock.ts';
import { sanitizeLine } from '../core/text.ts';
import type { Theme } from './theme.ts';
import { formatInstant, type View } from './layout.ts';

/** A clock that was stopped: how long it ran, what was counted and why, and where it went. */
export interface ClockStop {
  plan: string;
  session: string;
  label: string;
  startedAt: string;
  /** Minutes added to the session. */
  minutes: number;
  /** Minutes the clock ran. */
  clockedMinutes: number;
  /** Why `minutes` is what it is: the clocked time, a time given, the planned time for a clock forgotten past the day's end, or 0 for a clock set back. */
  reason: 'clocked' | 'given' | 'capped' | 'backwards';
  /** The end of the study day the clock started in. */
  dayEnd: string;
  /** The session is finished: the minutes went to its time spent. */
  finished: boolean;
  /** The session's minutes now: time spent when finished, else clocked towards `done`. */
  total: number;
}

/** What `start` did; `--json` prints it. */
export type StartResult =
  | { kind: 'started'; label: string; number: number; startedAt: string; finished: boolean; clockedBefore: number; stopped: ClockStop | null }
  | { kind: 'running'; label: string; startedAt: string; minutes: number; stopped: ClockStop | null };

/** What `stop` did; `--json` prints it. */
export type StopResult = { kind: 'stopped'; stopped: ClockStop } | { kind: 'none' };

const time = (instant: string): string => formatInstant(instant);

/** What a stopped clock counted, in words. */
export function stoppedLines(stop: ClockStop, { theme, command }: View): string[] {
  const label = sanitizeLine(stop.label);
  const where = stop.finished ? `added to its time spent: ${formatMinutes(stop.total)} now` : `${formatMinutes(stop.total)} clocked towards it so far`;
  const lines = [`${theme.good('Clock stopped:')} ${label}, ${formatMinutes(stop.minutes)} ${theme.dim(`(${where})`)}`];
  if (stop.reason === 'capped') {
    lines.push(
      theme.warn(
        `It ran from ${time(stop.startedAt)} past the end of that study day (${formatMinutes(stop.clockedMinutes)} in all), so the session's planned ${formatMinutes(stop.minutes)} is counted, not all of it.`,
      ),
      theme.dim(`Not right? ${stop.finished ? command('done SESSION --minutes TIME') : command('undo')} ${stop.finished ? 'corrects the time spent' : `takes this back; ${command('stop --minutes TIME')} then counts what you give`}.`),
    );
  } else if (stop.reason === 'backwards') {
    lines.push(theme.warn(`The computer's clock reads earlier than when the clock started (${time(stop.startedAt)}): nothing was counted.`));
  }
  return lines;
}

/** The human view of `start`. */
export function renderStart(result: StartResult, view: View): string[] {
  const { theme, command } = view;
  const before = result.stopped ? stoppedLines(result.stopped, view) : [];
  if (result.kind === 'running') {
    return [...before, `The clock is already running on ${sanitizeLine(result.label)}: ${formatMinutes(result.minutes)} since ${time(result.startedAt)}.`, theme.dim(`${command('stop')} stops it.`)];
  }
  const already = result.clockedBefore > 0 ? ` (${formatMinutes(result.clockedBefore)} clocked before)` : '';
  return [
    ...before,
    `${theme.good('Clock started:')} ${sanitizeLine(result.label)} at ${time(result.startedAt)}${already}.`,
    theme.dim(
      result.finished
        ? `The session is done already: ${command('stop')} adds the time to what it took.`
        : `${command('stop')} stops it and keeps the minutes; ${command(`done ${result.number}`)} records them with the session.`,
    ),
  ];
}

/** The human view of `stop`. */
export function renderStop(result: StopResult, view: View): string[] {
  if (result.kind === 'none') return [`No clock is running; nothing changed. ${view.command('start SESSION')} starts one.`];
  return stoppedLines(result.stopped, view);
}

/** The line next, show and status print while a clock runs; `here` is the plan (and session) shown. */
export function runningClockLine(clock: RunningClock, theme: Theme, here: { plan: string; session?: string }): string {
  const where =
    clock.plan !== here.plan ? `on ${sanitizeLine(clock.label)} (plan ${sanitizeLine(clock.plan)})` : here.session === clock.session ? 'on this session' : `on ${sanitizeLine(clock.label)}`;
  const before = clock.clockedBefore > 0 ? `, ${formatMinutes(clock.clockedBefore + clock.minutes)} clocked in all` : '';
  const forgotten = clock.forgotten ? ' — it ran past the end of the study day it started in: stop it' : '';
  return theme.warn(`⏱ Clock running ${where}: ${formatMinutes(clock.minutes)} since ${time(clock.startedAt)}${before}${forgotten}`);
}
