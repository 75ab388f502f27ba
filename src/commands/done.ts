import { instantOnDay, parseInstant, toInstant } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { completeSession, describeSession } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { wrapText } from '../ui/layout.ts';
import { parseDateOption, parseMinutesOption, printJson, readSummaryOption, resolveSession } from './shared.ts';

export interface DoneOptions {
  /** Text, `-` for standard input, or false for `--no-summary`. */
  summary?: string | boolean;
  minutes?: string;
  at?: string;
}

/**
 * `done <session>`: marks a session finished, keeps the summary in the user's own words and the time
 * spent, and creates its review items. On a terminal it asks for what was not given.
 */
export async function runDone(context: Context, reference: string, options: DoneOptions): Promise<void> {
  const plan = context.plan();
  const session = resolveSession(plan, reference);
  const today = context.today();
  const day = options.at === undefined ? today : parseDateOption(options.at, '--at', today);
  if (day > today) throw new UsageError(`--at "${options.at}" is in the future (today is ${today})`);
  let minutes = options.minutes === undefined ? undefined : parseMinutesOption(options.minutes);
  let summary = await readSummaryOption(context, options.summary);
  if (typeof options.summary === 'string' && summary === null) {
    throw new UsageError('--summary is empty: write the summary, or pass --no-summary to record the session without one');
  }

  const before = context.readProgress().sessions[session.id];
  if (before?.completedAt) {
    reportAlreadyDone(context, before.completedAt, session.number, typeof summary === 'string');
    return;
  }

  if (context.interactive) {
    const prompts = await context.prompts();
    if (summary === undefined) {
      context.out(context.theme.heading(`${session.number}. ${session.title}`));
      const answer = await prompts.text(`${plan.review.summaryPrompt}\n  Your summary (Enter to skip):`, {
        default: before?.summary ?? undefined,
      });
      summary = answer.trim() === '' ? null : answer.trim();
    }
    minutes ??= await prompts.wholeNumber('Minutes spent:', { default: session.minutes, min: 1, max: 1440 });
  }

  const completedAt = instantOnDay(day, context.now(), context.dayStartHour);
  const outcome = await context.updateProgress((progress) => {
    // Another run may have finished it while the prompts were open.
    const existing = progress.sessions[session.id]?.completedAt;
    if (existing) return { alreadyDone: existing, view: describeSession(plan, session, progress), created: [] as string[], firstDue: null };
    const created = completeSession(plan, progress, session, {
      completedAt,
      completedAtText: toInstant(completedAt),
      minutesSpent: minutes ?? session.minutes,
      summary: summary ?? null,
      dayStartHour: context.dayStartHour,
    });
    const firstDue = progress.reviewItems[`session:${session.id}`]?.due ?? null;
    return { alreadyDone: null, view: describeSession(plan, session, progress), created, firstDue };
  });
  if (outcome.alreadyDone) {
    reportAlreadyDone(context, outcome.alreadyDone, session.number, typeof summary === 'string');
    return;
  }
  if (context.json) return printJson(context, outcome.view);
  const { theme, width } = context;
  const view = outcome.view;
  context.out(`${theme.good('✔ Done:')} ${view.number}. ${view.title} ${theme.dim(`(${formatMinutes(view.minutesSpent ?? 0)} of ${formatMinutes(view.minutes)} planned)`)}`);
  if (view.summary) {
    context.out(theme.dim('Your summary is saved.'));
  } else {
    context.out(wrapText(`${theme.warn('No summary yet.')} ${plan.review.summaryPrompt} Add it with ${theme.command(`k8s-study note ${view.number}`)}.`, width));
  }
  if (outcome.created.length > 0) {
    context.out(`${outcome.created.length} review item${outcome.created.length === 1 ? '' : 's'} added, first due ${theme.heading(outcome.firstDue ?? '')}: ${theme.command('k8s-study due')} lists them.`);
  }
  context.out(theme.dim(`What is next: ${theme.command('k8s-study next')}`));
}

function reportAlreadyDone(context: Context, completedAt: string, number: number, summaryGiven: boolean): void {
  const when = parseInstant(completedAt);
  const text = when ? toInstant(when).slice(0, 16).replace('T', ' at ') : completedAt;
  if (context.json) {
    const plan = context.plan();
    const session = plan.sessions[number - 1];
    if (session) printJson(context, describeSession(plan, session, context.readProgress()));
    return;
  }
  context.out(`Session ${number} was already done on ${text}; nothing changed. (${context.theme.command(`k8s-study undo ${number}`)} reopens it.)`);
  if (summaryGiven) {
    context.out(`Your --summary was not saved: ${context.theme.command(`k8s-study note ${number} --summary TEXT`)} writes or replaces the summary.`);
  }
}
