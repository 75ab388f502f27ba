import { formatDayWithWeekday, type Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { LabOutlook } from '../core/lab.ts';
import type { ProgressTotals, SessionView } from '../core/progress.ts';
import type { ReviewItemView } from '../core/reviews.ts';
import type { RunningClock } from '../core/study-clock.ts';
import { runningClockLine } from './clock.ts';
import { paceWarning } from './lab-pace.ts';
import { checklistLines, daysFromNow, keyPointAndTermSections, progressLine, sessionHeading, wrapText, type View } from './layout.ts';

/** What `next` found: the SPEC's fields and what the human view shows besides. */
export interface NextResult {
  plan: { id: string; title: string; labTitle: string | null; beforeLabText: string | null };
  totals: ProgressTotals;
  /** The session to study now; null when every session is done. */
  session: SessionView | null;
  /** When the session is behind its date on the schedule: its plan day's date and how many days ago. */
  behind: { date: Day; daysLate: number } | null;
  reviewsDue: number;
  /** The first review items due (most overdue first), for a glance. */
  firstDue: ReviewItemView[];
  lab: { date: Day; daysLeft: number } | null;
  /** The lab countdown, when a lab date is set (for the pace warning). */
  outlook: LabOutlook | null;
  /** The study clock, when one is running (in any plan). */
  clock: RunningClock | null;
}

/** The human view of `next`. */
export function renderNext(result: NextResult, { theme, width, command }: View): string[] {
  const lines = [theme.heading(result.plan.title), progressLine(result.totals, theme), ''];
  const view = result.session;
  if (result.clock) lines.push(runningClockLine(result.clock, theme, { plan: result.plan.id, session: view?.id }));
  if (view) {
    lines.push(sessionHeading(view, theme, width, `${theme.dim('Next:')} `));
    if (result.behind) {
      const when = daysFromNow(-result.behind.daysLate);
      lines.push(`${theme.bad('Behind:')} planned for day ${view.day}, ${formatDayWithWeekday(result.behind.date)}, ${when} ${theme.dim(`(${command('schedule')} shows the agenda)`)}`);
    }
    lines.push(...checklistLines(view, theme, width), ...keyPointAndTermSections(view, theme, width), '');
    const ticked = view.checklist.filter((item) => item.done).length;
    // The tick suggested is the first line not ticked yet; with every line ticked, only done is left.
    const unticked = view.checklist.find((item) => !item.done);
    const tick = unticked ? `Tick items: ${command(`check ${view.number} ${unticked.number}`)} · ` : '';
    lines.push(theme.dim(`${tick}when finished: ${command(`done ${view.number}`)} (${formatMinutes(view.minutes)} planned, ${ticked}/${view.checklist.length} ticked)`));
  } else {
    // Advice for before the lab only while there is one ahead (or none set).
    const labPassed = result.lab !== null && result.lab.daysLeft < 0;
    const advice = labPassed ? 'Keep your notes fresh: review what is due.' : (result.plan.beforeLabText ?? 'Keep your notes fresh: review what is due before the lab.');
    lines.push(theme.good('All sessions are done.'), wrapText(advice, width));
  }
  if (result.reviewsDue > 0) {
    const first = result.firstDue.map((item) => `${item.title} (${item.id})`).join(', ');
    const more = result.reviewsDue > result.firstDue.length ? `, and ${result.reviewsDue - result.firstDue.length} more` : '';
    lines.push(`${theme.warn(`Reviews due: ${result.reviewsDue}`)} — ${first}${more}. Run ${command('review')}.`);
  } else if (!view) {
    lines.push(theme.dim(`No reviews due today; ${command('due --upcoming 7')} shows what comes next.`));
  }
  const warning = result.outlook && paceWarning(result.outlook, theme);
  if (warning) lines.push(warning);
  if (result.lab) {
    const { date, daysLeft } = result.lab;
    const when = daysLeft < 0 ? `passed ${daysFromNow(daysLeft)}` : daysFromNow(daysLeft);
    const next = daysLeft < 0 ? ` ${theme.dim(`(${command('lab DATE')} sets the next one)`)}` : '';
    lines.push(`${theme.heading('Lab')} ${date}, ${daysLeft <= 1 && daysLeft >= 0 ? theme.warn(when) : when}${result.plan.labTitle ? `: ${result.plan.labTitle}` : ''}${next}`);
  }
  return lines;
}
