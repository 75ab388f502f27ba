import { formatMinutes } from '../core/duration.ts';
import { summarizeForecast, type ForecastItem, type ForecastSummary, type LabForecast } from '../core/forecast.ts';
import type { LabOutlook } from '../core/lab.ts';
import { paceWarning } from './lab-pace.ts';
import { daysFromNow, fit, plural, type View } from './layout.ts';
import type { Theme } from './theme.ts';

/** What `lab` did and shows. */
export interface LabResult {
  change: 'set' | 'cleared' | 'none-to-clear' | 'unchanged' | null;
  outlook: LabOutlook | null;
  /** The forecast for the lab day (null without a lab ahead). */
  forecast: LabForecast | null;
  /** Sessions and planned minutes left, and review items due now: what `lab --json` gives without a lab date. */
  left: { sessions: number; minutes: number; reviewsDue: number };
  labTitle: string | null;
  beforeLab: boolean;
  beforeLabText: string | null;
}

/** `lab --json`: the SPEC's shape. */
export function labJson(result: LabResult): unknown {
  const { outlook } = result;
  return {
    date: outlook?.date ?? null,
    daysLeft: outlook?.daysLeft ?? null,
    passed: outlook?.passed ?? false,
    sessionsLeft: outlook?.sessionsLeft ?? result.left.sessions,
    minutesLeft: outlook?.minutesLeft ?? result.left.minutes,
    reviewsLeft: outlook?.reviewsLeft ?? result.left.reviewsDue,
    forecast: summarizeForecast(result.forecast) satisfies ForecastSummary | null,
  };
}

/** `84 %`. */
export const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** What lifts one weak item: the review on its due day, and the recall on the lab day a good answer then gives. */
function liftOf(item: ForecastItem): string {
  const when = item.overdueDays > 0 ? `review now (${plural(item.overdueDays, 'day')} overdue)` : item.dueNow ? 'review today' : `review on ${item.due}`;
  return item.afterReview === null ? when : `${when} → ${percent(item.afterReview)}`;
}

/** The forecast lines: readiness, the share at target, the weakest and what lifts each. */
export function forecastLines(forecast: LabForecast, { theme, command }: View): string[] {
  if (forecast.items.length === 0) {
    return [theme.dim(`Forecast: none yet, as no item has been reviewed; ${command('review')} starts it.`)];
  }
  const atTarget = Math.round(forecast.atTarget * forecast.items.length);
  const lines = [
    `${theme.heading('Forecast for the lab day')}: readiness ${readinessText(forecast.readiness, forecast.target, theme)}, ${atTarget} of ${plural(forecast.items.length, 'item')} at the ${percent(forecast.target)} target`,
  ];
  if (forecast.weakest.length > 0) {
    const idWidth = Math.min(36, Math.max(...forecast.weakest.map((item) => item.id.length)));
    lines.push('Weakest, and what a good answer on the day shown lifts each to:');
    for (const item of forecast.weakest) lines.push(`  ${fit(item.id, idWidth)} ${theme.warn(percent(item.recallOnLabDay).padStart(5))}  ${liftOf(item)}`);
  } else {
    lines.push(theme.good('Every item you have reviewed is at the target.'));
  }
  if (forecast.notYetReviewed > 0) lines.push(theme.dim(`${plural(forecast.notYetReviewed, 'item')} not reviewed yet ${forecast.notYetReviewed === 1 ? 'is' : 'are'} left out: ${command('review')} takes them.`));
  return lines;
}

function readinessText(readiness: number, target: number, theme: Theme): string {
  return readiness >= target ? theme.good(percent(readiness)) : theme.warn(percent(readiness));
}

/** The human view of `lab`. */
export function renderLab(result: LabResult, view: View): string[] {
  const { theme, command } = view;
  const { outlook } = result;
  if (result.change === 'cleared') return ['Lab date cleared.'];
  if (result.change === 'none-to-clear') return [`There was no lab date to clear. Set one with ${command('lab +14d')} (or a date, YYYY-MM-DD).`];
  if (!outlook) return [`No lab date set. Set one with ${command('lab +14d')} (or a date, YYYY-MM-DD) to have every review due by the day before.`];
  const lines: string[] = [];
  if (result.change === 'set') lines.push(theme.good('Lab date set.'));
  else if (result.change === 'unchanged') lines.push('The lab was on that day already; nothing changed.');
  const when = outlook.passed ? `passed ${daysFromNow(outlook.daysLeft)}` : daysFromNow(outlook.daysLeft);
  lines.push(`${theme.heading('Lab')} ${outlook.date}, ${outlook.daysLeft >= 0 && outlook.daysLeft <= 1 ? theme.warn(when) : when}${result.labTitle ? `: ${result.labTitle}` : ''}`);
  if (outlook.passed) {
    lines.push(`Set the next one with ${command('lab DATE')}, or remove it with ${command('lab --clear')}.`);
    return lines;
  }
  lines.push(
    outlook.sessionsLeft === 0
      ? theme.good('All sessions are done.')
      : `${plural(outlook.sessionsLeft, 'session')} left (${formatMinutes(outlook.minutesLeft)} planned over ${plural(outlook.studyDaysLeft, 'plan day')})`,
  );
  if (outlook.reviewsLeft > 0) {
    // On the lab day itself, "by the day before" has passed: what is left is to do now.
    if (outlook.daysLeft <= 0) lines.push(`${plural(outlook.reviewsLeft, 'review')} left to do before the lab: ${command('review')} takes them now`);
    else lines.push(`${plural(outlook.reviewsLeft, 'review')} to do before the lab${result.beforeLab ? ', all due by the day before' : ''}`);
  }
  const warning = paceWarning(outlook, theme);
  if (warning) lines.push(warning);
  if (result.forecast) lines.push(...forecastLines(result.forecast, view));
  if (result.beforeLabText) lines.push(theme.dim(result.beforeLabText));
  return lines;
}
