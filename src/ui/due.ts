import type { ReviewItemView } from '../core/reviews.ts';
import { fit, hanging, plural, widthOf, type View } from './layout.ts';
import { fileNote, usePlan, type PlanFileState } from './plans.ts';
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

/**
 * An item after its label: a line too long wraps under the title, where its id still fits whole;
 * on a terminal too narrow for that, under the label (the last guard, fitLines, wraps it). An item
 * whose plan file is gone has only its id.
 */
function itemLine(label: string, item: Pick<ReviewItemView, 'title' | 'id'>, theme: Theme, width: number): string {
  const text = item.title === item.id ? item.id : `${item.title}  ${theme.dim(item.id)}`;
  const indent = LABEL_WIDTH + 3;
  return width - indent >= widthOf(item.id) ? hanging(label, text, width, indent) : label + text;
}

/** The human view of `due`. */
export function renderDue({ due, upcoming, upcomingDays }: DueResult, { theme, command, width }: View): string[] {
  const lines: string[] = [];
  if (due.length === 0) {
    lines.push(theme.good('Nothing is due for review today.'));
  } else {
    lines.push(theme.heading(`Due now: ${plural(due.length, 'review item')}, most overdue first`));
    for (const item of due) lines.push(itemLine(`  ${whenLabel(item, theme)} `, item, theme, width));
  }
  if (upcomingDays > 0) {
    lines.push('');
    if (upcoming.length === 0) {
      lines.push(theme.dim(`Nothing else comes due in the next ${plural(upcomingDays, 'day')}.`));
    } else {
      lines.push(theme.heading(`Coming up in the next ${plural(upcomingDays, 'day')}:`));
      for (const item of upcoming) lines.push(itemLine(`  ${fit(item.due, LABEL_WIDTH)} `, item, theme, width));
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

/** One plan's items in `due --all`. */
export interface DuePlan {
  plan: { id: string; title: string };
  current: boolean;
  file: string | null;
  fileState: PlanFileState;
  due: ReviewItemView[];
  upcoming: ReviewItemView[];
}

/** What `due --all` found, plan by plan; `due --all --json` prints `{ plans: [...] }` without `upcomingDays`. */
export interface DueAllResult {
  plans: DuePlan[];
  upcomingDays: number;
}

/** The human view of `due --all`: each plan's items, with how to review them. */
export function renderDueAll({ plans, upcomingDays }: DueAllResult, view: View): string[] {
  const { theme, command, width } = view;
  const total = plans.reduce((sum, entry) => sum + entry.due.length, 0);
  const busy = plans.filter((entry) => entry.due.length > 0).length;
  const lines = [
    total === 0
      ? theme.good(`Nothing is due for review today in ${plans.length === 1 ? 'the one plan' : `any of ${plans.length} plans`}.`)
      : theme.heading(`Due now: ${plural(total, 'review item')} in ${busy} of ${plural(plans.length, 'plan')}`),
  ];
  for (const entry of plans) {
    if (entry.due.length === 0 && (upcomingDays === 0 || entry.upcoming.length === 0)) {
      lines.push('', `${theme.heading(entry.plan.title)}${entry.current ? theme.dim(' (current)') : ''}: ${theme.dim('nothing due')}`);
      continue;
    }
    lines.push('', `${theme.heading(entry.plan.title)}${entry.current ? theme.dim(' (current)') : ''}: ${entry.due.length === 0 ? 'nothing due now' : `${entry.due.length} due`}`);
    const note = fileNote(entry.file, entry.fileState);
    if (note !== null) lines.push(`  ${theme.dim(`${note}: items are named by id until it is found again`)}`);
    for (const item of entry.due) lines.push(itemLine(`  ${whenLabel(item, theme)} `, item, theme, width));
    if (upcomingDays > 0 && entry.upcoming.length > 0) {
      lines.push(`  ${theme.dim(`coming up in the next ${plural(upcomingDays, 'day')}:`)}`);
      for (const item of entry.upcoming) lines.push(itemLine(`  ${fit(item.due, LABEL_WIDTH)} `, item, theme, width));
    }
    if (entry.due.length > 0) lines.push(`  Review them: ${entry.current ? command('review') : usePlan(entry, 'review', view)}`);
  }
  return lines;
}
