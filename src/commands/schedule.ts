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
  if (options.start !== undefined) {
    const start = resolveDate(options.start.input, today, options.start.typed);
    await context.update((tx) => {
      tx.describe('start-date', `set the start date to ${start}`);
      tx.setMeta({ ...tx.meta, startDate: start });
    });
  }
  const state = context.readState();
  const result: ScheduleResult = {
    schedule: buildSchedule(plan, state, today, context.dayStartHour),
    changed: options.start !== undefined,
    plan: { title: plan.title, labTitle: plan.lab?.title ?? null },
    sessionCount: plan.sessions.length,
  };
  present(context, result, (value) => value.schedule, renderSchedule);
}
