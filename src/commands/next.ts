import { daysBetween, formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { describeSession, pickNextSession, summarizeProgress, type PlanProgress, type SessionView } from '../core/progress.ts';
import { labOutlook } from '../core/lab.ts';
import { listReviewItems, type ReviewItemView } from '../core/reviews.ts';
import { dateOfPlanDay, daysBehind, scheduleStart, type StudyRecord } from '../core/agenda.ts';
import type { Context } from '../context.ts';
import type { ReviewDigest } from '../io/store.ts';
import { checklistLines, daysFromNow, keyPointAndTermSections, progressLine, sessionHeading, wrapText } from '../ui/layout.ts';
import { paceWarning } from './lab.ts';
import { printJson } from './shared.ts';

export interface NextResult {
  session: SessionView | null;
  reviewsDue: number;
  lab: { date: string; daysLeft: number } | null;
}

/** `next`: the session to study now with its checklist, the reviews due and the lab countdown. */
export async function runNext(context: Context): Promise<void> {
  const plan = context.plan();
  const progress = context.readProgress();
  const today = context.today();
  const nextSession = pickNextSession(plan, progress);
  // The digest rather than the items and the log: a long study history has thousands of FSRS
  // cards and tens of thousands of logged reviews to parse.
  const digest = context.readReviewDigest();
  const { due } = listReviewItems(plan, { lab: progress.lab, reviewItems: digest.items }, today);
  const result: NextResult = {
    session: nextSession ? describeSession(plan, nextSession, progress) : null,
    reviewsDue: due.length,
    lab: progress.lab ? { date: progress.lab, daysLeft: daysBetween(today, progress.lab) } : null,
  };
  if (context.json) return printJson(context, result);
  renderNext(context, result, due, progress, digest);
}

function renderNext(context: Context, result: NextResult, due: ReviewItemView[], progress: PlanProgress, digest: ReviewDigest): void {
  const { theme, width } = context;
  const plan = context.plan();
  const totals = summarizeProgress(plan, progress);
  context.out(theme.heading(plan.title));
  context.out(progressLine(totals, theme));
  context.out();
  const view = result.session;
  if (view) {
    context.out(`${theme.dim('Next:')} ${sessionHeading(view, theme)}`);
    const behind = describeBehind(context, { sessions: progress.sessions, startDate: progress.startDate, reviewLog: digest.firstReviews }, view.day);
    if (behind) context.out(behind);
    for (const line of checklistLines(view, theme, width)) context.out(line);
    for (const line of keyPointAndTermSections(view, theme, width)) context.out(line);
    context.out();
    const ticked = view.checklist.filter((item) => item.done).length;
    context.out(
      theme.dim(
        `Tick items: ${theme.command(`k8s-study check ${view.number} 1`)} · when finished: ${theme.command(`k8s-study done ${view.number}`)} (${formatMinutes(view.minutes)} planned, ${ticked}/${view.checklist.length} ticked)`,
      ),
    );
  } else {
    context.out(theme.good('All sessions are done.'));
    context.out(wrapText(plan.review.beforeLabText ?? 'Keep your notes fresh: review what is due before the lab.', width));
  }
  if (result.reviewsDue > 0) {
    const first = due.slice(0, 2).map((item) => `${item.title} (${item.id})`).join(', ');
    const more = result.reviewsDue > 2 ? `, and ${result.reviewsDue - 2} more` : '';
    context.out(theme.warn(`Reviews due: ${result.reviewsDue}`) + ` — ${first}${more}. Run ${theme.command('k8s-study review')}.`);
  } else if (!view) {
    context.out(theme.dim(`No reviews due today; ${theme.command('k8s-study due --upcoming 7')} shows what comes next.`));
  }
  const outlook = labOutlook(plan, { sessions: progress.sessions, lab: progress.lab, reviewItems: digest.items }, context.today());
  const warning = outlook && paceWarning(outlook, theme);
  if (warning) context.out(warning);
  if (result.lab) {
    const { date, daysLeft } = result.lab;
    const when = daysFromNow(daysLeft);
    context.out(`${theme.heading('Lab')} ${date}, ${daysLeft <= 1 && daysLeft >= 0 ? theme.warn(when) : when}${plan.lab ? `: ${plan.lab.title}` : ''}`);
  }
}

/** "Behind: planned for day 2, Wed 2026-12-02, 3 days ago", or null when the session is not behind. */
function describeBehind(context: Context, progress: StudyRecord & Pick<PlanProgress, 'startDate'>, day: number): string | null {
  const plan = context.plan();
  const today = context.today();
  const session = pickNextSession(plan, progress);
  if (!session) return null;
  const start = scheduleStart(plan, progress, today, context.dayStartHour);
  const late = daysBehind(session, progress, start, today);
  if (late === 0) return null;
  const when = late === 1 ? 'yesterday' : `${late} days ago`;
  const { theme } = context;
  return `${theme.bad('Behind:')} planned for day ${day}, ${formatDayWithWeekday(dateOfPlanDay(start, day))}, ${when} ${theme.dim(`(${theme.command('k8s-study schedule')} shows the agenda)`)}`;
}
