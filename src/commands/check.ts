import { describeSession, setChecked } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { checklistLines, sessionHeading } from '../ui/layout.ts';
import { printJson, resolveSession } from './shared.ts';

export interface CheckOptions {
  uncheck?: boolean;
}

/**
 * `check <session> [n...]`: ticks checklist items (or clears them with --uncheck). With no numbers
 * on a terminal it offers a checkbox list with the current ticks already set.
 */
export async function runCheck(context: Context, reference: string, numbers: string[], options: CheckOptions): Promise<void> {
  const plan = context.plan();
  const session = resolveSession(plan, reference);
  const count = session.focus.length;
  const wanted = numbers.map((value) => {
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= 1 && number <= count)) {
      throw new UsageError(`checklist item "${value}" does not exist: session ${session.number} has items 1 to ${count}`);
    }
    return number;
  });

  let ticks: { tick: number[]; clear: number[] };
  if (wanted.length > 0) {
    ticks = options.uncheck ? { tick: [], clear: wanted } : { tick: wanted, clear: [] };
  } else {
    if (!context.interactive) {
      throw new UsageError(`check needs item numbers when not run on a terminal, e.g. k8s-study check ${session.number} 1 2`);
    }
    const before = describeSession(plan, session, context.readProgress());
    const prompts = await context.prompts();
    const chosen = await prompts.checkboxes(
      `${session.title}: tick what you have covered`,
      before.checklist.map((item) => ({ name: item.text, value: item.number, checked: item.done, short: `item ${item.number}` })),
    );
    const keep = new Set(chosen);
    ticks = { tick: [...keep], clear: before.checklist.map((item) => item.number).filter((number) => !keep.has(number)) };
  }

  const view = await context.updateProgress((progress) => {
    setChecked(progress, session, ticks.tick, true);
    setChecked(progress, session, ticks.clear, false);
    return describeSession(plan, session, progress);
  });
  if (context.json) return printJson(context, view);
  const { theme, width } = context;
  context.out(sessionHeading(view, theme));
  for (const line of checklistLines(view, theme, width)) context.out(line);
  const ticked = view.checklist.filter((item) => item.done).length;
  if (ticked === count && view.status !== 'done') {
    context.out(theme.good(`All ${count} ticked.`) + ` When you have finished: ${theme.command(`k8s-study done ${view.number}`)}`);
  }
}
