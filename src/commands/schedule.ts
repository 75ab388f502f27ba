import { buildSchedule } from '../core/schedule.ts';
import type { Context } from '../context.ts';
import { resolveDate, type DateInput } from '../options.ts';
import { renderSchedule, type ScheduleResult } from '../ui/schedule.ts';
import { present } from './shared.ts';

export interface ScheduleOptions {
  start?: { input: DateInput; typed: string };
}

/** `schedule [--start DATE]`: maps the plan's days to calendar dates; `--start` first stores the date of plan day 1. */
export async function runSchedule(context: Context, options: ScheduleOptions): Promise<void> {
  const plan = context.plan();
  const today = context.today();
  const view = (state: Parameters<typeof buildSchedule>[1]): ScheduleResult => ({
    schedule: buildSchedule(plan, state, today, context.dayStartHour),
    changed: options.start !== undefined,
    plan: { title: plan.title, labTitle: plan.lab?.title ?? null },
    sessionCount: plan.sessions.length,
  });
  let result: ScheduleResult;
  if (options.start !== undefined) {
    const start = resolveDate(options.start.input, today, options.start.typed);
    // Made from the records read under the lock: one that cannot be read stops the change first.
    result = await context.update((tx) => {
      tx.describe('start-date', `set the start date to ${start}`);
      tx.setMeta({ ...tx.meta, startDate: start });
      return view({ sessions: tx.allSessions(), items: tx.allItems(), meta: tx.meta });
    });
  } else {
    result = view(context.readState());
  }
  present(context, result, (value) => value.schedule, renderSchedule);
}
