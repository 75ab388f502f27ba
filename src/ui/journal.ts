import { formatDayWithWeekday } from '../core/dates.ts';
import { formatMinutes } from '../core/duration.ts';
import { formatInstant, plural } from '../core/text.ts';
import type { Plan } from '../core/plan.ts';
import type { ProgressTotals, SessionView } from '../core/progress.ts';
import type { Schedule } from '../core/schedule.ts';

/** What one review item looks like in the journal. */
export interface JournalReview {
  id: string;
  title: string;
  /** The session it belongs to (the one that created it). */
  source: string;
  due: string;
  reviews: number;
  lastReview: string | null;
}

export interface JournalInput {
  plan: Plan;
  sessions: SessionView[];
  schedule: Schedule;
  totals: ProgressTotals;
  reviews: JournalReview[];
  exportedAt: string;
}

const quote = (text: string): string => text.split('\n').map((line) => (line.trim() === '' ? '>' : `> ${line}`)).join('\n');

// Text from plans and summaries is data: keep it from turning into Markdown structure.
const inline = (text: string): string => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');

/** The study journal as Markdown: per day and session, your summary, the key points, dates and time. */
export function renderJournal({ plan, sessions, schedule, totals, reviews, exportedAt }: JournalInput): string {
  const lines: string[] = [`# ${inline(plan.title)}: study journal`, ''];
  lines.push(
    `Exported ${formatInstant(exportedAt)} · ${totals.done} of ${totals.total} sessions done · ${formatMinutes(totals.minutesSpent)} spent of ${formatMinutes(totals.minutesPlanned)} planned`,
  );
  if (plan.goal) lines.push('', `**Goal:** ${inline(plan.goal)}`);
  if (schedule.lab) lines.push('', `**Lab:** ${formatDayWithWeekday(schedule.lab)}${plan.lab ? `: ${inline(plan.lab.title)}` : ''}`);
  const byId = new Map(sessions.map((view) => [view.id, view]));
  const reviewsOf = new Map<string, JournalReview[]>();
  for (const review of reviews) {
    const list = reviewsOf.get(review.source);
    if (list) list.push(review);
    else reviewsOf.set(review.source, [review]);
  }
  for (const day of schedule.days) {
    lines.push('', `## Day ${day.day}: ${formatDayWithWeekday(day.date)}`);
    for (const scheduled of day.sessions) {
      const view = byId.get(scheduled.id);
      if (!view) continue;
      lines.push('', `### ${view.number}. ${inline(view.title)}${view.status === 'done' ? ' ✔' : ''}`, '');
      const when = view.completedAt
        ? `done ${formatInstant(view.completedAt)}, ${formatMinutes(view.minutesSpent ?? 0)} spent of ${formatMinutes(view.minutes)} planned`
        : `${view.status === 'in-progress' ? 'in progress' : 'to do'}, ${formatMinutes(view.minutes)} planned${scheduled.behind ? `, ${plural(scheduled.daysBehind, 'day')} behind` : ''}`;
      lines.push(`*${when}*`, '');
      for (const item of view.checklist) lines.push(`- [${item.done ? 'x' : ' '}] ${inline(item.text)}`);
      if (view.keyPoints.length > 0) {
        lines.push('', '**Key points**', '');
        for (const point of view.keyPoints) lines.push(`- **${inline(point.title)}**: ${inline(point.text)}`);
      }
      if (view.terms.length > 0) {
        lines.push('', '**Terms**', '');
        for (const term of view.terms) lines.push(`- **${inline(term.term)}**: ${inline(term.text)}`);
      }
      lines.push('', '**My summary**', '', view.summary ? quote(inline(view.summary)) : `*none yet: ${inline(plan.review.summaryPrompt)}*`);
      const own = reviewsOf.get(view.id) ?? [];
      if (own.length > 0) {
        lines.push('', '**Reviews**', '');
        for (const review of own) {
          const done = review.reviews === 0 ? 'not reviewed yet' : `reviewed ${review.reviews}×, last ${review.lastReview?.slice(0, 10) ?? '?'}`;
          lines.push(`- ${inline(review.title)} (\`${review.id}\`): ${done}; next due ${review.due}`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
