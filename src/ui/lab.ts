import { formatMinutes } from '../core/duration.ts';
import type { LabOutlook } from '../core/lab.ts';
import { paceWarning } from './lab-pace.ts';
import { daysFromNow, plural, type View } from './layout.ts';

/** What `lab` did and shows; `lab --json` prints the outlook (null without a lab date). */
export interface LabResult {
  change: 'set' | 'cleared' | 'none-to-clear' | 'unchanged' | null;
  outlook: LabOutlook | null;
  labTitle: string | null;
  beforeLab: boolean;
  beforeLabText: string | null;
}

/** The human view of `lab`. */
export function renderLab(result: LabResult, { theme, command }: View): string[] {
  const { outlook } = result;
  if (result.change === 'cleared') return ['Lab date cleared.'];
  if (result.change === 'none-to-clear') return [`There was no lab date to clear. Set one with ${command('lab 2026-12-15')} (or +7d).`];
  if (!outlook) return [`No lab date set. Set one with ${command('lab 2026-12-15')} (or +7d) to have every review due by the day before.`];
  const lines: string[] = [];
  if (result.change === 'set') lines.push(theme.good('Lab date set.'));
  const when = outlook.daysLeft < 0 ? `passed ${daysFromNow(outlook.daysLeft)}` : daysFromNow(outlook.daysLeft);
  lines.push(`${theme.heading('Lab')} ${outlook.date}, ${outlook.daysLeft >= 0 && outlook.daysLeft <= 1 ? theme.warn(when) : when}${result.labTitle ? `: ${result.labTitle}` : ''}`);
  if (outlook.daysLeft < 0) {
    lines.push(`Set the next one with ${command('lab DATE')}, or remove it with ${command('lab --clear')}.`);
    return lines;
  }
  lines.push(
    outlook.sessionsLeft === 0
      ? theme.good('All sessions are done.')
      : `${plural(outlook.sessionsLeft, 'session')} left (${formatMinutes(outlook.minutesLeft)} planned over ${plural(outlook.studyDaysLeft, 'plan day')})`,
  );
  if (outlook.reviewsLeft > 0) lines.push(`${plural(outlook.reviewsLeft, 'review')} to do before the lab${result.beforeLab ? ', all due by the day before' : ''}`);
  const warning = paceWarning(outlook, theme);
  if (warning) lines.push(warning);
  if (result.beforeLabText) lines.push(theme.dim(result.beforeLabText));
  return lines;
}
