import type { Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { SessionView } from '../core/progress.ts';
import type { RunningClock } from '../core/study-clock.ts';
import { runningClockLine } from './clock.ts';
import { checklistLines, fit, formatInstant, keyPointAndTermSections, sessionHeading, statusLabel, wrapText, type View } from './layout.ts';

/** What `show <session>` shows; `show --json` prints the session (the SPEC's Session). */
export interface ShowResult {
  session: SessionView;
  summaryPrompt: string;
  /** The session's review items and their due days. */
  reviews: { id: string; due: Day }[];
  planId: string;
  /** Minutes clocked towards the session (not done yet) by clocks already stopped. */
  clockedMinutes: number;
  /** The study clock, when one is running (in any plan). */
  clock: RunningClock | null;
}

/** The human view of `show <session>`. */
export function renderShow({ session: view, summaryPrompt, reviews, planId, clockedMinutes, clock }: ShowResult, { theme, width, command }: View): string[] {
  const done = view.completedAt ? theme.dim(` on ${formatInstant(view.completedAt)}, ${view.minutesSpent ?? '?'} of ${view.minutes} min`) : '';
  const clocked = clockedMinutes > 0 && !(clock?.plan === planId && clock.session === view.id) ? theme.dim(` · ${formatMinutes(clockedMinutes)} clocked so far (${command(`done ${view.number}`)} records it)`) : '';
  const lines = [sessionHeading(view, theme), `${statusLabel(view.status, theme)}${done}${clocked}`];
  if (clock) lines.push(runningClockLine(clock, theme, { plan: planId, session: view.id }));
  lines.push('', theme.heading('Checklist'), ...checklistLines(view, theme, width));
  lines.push(...keyPointAndTermSections(view, theme, width), '', theme.heading('Your summary'));
  lines.push(view.summary ? wrapText(view.summary, width, 2) : theme.dim(`  none yet: ${summaryPrompt} (${command(`note ${view.number}`)})`));
  if (reviews.length > 0) {
    const idWidth = Math.min(40, Math.max(...reviews.map((review) => review.id.length)));
    lines.push('', theme.heading('Reviews'), ...reviews.map((review) => `  ${fit(review.id, idWidth)} ${theme.dim('due')} ${review.due}`));
  }
  return lines;
}
