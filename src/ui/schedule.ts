import { daysBetween, formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import type { Schedule } from '../core/schedule.ts';
import { daysFromNow, fit, padStart, plural, statusLabel, type View } from './layout.ts';

/** What `schedule` shows; `schedule --json` prints the schedule. */
export interface ScheduleResult {
  schedule: Schedule;
  changed: boolean;
  plan: { title: string; labTitle: string | null };
  sessionCount: number;
}

/** The human view of `schedule`: each plan day on its date, what is done, today and behind. */
export function renderSchedule({ schedule, changed, plan, sessionCount }: ScheduleResult, { theme, width, command }: View): string[] {
  const origin = {
    stored: 'your start date',
    'first-study-day': 'the first day you studied; set another with --start DATE',
    today: 'today, as nothing is done yet; set another with --start DATE',
  }[schedule.startFrom];
  const lines = [theme.heading(plan.title), theme.dim(`${changed ? 'Start date set: day 1 is' : 'Day 1 is'} ${formatDayWithWeekday(schedule.start)} (${origin}).`)];
  const numberWidth = String(sessionCount).length;
  const timeWidth = 10;
  const stateWidth = 20;
  const titleWidth = Math.max(8, width - 2 - numberWidth - 2 - 1 - timeWidth - 2 - stateWidth);
  let behind = 0;
  for (const day of schedule.days) {
    lines.push('', `${theme.heading(formatDayWithWeekday(day.date))}  ${theme.dim(`day ${day.day}`)}${day.isToday ? theme.warn('  ← today') : ''}`);
    for (const session of day.sessions) {
      const state = session.behind ? theme.bad(`! behind by ${plural(session.daysBehind, 'day')}`) : statusLabel(session.status, theme);
      if (session.behind) behind += 1;
      lines.push(`  ${padStart(String(session.number), numberWidth)}  ${fit(session.title, titleWidth)} ${theme.dim(padStart(formatMinutes(session.minutes), timeWidth))}  ${state}`);
    }
  }
  if (schedule.lab) {
    const days = daysBetween(schedule.today, schedule.lab);
    lines.push('', `${theme.heading(formatDayWithWeekday(schedule.lab))}  ${theme.warn('lab')}${plan.labTitle ? `: ${plan.labTitle}` : ''}${theme.dim(` (${days < 0 ? `passed ${daysFromNow(days)}` : daysFromNow(days)})`)}`);
  }
  lines.push('');
  if (behind > 0) {
    lines.push(theme.warn(`${plural(behind, 'session is', 'sessions are')} behind schedule: ${command('next')} picks up the first, or move the plan with ${command('schedule --start DATE')}.`));
  } else {
    lines.push(theme.dim(`Export it to your calendar: ${command('export --format ics -o study.ics')}`));
  }
  return lines;
}
