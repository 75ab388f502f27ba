import { formatMinutes } from '../core/duration.ts';
import { labOutlook, type LabOutlook } from '../core/lab.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { Theme } from '../ui/theme.ts';
import { daysFromNow } from '../ui/layout.ts';
import { parseDateOption, printJson } from './shared.ts';

/** The one-line pace warning, or null when the sessions left fit before the lab. */
export function paceWarning(outlook: LabOutlook, theme: Theme): string | null {
  if (outlook.fits || outlook.daysLeft < 0) return null;
  const days = (count: number): string => `${count} day${count === 1 ? '' : 's'}`;
  return theme.warn(
    `At the plan's pace the ${days(outlook.studyDaysLeft)} of sessions left will not fit in the ${days(Math.max(0, outlook.daysLeft))} before the lab: study more than one plan day a day, or move the lab.`,
  );
}

/** `lab [DATE]`: sets the lab date (`--clear` removes it); with no date, shows the countdown. */
export async function runLab(context: Context, date: string | undefined, options: { clear?: boolean }): Promise<void> {
  const plan = context.plan();
  const today = context.today();
  if (date !== undefined && options.clear) throw new UsageError('give a lab date or --clear, not both');
  if (date !== undefined || options.clear) {
    const day = date === undefined ? null : parseDateOption(date, 'lab date', today);
    if (day !== null && day < today) throw new UsageError(`lab date "${date}" is in the past (today is ${today})`);
    await context.updateProgress((progress) => {
      progress.lab = day;
    });
    if (day === null) {
      if (context.json) return printJson(context, null);
      context.out('Lab date cleared.');
      return;
    }
  }
  const outlook = labOutlook(plan, context.readProgress(), today);
  if (context.json) return printJson(context, outlook);
  const { theme } = context;
  if (!outlook) {
    context.out(`No lab date set. Set one with ${theme.command('k8s-study lab 2026-12-15')} (or +7d) to have every review due by the day before.`);
    return;
  }
  const when =
    daysFromNow(outlook.daysLeft);
  context.out(`${theme.heading('Lab')} ${outlook.date}, ${outlook.daysLeft <= 1 ? theme.warn(when) : when}${plan.lab ? `: ${plan.lab.title}` : ''}`);
  context.out(
    outlook.sessionsLeft === 0
      ? theme.good('All sessions are done.')
      : `${outlook.sessionsLeft} session${outlook.sessionsLeft === 1 ? '' : 's'} left (${formatMinutes(outlook.minutesLeft)} planned over ${outlook.studyDaysLeft} plan day${outlook.studyDaysLeft === 1 ? '' : 's'})`,
  );
  context.out(`${outlook.reviewsLeft} review${outlook.reviewsLeft === 1 ? '' : 's'} to do before the lab${plan.review.beforeLab ? ', all due by the day before' : ''}`);
  const warning = paceWarning(outlook, theme);
  if (warning) context.out(warning);
  if (plan.review.beforeLabText) context.out(theme.dim(plan.review.beforeLabText));
}
