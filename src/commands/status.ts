import { daysBetween, formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { buildStatus, type LabReadiness, type StatusReport } from '../core/status.ts';
import type { Context } from '../context.ts';
import type { Theme } from '../ui/theme.ts';
import { bar, daysFromNow, progressLine, statusLabel } from '../ui/layout.ts';
import { paceWarning } from './lab.ts';
import { printJson } from './shared.ts';

/** `status`: where you stand: progress per day, time, reviews, streak, lab readiness, orphans. */
export async function runStatus(context: Context): Promise<void> {
  const plan = context.plan();
  const report = buildStatus(plan, context.readProgress(), context.today(), context.dayStartHour);
  if (context.json) return printJson(context, report);
  renderStatus(context, report);
}

function renderStatus(context: Context, report: StatusReport): void {
  const { theme, width } = context;
  const { progress } = report;
  context.out(theme.heading(report.plan.title));
  context.out(`${progressLine(progress, theme)} · ${formatMinutes(progress.minutesLeft)} left`);

  const numberWidth = String(progress.total).length;
  const timeWidth = 18;
  const titleWidth = Math.max(16, width - numberWidth - timeWidth - 20);
  for (const day of progress.days) {
    context.out();
    const fraction = day.total === 0 ? 0 : day.done / day.total;
    const today = day.date === report.today ? theme.warn(' ← today') : '';
    context.out(
      `${theme.heading(`Day ${day.day}`)}  ${theme.dim(formatDayWithWeekday(day.date))}  ${bar(fraction, 10, theme)} ${day.done}/${day.total} · ${formatMinutes(day.minutesSpent)} of ${formatMinutes(day.minutesPlanned)}${today}`,
    );
    for (const session of day.sessions) {
      const title = session.title.length > titleWidth ? `${session.title.slice(0, titleWidth - 1)}…` : session.title.padEnd(titleWidth);
      const spent = session.minutesSpent === null ? '–' : String(session.minutesSpent);
      const time = theme.dim(`${spent}/${session.minutes} min`.padStart(12));
      const label = session.behind ? theme.bad('! behind') : statusLabel(session.status, theme);
      context.out(`  ${String(session.number).padStart(numberWidth)}  ${title} ${time}  ${label}`);
    }
  }

  context.out();
  const { reviews } = report;
  const next = reviews.next === null ? 'none yet (finish a session to start them)' : describeNextReview(reviews.next, report.today, theme);
  context.out(`${theme.heading('Reviews')}  ${reviews.done} done · ${reviews.due > 0 ? theme.warn(`${reviews.due} due now`) : '0 due now'} · next: ${next}`);
  const streak = report.streak;
  context.out(`${theme.heading('Streak')}   ${streak === 0 ? 'no study days in a row yet' : `${streak} study day${streak === 1 ? '' : 's'} in a row`}`);
  context.out(`${theme.heading('Lab')}      ${report.lab ? describeLab(report.lab, theme) : theme.dim('no date set (k8s-study lab DATE sets it)')}`);
  const warning = report.lab && paceWarning(report.lab, theme);
  if (warning) context.out(`         ${warning}`);
  if (report.orphans.length > 0) {
    context.out();
    context.out(`${theme.heading('Kept, no longer in the plan')} ${theme.dim(`(${report.orphans.length})`)}: ${report.orphans.join(', ')}`);
  }
}

function describeNextReview(next: string, today: string, theme: Theme): string {
  const days = daysBetween(today, next);
  if (days < 0) return theme.warn(`${next} (${-days} day${days === -1 ? '' : 's'} overdue)`);
  if (days === 0) return theme.warn(`${next} (today)`);
  return `${next} (in ${days} day${days === 1 ? '' : 's'})`;
}

function describeLab(lab: LabReadiness, theme: Theme): string {
  const when = daysFromNow(lab.daysLeft);
  const parts = [`${lab.date}, ${when}`];
  if (lab.sessionsLeft === 0) {
    parts.push(theme.good('every session done'));
  } else {
    const pace = lab.fits ? theme.good('on pace') : theme.bad('behind pace');
    parts.push(`${lab.sessionsLeft} session${lab.sessionsLeft === 1 ? '' : 's'} (${formatMinutes(lab.minutesLeft)}) left over ${lab.studyDaysLeft} plan day${lab.studyDaysLeft === 1 ? '' : 's'}, ${pace}`);
  }
  parts.push(`${lab.reviewsLeft} review${lab.reviewsLeft === 1 ? '' : 's'} before it${lab.reviewsDue > 0 ? ` (${lab.reviewsDue} due now)` : ''}`);
  if (lab.ready) parts.push(theme.good('up to date'));
  return parts.join(' · ');
}
