import type { Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { SessionView } from '../core/progress.ts';
import { formatInstant, plural, wrapText, type View } from './layout.ts';

/** What `done` did; `done --json` prints the session. */
export type DoneResult =
  | { kind: 'done'; session: SessionView; created: string[]; firstDue: Day | null; summaryPrompt: string; clockedMinutes: number | null }
  | { kind: 'already-done'; session: SessionView; summaryGiven: boolean; summaryPrompt: string }
  | { kind: 'corrected'; session: SessionView; corrections: string[]; summaryGiven: boolean };

/** The human view of `done`. */
export function renderDone(result: DoneResult, { theme, width, command }: View): string[] {
  const view = result.session;
  if (result.kind === 'already-done' || (result.kind === 'corrected' && result.corrections.length === 0)) {
    const lines = [`Session ${view.number} was already done on ${formatInstant(view.completedAt ?? '').replace(' ', ' at ')}; nothing changed. (${command(`undo ${view.number}`)} reopens it.)`];
    if (result.kind === 'already-done') lines.push(theme.dim(`To correct it: ${command(`done ${view.number} --minutes 45`)} or ${command(`done ${view.number} --at yesterday`)}.`));
    if (result.summaryGiven) lines.push(`Your --summary was not saved: ${command(`note ${view.number} --summary TEXT`)} writes or replaces the summary.`);
    return lines;
  }
  if (result.kind === 'corrected') {
    const lines = [`${theme.good('✔ Corrected:')} ${view.number}. ${view.title}: ${result.corrections.join('; ')}.`];
    if (result.summaryGiven) lines.push(`Your --summary was not saved: ${command(`note ${view.number} --summary TEXT`)} writes or replaces the summary.`);
    return lines;
  }
  const clocked = result.clockedMinutes === null ? '' : ', as clocked';
  const lines = [`${theme.good('✔ Done:')} ${view.number}. ${view.title} ${theme.dim(`(${formatMinutes(view.minutesSpent ?? 0)} of ${formatMinutes(view.minutes)} planned${clocked})`)}`];
  if (view.summary) lines.push(theme.dim('Your summary is saved.'));
  else lines.push(wrapText(`${theme.warn('No summary yet.')} ${result.summaryPrompt} Add it with ${command(`note ${view.number}`)}.`, width));
  if (result.created.length > 0) {
    lines.push(`${plural(result.created.length, 'review item')} added, first due ${theme.heading(result.firstDue ?? '')}: ${command('due --upcoming 7')} lists them.`);
  }
  lines.push(theme.dim(`What is next: ${command('next')}`));
  return lines;
}
