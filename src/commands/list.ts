import { formatMinutes } from '../core/duration.ts';
import { describeSession, summarizeProgress, type ProgressTotals, type SessionView } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { progressLine, statusLabel } from '../ui/layout.ts';
import { printJson } from './shared.ts';

export interface ListResult {
  plan: { id: string; title: string };
  sessions: SessionView[];
  progress: ProgressTotals;
}

/** `list`: every session by day with its status and time, and the overall progress. */
export async function runList(context: Context): Promise<void> {
  const plan = context.plan();
  const progress = context.readProgress();
  const result: ListResult = {
    plan: { id: plan.id, title: plan.title },
    sessions: plan.sessions.map((session) => describeSession(plan, session, progress)),
    progress: summarizeProgress(plan, progress),
  };
  if (context.json) return printJson(context, result);
  const { theme, width } = context;
  context.out(theme.heading(plan.title));
  context.out(progressLine(result.progress, theme));
  const numberWidth = String(result.sessions.length).length;
  const timeWidth = 16;
  const statusWidth = 14;
  const titleWidth = Math.max(16, width - numberWidth - statusWidth - timeWidth - 6);
  let day = -1;
  for (const view of result.sessions) {
    if (view.day !== day) {
      day = view.day;
      context.out();
      context.out(theme.heading(`Day ${day}`));
    }
    const title = view.title.length > titleWidth ? `${view.title.slice(0, titleWidth - 1)}…` : view.title.padEnd(titleWidth);
    const spent = view.minutesSpent === null ? '–' : String(view.minutesSpent);
    const time = `${spent}/${view.minutes} min`.padStart(timeWidth - 2);
    const label = statusLabel(view.status, theme);
    const labelPad = ' '.repeat(Math.max(0, statusWidth - (view.status === 'in-progress' ? 13 : view.status.length + 2)));
    context.out(`  ${String(view.number).padStart(numberWidth)}  ${title} ${label}${labelPad}${theme.dim(time)}`);
  }
  context.out();
  context.out(theme.dim(`Planned ${formatMinutes(result.progress.minutesPlanned)} in all. ${theme.command('k8s-study show N')} shows a session in full.`));
}
