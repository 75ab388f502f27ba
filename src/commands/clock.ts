import { toInstant } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { pickNextSession } from '../core/progress.ts';
import type { Clock } from '../core/records.ts';
import { countedMinutes, isForgotten, readClock } from '../core/study-clock.ts';
import { formatInstant, sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';
import { parseMinutes } from '../options.ts';
import { renderStart, renderStop, type ClockStop, type StartResult, type StopResult } from '../ui/clock.ts';
import { clockLabel, DEFAULT_PLANNED_MINUTES, present, resolveSession, stopInTransaction, type Decided } from './shared.ts';

// `start <session>` and `stop`: a study clock kept in the store (config.json), one per store, so it
// survives closing the terminal or a reboot. Stopping adds the minutes to the session: towards
// `done` when it is not finished, to its time spent when it is. A clock that ran past the end of
// the study day it started in, and longer than the session's planned time, was forgotten: on a
// terminal the person says how long they studied; otherwise it counts the planned time, and says so.

/** On a terminal, asks how long a forgotten clock was really used; null when not asked. */
async function askForgottenClock(context: Context, clock: Clock | null, override: number | undefined): Promise<Decided | null> {
  if (!clock || override !== undefined || !context.interactive) return null;
  const reading = readClock(clock, context.now(), context.dayStartHour);
  const planned = clock.plannedMinutes ?? DEFAULT_PLANNED_MINUTES;
  if (!isForgotten(reading, planned)) return null;
  const prompts = await context.prompts();
  const label = sanitizeLine(clock.label ?? clock.session);
  context.print([`The clock on ${label} has run since ${formatInstant(clock.startedAt)}, past the end of that study day (${formatMinutes(reading.minutes)} in all).`]);
  context.flush();
  const minutes = await prompts.duration('How long did you study? (e.g. 45, 90m, 1h30m):', { default: Math.round(countedMinutes(reading, planned)), parse: parseMinutes });
  return { startedAt: clock.startedAt, minutes };
}

/** Stops a clock running in another plan than `planId`, with a change to that plan; null when there is none. */
async function stopClockOfOtherPlan(context: Context, planId: string, decided: Decided | null, override?: number): Promise<ClockStop | null> {
  const { plans, clock } = context.store.readRoot();
  if (!clock || clock.plan === planId) return null;
  const meta = plans[clock.plan];
  return context.store.update(clock.plan, { title: meta?.title ?? clock.plan, file: null, at: toInstant(context.now()) }, (tx) => {
    // Read again under the lock: another run may have stopped or replaced it meanwhile.
    const current = tx.clock;
    if (!current || current.plan !== clock.plan) return null;
    const stopped = stopInTransaction(tx, current, context, decided, override);
    tx.describe('clock', `stopped the clock on ${stopped.label}: ${formatMinutes(stopped.minutes)}`);
    return stopped;
  });
}

/** `start [session]`: starts the study clock on a session (by default the next one to study). */
export async function runStart(context: Context, reference: string | undefined): Promise<void> {
  const plan = context.outline();
  let session = reference === undefined ? null : resolveSession(plan, reference, context.suggest);
  if (!session) {
    session = pickNextSession(plan, context.store.readSessions(plan.id));
    if (!session) throw new UsageError(`every session of this plan is done: name the one you study again, e.g. ${context.suggest('start 1')}`);
  }
  const target = session;
  const running = context.store.readRoot().clock;
  const alreadyHere = running?.plan === plan.id && running.session === target.id;
  const decided = alreadyHere ? null : await askForgottenClock(context, running, undefined);
  const stoppedElsewhere = await stopClockOfOtherPlan(context, plan.id, decided);
  const result: StartResult = await context.update((tx) => {
    const current = tx.clock;
    if (current && current.plan !== plan.id) {
      throw new StudyError(`another k8s-study run started a clock on ${sanitizeLine(current.label ?? current.session)} just now; nothing was changed: run start again`);
    }
    if (current?.session === target.id) {
      return { kind: 'running', label: clockLabel(target), startedAt: current.startedAt, minutes: readClock(current, context.now(), context.dayStartHour).minutes, stopped: stoppedElsewhere };
    }
    const stoppedHere = current ? stopInTransaction(tx, current, context, decided) : null;
    const clock: Clock = { plan: plan.id, session: target.id, startedAt: tx.at, label: clockLabel(target), plannedMinutes: target.minutes };
    tx.setClock(clock);
    const record = tx.session(target.id);
    tx.describe('clock', `started the clock on ${clockLabel(target)}${stoppedHere ? ` (and stopped it on ${stoppedHere.label}: ${formatMinutes(stoppedHere.minutes)})` : ''}`);
    return {
      kind: 'started',
      label: clockLabel(target),
      number: target.number,
      startedAt: tx.at,
      finished: Boolean(record?.completedAt),
      clockedBefore: record?.completedAt ? 0 : (record?.clockedMinutes ?? 0),
      stopped: stoppedHere ?? stoppedElsewhere,
    };
  });
  present(context, result, (value) => value, renderStart);
}

export interface StopOptions {
  /** `--minutes`: what to count instead of the clocked time. */
  minutes?: number;
}

/** `stop`: stops the running study clock, whichever plan it is in, and adds its minutes to its session. */
export async function runStop(context: Context, options: StopOptions): Promise<void> {
  const planId = context.outline().id;
  let stopped: ClockStop | null = null;
  // The clock is read before the lock is taken (to ask about it, and to know which plan to lock);
  // should another run move it meanwhile, it is read again.
  for (let attempt = 0; attempt < 3 && !stopped; attempt += 1) {
    const running = context.store.readRoot().clock;
    if (!running) break;
    const decided = await askForgottenClock(context, running, options.minutes);
    stopped =
      running.plan === planId
        ? await context.update((tx) => {
            if (tx.clock?.plan !== planId) return null;
            const result = stopInTransaction(tx, tx.clock, context, decided, options.minutes);
            tx.describe('clock', `stopped the clock on ${result.label}: ${formatMinutes(result.minutes)}`);
            return result;
          })
        : await stopClockOfOtherPlan(context, planId, decided, options.minutes);
  }
  const result: StopResult = stopped ? { kind: 'stopped', stopped } : { kind: 'none' };
  present(context, result, (value) => value, renderStop);
}
