import type { Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { SessionView } from '../core/progress.ts';
import type { Rating } from '../core/records.ts';
import type { ReviewKind } from '../core/reviews.ts';
import type { RunningClock } from '../core/study-clock.ts';
import { runningClockLine } from './clock.ts';
import { checklistLines, daysFromNow, fit, formatInstant, keyPointAndTermSections, sessionHeading, statusLabel, wrapText, type View } from './layout.ts';

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
  const lines = [sessionHeading(view, theme, width), `${statusLabel(view.status, theme)}${done}${clocked}`];
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

/** What `show <item>` shows: one review item's memory (the SPEC's `show <item> --json`) and where it stands. */
export interface ShowItemResult {
  id: string;
  kind: ReviewKind;
  title: string;
  /** Its effective due day (the lab cap applied). */
  due: Day;
  daysUntilDue: number;
  /** FSRS stability in days (how long until recall falls to 90 %); null before its first review. */
  stability: number | null;
  /** FSRS difficulty, 1 to 10; null before its first review. */
  difficulty: number | null;
  /** The probability of recalling it today. */
  retrievability: number | null;
  /** The probability of recalling it on the lab day, with no review before then (null without a lab ahead). */
  recallOnLabDay: number | null;
  lab: Day | null;
  history: { at: string; rating: Rating; practice: boolean }[];
}

/** `show <item> --json`: the SPEC's shape. */
export function showItemJson(result: ShowItemResult): unknown {
  const { id, kind, title, due, stability, difficulty, retrievability, recallOnLabDay, history } = result;
  return { id, kind, title, due, stability, difficulty, retrievability, recallOnLabDay, history };
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** The human view of `show <item>`. */
export function renderShowItem(result: ShowItemResult, { theme, command }: View): string[] {
  const label = (text: string): string => theme.dim(text.padEnd(13));
  const due = result.daysUntilDue < 0 ? theme.warn(`${result.due} (${-result.daysUntilDue} ${result.daysUntilDue === -1 ? 'day' : 'days'} overdue)`) : `${result.due} (${daysFromNow(result.daysUntilDue)})`;
  const lines = [`${theme.heading(result.title)}  ${theme.dim(`${result.kind === 'keypoint' ? 'key point' : result.kind} · ${result.id}`)}`, `${label('Due')}${due}`];
  if (result.stability === null || result.difficulty === null) {
    lines.push(`${label('Memory')}not reviewed yet: ${command(`review ${result.id}`)} reviews it now`);
  } else {
    lines.push(`${label('Stability')}${result.stability.toFixed(1)} days ${theme.dim('(until recall falls to 90 %)')}`);
    lines.push(`${label('Difficulty')}${result.difficulty.toFixed(1)} ${theme.dim('of 10')}`);
    if (result.retrievability !== null) lines.push(`${label('Recall now')}${percent(result.retrievability)}`);
    if (result.recallOnLabDay !== null && result.lab) lines.push(`${label('On lab day')}${percent(result.recallOnLabDay)} ${theme.dim(`(${result.lab}, with no review before)`)}`);
  }
  lines.push('', theme.heading('History'));
  if (result.history.length === 0) lines.push(theme.dim('  no answer yet'));
  for (const entry of result.history) lines.push(`  ${formatInstant(entry.at)}  ${entry.rating}${entry.practice ? theme.dim(' (practice)') : ''}`);
  return lines;
}
