import { formatMinutes } from '../core/duration.ts';
import type { ProgressTotals, SessionView } from '../core/progress.ts';
import { fit, padStart, progressLine, spentOrClocked, statusLabel, widthOf, type View } from './layout.ts';

/** What `list` shows (and `list --json` prints, as the SPEC shapes it). */
export interface ListResult {
  plan: { id: string; title: string };
  sessions: SessionView[];
  progress: ProgressTotals;
  /** Minutes clocked on sessions not done yet, by session id (not in the SPEC's JSON). */
  clockedMinutes: Record<string, number>;
}

/** `list --json`: the SPEC's shape. */
export const listJson = ({ plan, sessions, progress }: ListResult): unknown => ({ plan, sessions, progress });

/** The human view of `list`: a row per session under its day, the title cut to fit. */
export function renderList(result: ListResult, { theme, width, command }: View): string[] {
  const lines = [theme.heading(result.plan.title), progressLine(result.progress, theme)];
  const numberWidth = String(result.sessions.length).length;
  const times = result.sessions.map((view) => `${spentOrClocked(view.minutesSpent, result.clockedMinutes[view.id] ?? 0)}/${view.minutes} min`);
  const timeWidth = Math.max(0, ...times.map(widthOf));
  const statusWidth = widthOf('◐ in progress');
  const titleWidth = Math.max(8, width - 2 - numberWidth - 2 - 1 - statusWidth - 1 - timeWidth);
  let day = -1;
  result.sessions.forEach((view, index) => {
    if (view.day !== day) {
      day = view.day;
      lines.push('', theme.heading(`Day ${day}`));
    }
    const label = statusLabel(view.status, theme);
    const labelPad = ' '.repeat(Math.max(0, statusWidth - widthOf(view.status === 'in-progress' ? '◐ in progress' : `○ ${view.status}`)));
    lines.push(`  ${padStart(String(view.number), numberWidth)}  ${fit(view.title, titleWidth)} ${label}${labelPad} ${theme.dim(padStart(times[index] ?? '', timeWidth))}`);
  });
  lines.push('', theme.dim(`Planned ${formatMinutes(result.progress.minutesPlanned)} in all. ${command('show N')} shows a session in full.`));
  return lines;
}
