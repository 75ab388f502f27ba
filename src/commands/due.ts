import { listReviewItems, type ReviewItemView } from '../core/reviews.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { Theme } from '../ui/theme.ts';
import { printJson } from './shared.ts';

/** Above this many items due at once, `due` suggests taking them in portions. */
const BACKLOG_HINT_AT = 15;

function parseUpcoming(value: string | undefined): number {
  if (value === undefined) return 0;
  const days = /^\d{1,3}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(days >= 0 && days <= 365)) throw new UsageError(`--upcoming "${value}" is not a number of days from 0 to 365`);
  return days;
}

function whenLabel(item: ReviewItemView, theme: Theme): string {
  // Padded before colouring, so columns line up whatever the colour codes.
  if (item.overdueDays > 1) return theme.bad(`${item.overdueDays} days overdue`.padEnd(16));
  return theme.warn((item.overdueDays === 1 ? '1 day overdue' : 'due today').padEnd(16));
}

/** `due`: review items due now, most overdue first; `--upcoming DAYS` adds those due soon. */
export async function runDue(context: Context, options: { upcoming?: string }): Promise<void> {
  const upcomingDays = parseUpcoming(options.upcoming);
  const plan = context.plan();
  const today = context.today();
  const progress = context.readProgress();
  // The digest's due days rather than the items: their FSRS cards are not needed to list them.
  const result = listReviewItems(plan, { lab: progress.lab, reviewItems: context.readReviewDigest().items }, today, upcomingDays);
  if (context.json) return printJson(context, result);
  const { theme } = context;
  if (result.due.length === 0) {
    context.out(theme.good('Nothing is due for review today.'));
  } else {
    context.out(theme.heading(`Due now: ${result.due.length} review item${result.due.length === 1 ? '' : 's'}, most overdue first`));
    for (const item of result.due) context.out(`  ${whenLabel(item, theme)} ${item.title}  ${theme.dim(item.id)}`);
  }
  if (upcomingDays > 0) {
    context.out();
    if (result.upcoming.length === 0) {
      context.out(theme.dim(`Nothing else comes due in the next ${upcomingDays} day${upcomingDays === 1 ? '' : 's'}.`));
    } else {
      context.out(theme.heading(`Coming up in the next ${upcomingDays} day${upcomingDays === 1 ? '' : 's'}:`));
      for (const item of result.upcoming) context.out(`  ${item.due.padEnd(16)} ${item.title}  ${theme.dim(item.id)}`);
    }
  }
  if (result.due.length > 0) {
    context.out();
    const portion =
      result.due.length > BACKLOG_HINT_AT
        ? ` A backlog is easier in portions: ${theme.command('k8s-study review --limit 10')} takes the 10 most overdue.`
        : '';
    context.out(`Review them: ${theme.command('k8s-study review')}.${portion}`);
  }
}
