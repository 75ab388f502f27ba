import { findItem } from '../core/item-names.ts';
import { findSession } from '../core/plan-index.ts';
import { toInstant } from '../core/dates.ts';
import { emptySession, MAX_SUMMARY_CHARS, type Clock } from '../core/records.ts';
import { addClockedMinutes, countedMinutes, isForgotten, readClock } from '../core/study-clock.ts';
import type { PlanOutline } from '../core/plan-outline.ts';
import { oneOf, sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';
import type { PlanTransaction } from '../io/store.ts';
import type { ClockStop } from '../ui/clock.ts';

// What several commands share: finding a session or a review item by what was typed, reading a
// summary option, stopping the study clock. (A command never imports another command.)

/** Looks a session up by number, id or id prefix, or fails naming what was typed. */
export function resolveSession<S extends { id: string; number: number }>(plan: { sessions: S[] }, reference: string, suggest: (args: string) => string): S {
  const found = findSession(plan, reference);
  if (!('reason' in found)) return found.session;
  const typed = sanitizeLine(reference);
  if (found.reason === 'ambiguous') {
    throw new StudyError(`session "${typed}" is ambiguous: it could be ${found.candidates.map((session) => `${session.number} (${session.id})`).join(', ')}`);
  }
  throw new StudyError(`unknown session "${typed}": use a number from 1 to ${plan.sessions.length} or an id (${suggest('list')} shows them)`);
}


/** The error for a review item name that names no item, or more than one, with the closest candidates. */
export function itemNameError(typed: string, reason: 'unknown' | 'ambiguous', candidates: readonly string[], suggest: (args: string) => string): StudyError {
  const name = sanitizeLine(typed);
  if (reason === 'ambiguous') return new StudyError(`review item "${name}" is ambiguous: it could be ${oneOf(candidates.slice(0, 5))}${candidates.length > 5 ? ` (${candidates.length} in all)` : ''}; give more of the id`);
  if (candidates.length > 0) return new StudyError(`unknown review item "${name}": did you mean ${oneOf(candidates)}? (${suggest('due --upcoming 30')} lists the items)`);
  return new StudyError(`unknown review item "${name}": items are session:ID, keypoint:ID or term:ID (${suggest('due')} lists them)`);
}

/** Resolves what the user typed to a review item id of the plan: any of the names item-names.ts knows, or an error with a "did you mean". */
export function resolveItem(plan: PlanOutline, reference: string, suggest: (args: string) => string): string {
  const found = findItem(plan, reference);
  if (found.id !== null) return found.id;
  throw itemNameError(reference, found.reason, found.candidates, suggest);
}

/** Longest summary read from standard input: far above anything typed as a summary. */
const MAX_INPUT_BYTES = 1024 * 1024;

/** Reads all of standard input as text (for `--summary -`), at most 1 MiB. */
export async function readAllInput(context: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of context.stdin) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError('standard input is over 1 MiB: a summary is a few sentences in your own words');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A summary as typed, pasted or edited, trimmed; refused (nothing saved) when longer than a record holds. */
export function checkedSummary(text: string, from: string): string {
  const summary = text.trim();
  if (summary.length > MAX_SUMMARY_CHARS) {
    throw new UsageError(`${from} is ${summary.length.toLocaleString('en-US')} characters; a summary holds at most ${MAX_SUMMARY_CHARS.toLocaleString('en-US')}: keep it to the key points in your own words`);
  }
  return summary;
}

/**
 * Resolves `--summary` (`-` reads standard input); undefined when it was not given, null for
 * `--no-summary`. An empty summary is a usage error; `orElse` says what to do instead.
 */
export async function readSummaryOption(context: Context, summary: string | boolean | undefined, orElse: string): Promise<string | null | undefined> {
  if (summary === false) return null;
  if (typeof summary !== 'string') return undefined;
  const text = checkedSummary(summary === '-' ? await readAllInput(context) : summary, summary === '-' ? 'the summary on standard input' : 'the --summary text');
  if (text === '') throw new UsageError(`--summary is empty: write the summary in your own words, or ${orElse}`);
  return text;
}

/** Prints a command's result: its JSON document with --json, else its human view. */
export function present<T>(context: Context, result: T, toJson: (result: T) => unknown, render: (result: T, view: Context['view']) => string[]): void {
  if (context.json) context.printJson(toJson(result));
  else context.print(render(result, context.view));
}

// The study clock, stopped by `stop`, by `start` on another session and by `done` on its own.

/** What a forgotten clock counts when it does not know its session's planned time (a clock from an older version). */
export const DEFAULT_PLANNED_MINUTES = 60;

/** Why a command cannot ask here: --json never prompts; otherwise there is no terminal. */
export function whyNoPrompt(context: Pick<Context, 'json'>): string {
  return context.json ? 'with --json (which never asks)' : 'when not run on a terminal';
}

/** A session as the clock names it: kept in the clock, so a clock of another plan can be stopped without that plan. */
export function clockLabel(session: { number: number; title: string }): string {
  return `${session.number}. ${session.title}`;
}

/** Minutes decided before the lock is taken (asked on a terminal), for the clock started at `startedAt`. */
export interface Decided {
  startedAt: string;
  minutes: number;
}

/**
 * Stops `clock` inside `tx` (which is on the clock's plan) and adds its minutes to its session.
 * `decided` holds what the person said for this very clock; `override` is `stop --minutes`.
 */
export function stopInTransaction(tx: PlanTransaction, clock: Clock, context: Context, decided: Decided | null, override?: number): ClockStop {
  const reading = readClock(clock, context.now(), context.dayStartHour);
  const planned = clock.plannedMinutes ?? DEFAULT_PLANNED_MINUTES;
  let minutes: number;
  let reason: ClockStop['reason'] = 'clocked';
  if (override !== undefined) {
    minutes = override;
    reason = 'given';
  } else if (decided?.startedAt === clock.startedAt) {
    minutes = decided.minutes;
    reason = 'given';
  } else {
    minutes = countedMinutes(reading, planned);
    if (isForgotten(reading, planned)) reason = 'capped';
    else if (reading.backwards) reason = 'backwards';
  }
  const before = tx.session(clock.session) ?? emptySession(tx.at);
  const after = addClockedMinutes(before, minutes, tx.at);
  tx.setSession(clock.session, after);
  tx.setClock(null);
  return {
    plan: clock.plan,
    session: clock.session,
    label: clock.label ?? clock.session,
    startedAt: clock.startedAt,
    minutes,
    clockedMinutes: reading.minutes,
    reason,
    dayEnd: toInstant(reading.dayEnd),
    finished: Boolean(after.completedAt),
    total: after.completedAt ? (after.minutesSpent ?? 0) : after.clockedMinutes,
  };
}

/** A review item named that no finished session has started yet (`review`, `show`). */
export function notStarted(context: Pick<Context, 'suggest'>, typed: string): StudyError {
  return new StudyError(`review item "${sanitizeLine(typed)}" has not started yet: it starts when a session that lists it is done (${context.suggest('next')} shows what to study)`);
}
