import type { Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { SessionView } from '../core/progress.ts';
import { stoppedLines, type ClockStop } from './clock.ts';
import { formatInstant, plural, wrapText, type View } from './layout.ts';

/** What `done` did; `done --json` prints the session. */
export type DoneResult =
  | {
      kind: 'done';
      session: SessionView;
      created: string[];
      firstDue: Day | null;
      today: Day;
      summaryPrompt: string;
      clockedMinutes: number | null;
      clockStop: ClockStop | null;
      /** No summary given now, and the one written before (note) kept. */
      summaryFromBefore?: boolean;
    }
  | { kind: 'already-done'; session: SessionView; summaryGiven: boolean; summaryPrompt: string }
  | { kind: 'corrected'; session: SessionView; corrections: string[]; summaryGiven: boolean };

/** Said when `done` on a finished session was given a summary it does not save (`note` does). */
export function summaryNotSaved(number: number, command: View['command']): string {
  return `Your --summary was not saved: ${command(`note ${number} --summary TEXT`)} writes or replaces the summary.`;
}

/** The human view of `done`. */
export function renderDone(result: DoneResult, view: View): string[] {
  // A clock that ran past its day's end was capped: say so before the session is shown done.
  const clockNote = result.kind === 'done' && result.clockStop && result.clockStop.reason !== 'clocked' ? stoppedLines(result.clockStop, view) : [];
  return [...clockNote, ...renderDoneSession(result, view)];
}

function renderDoneSession(result: DoneResult, { theme, width, command }: View): string[] {
  const shown = result.session;
  if (result.kind === 'already-done' || (result.kind === 'corrected' && result.corrections.length === 0)) {
    const lines = [`Session ${shown.number} was already done on ${formatInstant(shown.completedAt ?? '').replace(' ', ' at ')}; nothing changed. (${command(`undo ${shown.number}`)} reopens it.)`];
    if (result.kind === 'already-done') lines.push(theme.dim(`To correct it: ${command(`done ${shown.number} --minutes 45`)} or ${command(`done ${shown.number} --at yesterday`)}.`));
    if (result.summaryGiven) lines.push(summaryNotSaved(shown.number, command));
    return lines;
  }
  if (result.kind === 'corrected') {
    const lines = [`${theme.good('✔ Corrected:')} ${shown.number}. ${shown.title}: ${result.corrections.join('; ')}.`];
    if (result.summaryGiven) lines.push(summaryNotSaved(shown.number, command));
    return lines;
  }
  const clocked = result.clockedMinutes === null ? '' : ', as clocked';
  const lines = [`${theme.good('✔ Done:')} ${shown.number}. ${shown.title} ${theme.dim(`(${formatMinutes(shown.minutesSpent ?? 0)} of ${formatMinutes(shown.minutes)} planned${clocked})`)}`];
  if (shown.summary) lines.push(theme.dim(result.summaryFromBefore ? 'The summary you wrote before is kept.' : 'Your summary is saved.'));
  else lines.push(wrapText(`${theme.warn('No summary yet.')} ${result.summaryPrompt} Add it with ${command(`note ${shown.number}`)}.`, width));
  if (result.created.length > 0) {
    // Done on a day gone by, its first reviews may be due already: then plain `due` lists them.
    const them = result.created.length === 1 ? 'it' : 'them';
    if (result.firstDue !== null && result.firstDue <= result.today) lines.push(`${plural(result.created.length, 'review item')} added, ${result.created.length === 1 ? '' : 'the first '}due now: ${command('due')} lists ${them}, ${command('review')} takes ${them}.`);
    else lines.push(`${plural(result.created.length, 'review item')} added, ${result.created.length === 1 ? '' : 'first '}due ${theme.heading(result.firstDue ?? '')}: ${command('due --upcoming 7')} lists ${them}.`);
  }
  lines.push(theme.dim(`What is next: ${command('next')}`));
  return lines;
}
