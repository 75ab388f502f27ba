import { labForecast } from '../core/forecast.ts';
import { labOutlook, workLeft } from '../core/lab.ts';
import { countReviewItems } from '../core/reviews.ts';
import type { Dict, ItemRecord, SessionRecord } from '../core/records.ts';
import type { Day } from '../core/dates.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { resolveDate, type DateInput } from '../options.ts';
import { labJson, renderLab, type LabResult } from '../ui/lab.ts';
import { present } from './shared.ts';

export interface LabOptions {
  clear?: boolean;
}

/** `lab [DATE]`: sets the lab date (`--clear` removes it); with no date, shows the countdown and the forecast. */
export async function runLab(context: Context, date: { input: DateInput; typed: string } | undefined, options: LabOptions): Promise<void> {
  const plan = context.plan();
  const today = context.today();
  if (date !== undefined && options.clear) throw new UsageError('give a lab date or --clear, not both');
  const view = (change: LabResult['change'], state: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; lab: Day | null }): LabResult => {
    const left = workLeft(plan, state.sessions);
    return {
      change,
      outlook: labOutlook(plan, state, today),
      forecast: labForecast(plan, state, today),
      left: { sessions: left.sessionsLeft, minutes: left.minutesLeft, reviewsDue: countReviewItems(plan, state, today).due },
      labTitle: plan.lab?.title ?? null,
      beforeLab: plan.review.beforeLab,
      beforeLabText: plan.review.beforeLabText,
    };
  };
  let result: LabResult;
  if (date !== undefined || options.clear) {
    const day = date === undefined ? null : resolveDate(date.input, today, date.typed);
    if (day !== null && day < today) throw new UsageError(`lab date "${date?.typed}" is in the past (today is ${today}): give today or a later day, such as +14d`);
    // The outlook is made from the records read under the lock: a record that cannot be read stops
    // the change before anything is written.
    result = await context.update((tx) => {
      const before = tx.meta.lab;
      let change: LabResult['change'];
      if (before === day) change = day === null ? 'none-to-clear' : 'unchanged';
      else {
        tx.describe('lab', day === null ? `cleared the lab date ${before}` : `set the lab date to ${day}`);
        tx.setMeta({ ...tx.meta, lab: day });
        change = day === null ? 'cleared' : 'set';
      }
      return view(change, { sessions: tx.allSessions(), items: tx.allItems(), lab: day });
    });
  } else {
    const state = context.readState();
    result = view(null, { sessions: state.sessions, items: state.items, lab: state.meta.lab });
  }
  const change = result.change;
  present(context, result, labJson, renderLab);
  if (change === null) context.offerView();
}
