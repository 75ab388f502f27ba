import { wrapAnsi } from 'fast-wrap-ansi';
import { formatMinutes } from '../core/duration.ts';
import type { ProgressTotals, SessionStatus, SessionView } from '../core/progress.ts';
import type { Theme } from './theme.ts';

/** A block that starts with `prefix` and wraps `text` to `width` columns, aligned under its start. */
export function hanging(prefix: string, text: string, width: number, prefixWidth = prefix.length): string {
  const body = wrapAnsi(text, Math.max(20, width - prefixWidth), { hard: true, trim: true });
  return prefix + body.split('\n').join(`\n${' '.repeat(prefixWidth)}`);
}

/** Wraps text to `width` columns, every line indented by `indent` spaces. */
export function wrapText(text: string, width: number, indent = 0): string {
  return hanging(' '.repeat(indent), text, width, indent);
}

/** A bar of `width` cells, filled in proportion to `fraction` (0..1). */
export function bar(fraction: number, width: number, theme: Theme): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return theme.good('█'.repeat(filled)) + theme.dim('░'.repeat(width - filled));
}

const STATUS_MARK: Record<SessionStatus, string> = { done: '✔', 'in-progress': '◐', todo: '○' };

/** The status word and mark of a session, coloured by meaning. */
export function statusLabel(status: SessionStatus, theme: Theme): string {
  const text = `${STATUS_MARK[status]} ${status === 'in-progress' ? 'in progress' : status}`;
  return status === 'done' ? theme.good(text) : status === 'in-progress' ? theme.warn(text) : theme.dim(text);
}

/** `1 of 5 sessions done · 60 min of 330 min spent/planned` with a bar. */
export function progressLine(totals: ProgressTotals, theme: Theme): string {
  const fraction = totals.total === 0 ? 0 : totals.done / totals.total;
  return `${bar(fraction, 20, theme)} ${totals.done} of ${totals.total} sessions done · ${formatMinutes(totals.minutesSpent)} spent of ${formatMinutes(totals.minutesPlanned)} planned`;
}

/** A session's heading: number, title, day and planned time. */
export function sessionHeading(view: SessionView, theme: Theme): string {
  return `${theme.heading(`${view.number}. ${view.title}`)}  ${theme.dim(`day ${view.day} · ${formatMinutes(view.minutes)} · ${view.id}`)}`;
}

/** The checklist with ticks, each item numbered for `check`. */
export function checklistLines(view: SessionView, theme: Theme, width: number): string[] {
  return view.checklist.map((item) => {
    const box = item.done ? theme.good('[x]') : '[ ]';
    const prefix = `  ${box} ${item.number}. `;
    return hanging(prefix, item.text, width, `  [x] ${item.number}. `.length);
  });
}

/** The session's key points, title then text. */
export function keyPointLines(view: SessionView, theme: Theme, width: number): string[] {
  return view.keyPoints.map((point) => hanging('  • ', `${theme.heading(point.title)}: ${point.text}`, width, 4));
}

/** The session's terms, each with its meaning. */
export function termLines(view: SessionView, theme: Theme, width: number): string[] {
  return view.terms.map((term) => hanging('  • ', `${theme.heading(term.term)}: ${term.text}`, width, 4));
}

/** The "Key points" and "Terms" sections of a session, each after a blank line; none when empty. */
export function keyPointAndTermSections(view: SessionView, theme: Theme, width: number): string[] {
  const lines: string[] = [];
  if (view.keyPoints.length > 0) lines.push('', theme.heading('Key points'), ...keyPointLines(view, theme, width));
  if (view.terms.length > 0) lines.push('', theme.heading('Terms'), ...termLines(view, theme, width));
  return lines;
}

/** How far off a day is, in words: `in 5 days`, `tomorrow`, `today`, `3 days ago`. */
export function daysFromNow(days: number): string {
  if (days > 1) return `in ${days} days`;
  if (days === 1) return 'tomorrow';
  if (days === 0) return 'today';
  return `${-days} days ago`;
}
