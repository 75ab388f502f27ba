import { daysBetween, formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { buildSchedule, type Schedule } from '../core/agenda.ts';
import type { Context } from '../context.ts';
import { statusLabel } from '../ui/layout.ts';
import { parseDateOption, printJson } from './shared.ts';

export interface ScheduleOptions {
  start?: string;
}

/**
 * `schedule [--start DATE]`: maps the plan's days to calendar dates and prints the agenda. With
 * `--start` it first stores the date of plan day 1.
 */
export async function runSchedule(context: Context, options: ScheduleOptions): Promise<void> {
  const plan = context.plan();
  const today = context.today();
  let schedule: Schedule;
  if (options.start !== undefined) {
    const start = parseDateOption(options.start, '--start', today);
    schedule = await context.updateProgress((progress) => {
      progress.startDate = start;
      return buildSchedule(plan, progress, today, context.dayStartHour);
    });
  } else {
    schedule = buildSchedule(plan, context.readProgress(), today, context.dayStartHour);
  }
  if (context.json) return printJson(context, schedule);
  renderSchedule(context, schedule, options.start !== undefined);
}

function renderSchedule(context: Context, schedule: Schedule, changed: boolean): void {
  const { theme, width } = context;
  const plan = context.plan();
  context.out(theme.heading(plan.title));
  const origin = {
    stored: 'your start date',
    'first-study-day': 'the first day you studied; set another with --start DATE',
    today: 'today, as nothing is done yet; set another with --start DATE',
  }[schedule.startFrom];
  context.out(theme.dim(`${changed ? 'Start date set: day 1 is' : 'Day 1 is'} ${formatDayWithWeekday(schedule.start)} (${origin}).`));
  const numberWidth = String(plan.sessions.length).length;
  const titleWidth = Math.max(16, width - numberWidth - 34);
  let behind = 0;
  for (const day of schedule.days) {
    context.out();
    const label = day.isToday ? theme.warn('  ← today') : '';
    context.out(`${theme.heading(formatDayWithWeekday(day.date))}  ${theme.dim(`day ${day.day}`)}${label}`);
    for (const session of day.sessions) {
      const title = session.title.length > titleWidth ? `${session.title.slice(0, titleWidth - 1)}…` : session.title.padEnd(titleWidth);
      const state = session.behind
        ? theme.bad(`! behind by ${session.daysBehind} day${session.daysBehind === 1 ? '' : 's'}`)
        : statusLabel(session.status, theme);
      if (session.behind) behind += 1;
      context.out(`  ${String(session.number).padStart(numberWidth)}  ${title} ${theme.dim(formatMinutes(session.minutes).padStart(10))}  ${state}`);
    }
  }
  if (schedule.lab) {
    const days = daysBetween(schedule.today, schedule.lab);
    context.out();
    context.out(`${theme.heading(formatDayWithWeekday(schedule.lab))}  ${theme.warn('lab')}${plan.lab ? `: ${plan.lab.title}` : ''}${days >= 0 ? theme.dim(` (in ${days} day${days === 1 ? '' : 's'})`) : ''}`);
  }
  context.out();
  if (behind > 0) {
    context.out(theme.warn(`${behind} session${behind === 1 ? ' is' : 's are'} behind schedule: ${theme.command('k8s-study next')} picks up the first, or move the plan with ${theme.command('k8s-study schedule --start DATE')}.`));
  } else {
    context.out(theme.dim(`Export it to your calendar: ${theme.command('k8s-study export --format ics -o study.ics')}`));
  }
}
