import { daysBetween, formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { ForecastSummary } from '../core/forecast.ts';
import type { LabReadiness, StatusReport } from '../core/status.ts';
import { runningClockLine } from './clock.ts';
import { percent } from './lab.ts';
import { paceWarning } from './lab-pace.ts';
import { bar, daysFromNow, fit, hanging, padStart, plural, progressLine, spentOrClocked, statusLabel, widthOf, type View } from './layout.ts';
import { fileNote, usePlan, type PlanFileState } from './plans.ts';
import type { Theme } from './theme.ts';

/** The human view of `status`. */
export function renderStatus(report: StatusReport, { theme, width, command }: View): string[] {
  const { progress } = report;
  const lines = [theme.heading(report.plan.title), `${progressLine(progress, theme)} · ${formatMinutes(progress.minutesLeft)} left`];
  if (report.clock) lines.push(runningClockLine(report.clock, theme, { plan: report.plan.id }));
  const numberWidth = String(progress.total).length;
  const sessions = progress.days.flatMap((day) => day.sessions);
  const times = new Map(sessions.map((session) => [session.id, `${spentOrClocked(session.minutesSpent, session.clockedMinutes)}/${session.minutes} min`]));
  const timeWidth = Math.max(0, ...[...times.values()].map(widthOf));
  const labelWidth = widthOf('◐ in progress');
  const titleWidth = Math.max(8, width - 2 - numberWidth - 2 - 1 - timeWidth - 2 - labelWidth);
  for (const day of progress.days) {
    const fraction = day.total === 0 ? 0 : day.done / day.total;
    const today = day.date === report.today ? theme.warn(' ← today') : '';
    lines.push(
      '',
      `${theme.heading(`Day ${day.day}`)}  ${theme.dim(formatDayWithWeekday(day.date))}  ${bar(fraction, 10, theme)} ${day.done}/${day.total} · ${formatMinutes(day.minutesSpent)} of ${formatMinutes(day.minutesPlanned)}${today}`,
    );
    for (const session of day.sessions) {
      const label = session.behind ? theme.bad('! behind') : statusLabel(session.status, theme);
      lines.push(`  ${padStart(String(session.number), numberWidth)}  ${fit(session.title, titleWidth)} ${theme.dim(padStart(times.get(session.id) ?? '', timeWidth))}  ${label}`);
    }
  }
  const { reviews } = report;
  const next = reviews.next === null ? 'next: none yet (finish a session to start them)' : describeNextReview(reviews.next, report.today, theme);
  // A label, then its text wrapped under the text (9 columns in), not under the label.
  const labelled = (label: string, text: string): string => hanging(theme.heading(label) + ' '.repeat(9 - label.length), text, width, 9);
  lines.push('', labelled('Reviews', `${reviews.done} done · ${reviews.due > 0 ? theme.warn(`${reviews.due} due now`) : '0 due now'} · ${next}`));
  lines.push(labelled('Streak', describeStreak(report.streak)));
  lines.push(labelled('Lab', report.lab ? describeLab(report.lab, theme, command) : theme.dim(`no date set (${command('lab DATE')} sets it)`)));
  const warning = report.lab && paceWarning(report.lab, theme);
  if (warning) lines.push(`         ${warning}`);
  if (report.lab?.forecast) {
    // The way to lift the weakest, only while some item is below the target.
    const below = report.lab.forecast.atTarget < 1;
    lines.push(`         ${describeForecast(report.lab.forecast, theme)}${below ? ` ${theme.dim(`(${command('lab')} says what lifts the weakest)`)}` : ''}`);
  }
  if (report.orphans.length > 0) {
    lines.push('', `${theme.heading('Kept, no longer in the plan')} ${theme.dim(`(${report.orphans.length})`)}: ${report.orphans.join(', ')}`);
    // The usual reason is an id changed in the plan file: the records follow the id.
    lines.push(theme.dim('A session or key point renamed in the plan file? Its old id back brings these records back.'));
  }
  return lines;
}

/** When the next review is due: `next: 2026-12-04 (in 2 days)`, or, when the earliest is past, since when it is due. */
function describeNextReview(next: string, today: string, theme: Theme): string {
  const days = daysBetween(today, next);
  if (days < 0) return theme.warn(`due since ${next} (${plural(-days, 'day')} overdue)`);
  if (days === 0) return `next: ${theme.warn(`${next} (today)`)}`;
  return `next: ${next} (${daysFromNow(days)})`;
}

/** The streak: study days in a row up to today (or yesterday, while today has nothing yet). */
function describeStreak(streak: number): string {
  return streak === 0 ? 'none running: a study day today starts one' : `${plural(streak, 'study day')} in a row`;
}

/** `forecast for the lab day: readiness 84 %, 63 % of items at the 90 % target; weakest etcd 62 %`. */
function describeForecast(forecast: ForecastSummary, theme: Theme): string {
  const weakest = forecast.items[0];
  const weak = weakest && weakest.recallOnLabDay < forecast.target ? `; weakest ${weakest.title} ${theme.warn(percent(weakest.recallOnLabDay))}` : '';
  return `forecast for the lab day: readiness ${percent(forecast.readiness)}, ${percent(forecast.atTarget)} of items at the ${percent(forecast.target)} target${weak}`;
}

function describeLab(lab: LabReadiness, theme: Theme, command: View['command']): string {
  if (lab.passed) return `${lab.date}, passed ${daysFromNow(lab.daysLeft)} (${command('lab DATE')} sets the next one)`;
  const parts = [`${lab.date}, ${daysFromNow(lab.daysLeft)}`];
  if (lab.sessionsLeft === 0) {
    parts.push(theme.good('every session done'));
  } else {
    // For the lab, which the plan's own calendar (behind or not) does not look at.
    const pace = lab.fits ? theme.good('on pace for the lab') : theme.bad('behind pace for the lab');
    parts.push(`${plural(lab.sessionsLeft, 'session')} (${formatMinutes(lab.minutesLeft)}) left over ${plural(lab.studyDaysLeft, 'plan day')}, ${pace}`);
  }
  if (lab.reviewsLeft > 0) parts.push(`${plural(lab.reviewsLeft, 'review')} before it${lab.reviewsDue > 0 ? ` (${lab.reviewsDue} due now)` : ''}`);
  if (lab.ready) parts.push(theme.good('up to date'));
  return parts.join(' · ');
}

/** One plan in `status --all`: what its records say, with its plan file or without it. */
export interface StatusAllPlan {
  plan: { id: string; title: string };
  current: boolean;
  file: string | null;
  fileState: PlanFileState;
  /** Sessions done, of how many and minutes planned (null without the plan file), minutes spent. */
  progress: { done: number; total: number | null; minutesPlanned: number | null; minutesSpent: number };
  reviews: { due: number; done: number; next: string | null };
  streak: number;
  lab: { date: string; daysLeft: number } | null;
}

/** What `status --all` shows; `status --all --json` prints it. */
export interface StatusAllResult {
  today: string;
  plans: StatusAllPlan[];
  /** Study days in a row, in any plan. */
  streak: number;
}

/** The human view of `status --all`: a few lines a plan. */
export function renderStatusAll(result: StatusAllResult, view: View): string[] {
  const { theme, command } = view;
  const streak = result.streak === 0 ? 'no study streak running' : `${plural(result.streak, 'study day')} in a row`;
  const lines = [theme.heading(`${plural(result.plans.length, 'plan')} · ${streak}`)];
  for (const entry of result.plans) {
    const { progress, reviews } = entry;
    lines.push('', `${entry.current ? theme.good('▸') : ' '} ${theme.heading(entry.plan.title)}${entry.current ? theme.dim('  (current)') : ''}`);
    if (progress.total !== null && progress.minutesPlanned !== null) {
      lines.push(`    ${progressLine({ done: progress.done, total: progress.total, minutesPlanned: progress.minutesPlanned, minutesSpent: progress.minutesSpent }, theme)}`);
    } else {
      lines.push(`    ${plural(progress.done, 'session')} done · ${formatMinutes(progress.minutesSpent)} spent`);
    }
    const next = reviews.next === null ? 'next: none' : describeNextReview(reviews.next, result.today, theme);
    const lab = entry.lab ? ` · lab ${entry.lab.date}, ${entry.lab.daysLeft < 0 ? `passed ${daysFromNow(entry.lab.daysLeft)}` : daysFromNow(entry.lab.daysLeft)}` : '';
    lines.push(`    Reviews ${reviews.done} done · ${reviews.due > 0 ? theme.warn(`${reviews.due} due now`) : '0 due now'} · ${next}${lab}`);
    const note = fileNote(entry.file, entry.fileState);
    if (note !== null) lines.push(`    ${theme.dim(note)}: point at it with ${usePlan(entry, 'status', view)}`);
    else lines.push(`    ${theme.dim('in full:')} ${entry.current ? command('status') : usePlan(entry, 'status', view)}`);
  }
  return lines;
}
