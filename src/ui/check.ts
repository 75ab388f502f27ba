import type { SessionView } from '../core/progress.ts';
import { checklistLines, hanging, plural, sessionHeading, type View } from './layout.ts';

/** What `check` did; `check --json` prints the session. */
export interface CheckResult {
  session: SessionView;
  /** The checklist numbers whose tick changed. */
  changed: number[];
}

/** The human view of `check`: the checklist as it stands now. */
export function renderCheck({ session: view, changed }: CheckResult, { theme, width, command }: View): string[] {
  const lines = [sessionHeading(view, theme, width), ...checklistLines(view, theme, width)];
  const ticked = view.checklist.filter((item) => item.done).length;
  if (changed.length === 0) lines.push(theme.dim('Nothing changed: those items were already so.'));
  if (ticked === view.checklist.length && view.status !== 'done') {
    lines.push(`${theme.good(`All ${plural(ticked, 'item')} ticked.`)} When you have finished: ${command(`done ${view.number}`)}`);
  }
  return lines;
}

/** A checklist line as a choice of the checkbox list: wrapped under its text after the list's 3-column mark ("❯◯ "). */
export function checkboxLabel(text: string, width: number): string {
  return hanging('', text, width - 3, 0).replaceAll('\n', '\n   ');
}
