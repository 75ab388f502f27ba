import { describeSession, setTicks, tickedLines } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { checkboxLabel, renderCheck, type CheckResult } from '../ui/check.ts';
import { present, resolveSession, whyNoPrompt } from './shared.ts';

export interface CheckOptions {
  uncheck?: boolean;
}

/**
 * `check <session> [n...]`: ticks checklist items (or clears them with --uncheck). With no numbers
 * on a terminal it offers a checkbox list with the current ticks already set.
 */
export async function runCheck(context: Context, reference: string, numbers: string[], options: CheckOptions): Promise<void> {
  const outline = context.outline();
  const detail = context.detail(resolveSession(outline, reference, context.suggest));
  const { session } = detail;
  const count = session.focus.length;
  const wanted = numbers.map((value) => {
    if (!/^\d{1,6}$/.test(value.trim())) throw new UsageError(`checklist item "${value}" is not an item number: session ${session.number} has items 1 to ${count}`);
    const number = Number(value.trim());
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
      throw new UsageError(`check needs item numbers ${whyNoPrompt(context)}, e.g. ${context.suggest(`check ${session.number} 1 2${options.uncheck ? ' --uncheck' : ''}`)}`);
    }
    const ticked = tickedLines(session, context.store.readSessions(outline.id)[session.id]);
    const prompts = await context.prompts();
    const chosen = await prompts.checkboxes(
      `${session.title}: tick what you have covered`,
      session.focus.map((text, index) => ({ name: checkboxLabel(text, context.view.width), value: index + 1, checked: ticked.has(index + 1), short: `item ${index + 1}` })),
    );
    const keep = new Set(chosen);
    ticks = { tick: [...keep], clear: session.focus.map((_, index) => index + 1).filter((number) => !keep.has(number)) };
  }

  const result: CheckResult = await context.update((tx) => {
    tx.describe('check', `ticks of ${session.number}. ${session.title}`);
    const changed = [...setTicks(tx, session, ticks.tick, true, tx.at), ...setTicks(tx, session, ticks.clear, false, tx.at)];
    return { session: describeSession(detail, tx.session(session.id)), changed: changed.sort((a, b) => a - b) };
  });
  present(context, result, (value) => value.session, renderCheck);
}
