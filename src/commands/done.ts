import { instantOnDay, parseInstant, sameTimeOnDay, shiftDay, studyDay, toInstant, type Day } from '../core/dates.ts';
import type { PlanOutline } from '../core/plan-outline.ts';
import { completeSession, describeSession } from '../core/progress.ts';
import type { ItemRecord } from '../core/records.ts';
import { effectiveDue } from '../core/reviews.ts';
import { countedMinutes, readClock } from '../core/study-clock.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { parseMinutes, resolveDate, type DateInput } from '../options.ts';
import { renderDone, summaryNotSaved, type DoneResult } from '../ui/done.ts';
import { checkedSummary, present, readSummaryOption, resolveSession, stopInTransaction } from './shared.ts';

export interface DoneOptions {
  /** Text, `-` for standard input, or false for `--no-summary`. */
  summary?: string | boolean;
  /** Minutes spent (parsed by the option's parser). */
  minutes?: number;
  at?: { input: DateInput; typed: string };
}

/** When the session's own review item is first due, as the views show it (null when it has none). */
const firstDueOf = (item: ItemRecord | undefined, plan: PlanOutline, lab: Day | null, today: Day): Day | null => (item ? effectiveDue(item, plan, lab, today) : null);

/** Minutes clocked, as the time spent to record: whole minutes; null for less than one (a clock started by mistake). */
const clockedTime = (clocked: number): number | null => (clocked >= 1 ? Math.round(clocked) : null);

/**
 * `done <session>`: marks a session finished, keeps the summary in the user's own words and the time
 * spent, and creates its review items. On a terminal it asks for what was not given. On a session
 * already done, `--minutes` and `--at` correct what was recorded.
 */
export async function runDone(context: Context, reference: string, options: DoneOptions): Promise<void> {
  const plan = context.outline();
  const session = resolveSession(plan, reference, context.suggest);
  const detail = (): ReturnType<Context['detail']> => context.detail(session);
  const today = context.today();
  const day = options.at === undefined ? today : resolveDate(options.at.input, today, options.at.typed);
  if (day > today) throw new UsageError(`--at "${options.at?.typed}" is in the future (today is ${today})`);
  let minutes = options.minutes;
  let summary = await readSummaryOption(context, options.summary, 'pass --no-summary to record the session without one');

  // On a terminal, what is recorded already decides what to ask (and whether to ask at all); the
  // session records are enough for that. Otherwise everything is read once, under the lock.
  const record = context.interactive ? context.store.readSessions(plan.id)[session.id] : undefined;
  if (record?.completedAt && minutes === undefined && options.at === undefined) {
    presentDone(context, { kind: 'already-done', session: describeSession(detail(), record), summaryGiven: typeof summary === 'string', summaryPrompt: plan.review.summaryPrompt });
    return;
  }

  if (!record?.completedAt && context.interactive) {
    const prompts = await context.prompts();
    if (summary === undefined) {
      context.print([context.view.theme.heading(`${session.number}. ${session.title}`)]);
      context.flush();
      const answer = await prompts.text(`${plan.review.summaryPrompt}\n  Your summary (Enter to skip):`, { default: record?.summary ?? undefined });
      summary = answer.trim() === '' ? null : checkedSummary(answer, 'the summary you typed');
    }
    // The default is what was clocked, the clock still running on this session included.
    let clocked = record?.clockedMinutes ?? 0;
    const running = context.store.readRoot().clock;
    if (running?.plan === plan.id && running.session === session.id) {
      const reading = readClock(running, context.now(), context.dayStartHour);
      clocked += countedMinutes(reading, running.plannedMinutes ?? session.minutes);
    }
    minutes ??= await prompts.duration('Time spent (e.g. 45, 90m, 1h30m):', { default: clockedTime(clocked) ?? session.minutes, parse: parseMinutes });
  }

  const completedAt = instantOnDay(day, context.now(), context.dayStartHour);
  const result: DoneResult = await context.update((tx) => {
    const current = tx.session(session.id);
    if (current?.completedAt) {
      // Done already (before, or by another run while the prompts were open): a correction, or nothing.
      if (minutes === undefined && options.at === undefined) {
        return { kind: 'already-done', session: describeSession(detail(), current), summaryGiven: typeof summary === 'string', summaryPrompt: plan.review.summaryPrompt };
      }
      const corrected: string[] = [];
      let next = current;
      if (minutes !== undefined && minutes !== current.minutesSpent) {
        corrected.push(`minutes ${current.minutesSpent ?? '–'} → ${minutes}`);
        next = { ...next, minutesSpent: minutes };
      }
      if (options.at !== undefined && studyDay(parseInstant(current.completedAt) ?? completedAt, context.dayStartHour) !== day) {
        // The day changes; the time of day it was recorded with stays.
        const movedTo = sameTimeOnDay(day, parseInstant(current.completedAt) ?? completedAt, context.now(), context.dayStartHour);
        const at = toInstant(movedTo);
        corrected.push(`finished ${current.completedAt.slice(0, 10)} → ${day}`);
        next = { ...next, completedAt: at };
        // Its review items not reviewed yet start from the corrected day, as if it had been done then.
        const due = shiftDay(day, plan.review.firstAfterDays);
        for (const [id, item] of Object.entries(tx.allItems())) {
          if (item.source === session.id && item.card === null && item.createdAt === current.completedAt) tx.setItem(id, { ...item, createdAt: at, due, changedAt: tx.at });
        }
      }
      if (corrected.length > 0) {
        tx.describe('correct', `corrected ${session.number}. ${session.title}: ${corrected.join(', ')}`);
        tx.setSession(session.id, { ...next, changedAt: tx.at });
      }
      return { kind: 'corrected', session: describeSession(detail(), tx.session(session.id)), corrections: corrected, summaryGiven: typeof summary === 'string' };
    }
    tx.describe('done', `done ${session.number}. ${session.title}`);
    // A clock running on this session stops here: its minutes join those clocked before.
    const clockStop = tx.clock?.plan === plan.id && tx.clock.session === session.id ? stopInTransaction(tx, tx.clock, context, null) : null;
    const clocked = tx.session(session.id)?.clockedMinutes ?? 0;
    const created = completeSession(plan, tx, detail().session, {
      completedAt,
      at: toInstant(completedAt),
      minutesSpent: minutes ?? clockedTime(clocked) ?? session.minutes,
      summary: summary ?? null,
      dayStartHour: context.dayStartHour,
    });
    return {
      kind: 'done',
      session: describeSession(detail(), tx.session(session.id)),
      created,
      // As every view shows it: a lab ahead brings it forward.
      firstDue: firstDueOf(tx.item(`session:${session.id}`), plan, tx.meta.lab, today),
      today,
      summaryPrompt: plan.review.summaryPrompt,
      clockedMinutes: minutes === undefined ? clockedTime(clocked) : null,
      clockStop,
      summaryFromBefore: typeof summary !== 'string' && Boolean(tx.session(session.id)?.summary),
    };
  });
  presentDone(context, result);
}

/** `--json` prints the session alone: a summary given but not saved is then said on stderr, as a warning. */
function presentDone(context: Context, result: DoneResult): void {
  present(context, result, (value) => value.session, renderDone);
  if (context.json && result.kind !== 'done' && result.summaryGiven) context.err(`warning: ${summaryNotSaved(result.session.number, context.view.command)}`);
}
