import { parseDay, type Day } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { studyLevel, type StatsReport, type StudyDay } from '../core/stats.ts';
import { bar, padStart, plural, type View } from './layout.ts';
import type { Theme } from './theme.ts';

// The pictures of `stats`, drawn with Unicode blocks to fit the terminal's width. Each level has a
// glyph of its own, so nothing is told by colour alone (NO_COLOR, a monochrome terminal, a pipe).

/** What `stats` computed, for which plans; `stats --json` prints it. */
export interface StatsResult extends StatsReport {
  plans: { id: string; title: string }[];
  weeks: number;
}

/** The heatmap's glyphs, from not studied to two hours or more. */
export const LEVEL_GLYPHS = ['·', '░', '▒', '▓', '█'] as const;
/** Eighths of a cell, for the forecast's bars. */
const EIGHTHS = ['', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAY_LABELS = ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'];

const monthOf = (day: Day): string => MONTHS[Number(day.slice(5, 7)) - 1] ?? '';

function paintLevel(level: number, theme: Theme): string {
  const glyph = LEVEL_GLYPHS[level] ?? '·';
  return level === 0 ? theme.dim(glyph) : theme.good(glyph);
}

/** How many weeks of the heatmap fit the width: a column of two a week, after the weekday names. */
const weeksThatFit = (width: number): number => Math.max(1, Math.floor((width - 5) / 2));

/** The calendar heatmap: a column a week, a row a weekday, as many of the latest weeks as fit. */
function heatmapLines(days: readonly StudyDay[], today: Day, { theme, width }: View): string[] {
  const weeks: StudyDay[][] = [];
  for (let index = 0; index < days.length; index += 7) weeks.push(days.slice(index, index + 7));
  const shown = weeks.slice(-weeksThatFit(width));
  // Month names above the week in which each month starts, where there is room.
  let months = '';
  shown.forEach((week, index) => {
    const starts = week.find((day) => day.date.endsWith('-01')) ?? (index === 0 ? week[0] : undefined);
    const column = 5 + index * 2;
    if (starts && months.length <= column) months = `${months.padEnd(column)}${monthOf(starts.date)}`;
  });
  const lines = [theme.dim(months)];
  for (let weekday = 0; weekday < 7; weekday += 1) {
    const cells = shown.map((week) => {
      const day = week[weekday];
      return day && day.date <= today ? paintLevel(studyLevel(day), theme) : ' ';
    });
    lines.push(`${theme.dim((WEEKDAY_LABELS[weekday] ?? '').padEnd(4))} ${cells.join(' ')}`.trimEnd());
  }
  lines.push(
    `     ${theme.dim('less')} ${LEVEL_GLYPHS.map((_, level) => paintLevel(level, theme)).join(' ')} ${theme.dim('more')}   ${theme.dim(`${LEVEL_GLYPHS[1]} reviews or <30 min, ${LEVEL_GLYPHS[2]} 30+ min, ${LEVEL_GLYPHS[3]} 1+ h, ${LEVEL_GLYPHS[4]} 2+ h`)}`,
  );
  return lines;
}

/** The review forecast: a bar a day for the next 30 days, four rows high, with the days marked below. */
function forecastLines(forecast: StatsReport['forecast'], { theme, width }: View): string[] {
  const max = Math.max(0, ...forecast.map((day) => day.due));
  const total = forecast.reduce((sum, day) => sum + day.due, 0);
  if (total === 0) return [theme.dim('Nothing comes due in the next 30 days.')];
  const peak = forecast.find((day) => day.due === max)!;
  const label = String(max).length;
  const cell = label + 3 + forecast.length * 2 <= width ? 2 : 1;
  const rows = 4;
  const lines = [`${plural(total, 'review')} in all; most on ${weekdayOf(peak.date)} ${peak.date}: ${max}`];
  for (let row = rows - 1; row >= 0; row -= 1) {
    const cells = forecast.map((day) => {
      const eighths = Math.round((day.due / max) * rows * 8) - row * 8;
      const glyph = day.due > 0 && row === 0 && eighths < 1 ? EIGHTHS[1]! : EIGHTHS[Math.max(0, Math.min(8, eighths))] || ' ';
      return (glyph === ' ' ? glyph : theme.warn(glyph)) + ' '.repeat(cell - 1);
    });
    const axis = row === rows - 1 ? String(max) : row === 0 ? '0' : '';
    lines.push(`${theme.dim(padStart(axis, label))} │${cells.join('')}`.trimEnd());
  }
  lines.push(`${' '.repeat(label)} └${'─'.repeat(forecast.length * cell)}`);
  let marks = '';
  for (const offset of [0, 7, 14, 21, 28]) {
    const column = offset * cell;
    if (marks.length > column) continue;
    marks = `${marks.padEnd(column)}${offset === 0 ? 'today' : `+${offset}d`}`;
  }
  lines.push(theme.dim(`${' '.repeat(label + 2)}${marks}`));
  return lines;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekdayOf = (day: Day): string => WEEKDAYS[parseDay(day)?.getDay() ?? 0] ?? '';

/** Recall per week: the share of answers not "again", as a bar, for the weeks since reviews began. */
function recallLines(recall: StatsReport['recall'], { theme, width }: View): string[] {
  const start = recall.findIndex((week) => week.reviews > 0);
  if (start < 0) return [theme.dim('No reviews answered in these weeks yet.')];
  const barWidth = Math.max(5, Math.min(20, width - 34));
  return recall.slice(start).map((week) => {
    const label = `${monthOf(week.week)} ${String(Number(week.week.slice(8, 10))).padStart(2)}`;
    if (week.share === null) return `  ${label}  ${theme.dim(`${'·'.repeat(barWidth)}  no reviews`)}`;
    const percent = Math.round(week.share * 100);
    return `  ${label}  ${bar(week.share, barWidth, theme)} ${padStart(`${percent} %`, 5)}  ${theme.dim(`(${plural(week.reviews, 'review')})`)}`;
  });
}

/** The human view of `stats`. */
export function renderStats(result: StatsResult, view: View): string[] {
  const { theme } = view;
  const what = result.plans.length === 1 ? result.plans[0]!.title : `${plural(result.plans.length, 'plan')}`;
  const { totals } = result;
  const recalled = totals.reviews === 0 ? '' : `, ${Math.round((totals.recalled / totals.reviews) * 100)} % recalled`;
  return [
    theme.heading(`${what}: the last ${plural(result.weeks, 'week')}`),
    `${plural(totals.studyDays, 'study day')} · ${formatMinutes(totals.minutes)} · ${plural(totals.reviews, 'review')}${recalled}`,
    '',
    // A narrow terminal shows fewer weeks than the totals above count: the heading says so.
    theme.heading(`Study days${result.weeks > weeksThatFit(view.width) ? `, the last ${weeksThatFit(view.width)} weeks` : ''} (minutes a day)`),
    ...heatmapLines(result.days, result.today, view),
    '',
    theme.heading('Reviews coming due, next 30 days'),
    ...forecastLines(result.forecast, view),
    '',
    theme.heading('Recalled per week (answers not "again")'),
    ...recallLines(result.recall, view),
  ];
}
