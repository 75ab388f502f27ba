import type { ReviewItemView } from '../core/reviews.ts';
import { fit, plural, type View } from './layout.ts';
import type { Theme } from './theme.ts';

/** Above this many items due at once, `due` suggests taking them in portions. */
const BACKLOG_HINT_AT = 15;

/** What `due` found; `due --json` prints `{ due, upcoming }`. */
export interface DueResult {
  due: ReviewItemView[];
  upcoming: ReviewItemView[];
  upcomingDays: number;
}

const LABEL_WIDTH = 16;

function whenLabel(item: ReviewItemView, theme: Theme): string {
  // Padded before colouring, so the columns line up whatever the colour codes.
  if (item.overdueDays > 1) return theme.bad(fit(`${item.overdueDays} days overdue`, LABEL_WIDTH));
  return theme.warn(fit(item.overdueDays === 1 ? '1 day overdue' : 'due today', LABEL_WIDTH));
}

/** The human view of `due`. */
export function renderDue({ due, upcoming, upcomingDays }: DueResult, { theme, command }: View): string[] {
  const lines: string[] = [];
  if (due.length === 0) {
    lines.push(theme.good('Nothing is due for review today.'));
  } else {
    lines.push(theme.heading(`Due now: ${plural(due.length, 'review item')}, most overdue first`));
    for (const item of due) lines.push(`  ${whenLabel(item, theme)} ${item.title}  ${theme.dim(item.id)}`);
  }
  if (upcomingDays > 0) {
    lines.push('');
    if (upcoming.length === 0) {
      lines.push(theme.dim(`Nothing else comes due in the next ${plural(upcomingDays, 'day')}.`));
    } else {
      lines.push(theme.heading(`Coming up in the next ${plural(upcomingDays, 'day')}:`));
      for (const item of upcoming) lines.push(`  ${fit(item.due, LABEL_WIDTH)} ${item.title}  ${theme.dim(item.id)}`);
    }
  }
  if (due.length > 0) {
    const portion = due.length > BACKLOG_HINT_AT ? ` A backlog is easier in portions: ${command('review --limit 10')} takes the 10 most overdue.` : '';
    lines.push('', `Review them: ${command('review')}.${portion}`);
  } else if (upcomingDays === 0) {
    lines.push(theme.dim(`${command('due --upcoming 7')} shows what comes next.`));
  }
  return lines;
}
