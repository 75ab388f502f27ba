import type { Day } from '../core/dates.ts';
import type { SessionView } from '../core/progress.ts';
import type { Rating } from '../core/records.ts';
import type { ReviewItemView } from '../core/reviews.ts';
import { checklistLines, daysFromNow, hanging, keyPointLines, plural, wrapText, type View } from './layout.ts';

/** Where one review answer moved an item. */
export interface ReviewOutcome {
  item: string;
  rating: Rating;
  nextDue: Day;
  daysUntil: number;
  /** The lab cap brought the next review earlier than FSRS set it. */
  cappedByLab: boolean;
}

/** `✔ term:etcd rated good; next review 2026-12-04 (in 3 days)`. */
export function renderReviewOutcome(outcome: ReviewOutcome, { theme }: View): string[] {
  const capped = outcome.cappedByLab ? ', the day before the lab' : '';
  return [`${theme.good('✔')} ${outcome.item} rated ${outcome.rating}; next review ${outcome.nextDue} (${daysFromNow(outcome.daysUntil)}${capped})`];
}

/** The card shown for one item of a review sitting. */
export function renderItemCard(
  card: { entry: ReviewItemView; index: number; total: number; session: SessionView | null; summaryPrompt: string },
  { theme, width, command }: View,
): string[] {
  const { entry, index, total, session } = card;
  const overdue = entry.overdueDays > 0 ? theme.warn(` · ${plural(entry.overdueDays, 'day')} overdue`) : '';
  const lines = ['', theme.dim(`[${index + 1}/${total}] ${entry.kind === 'keypoint' ? 'key point' : entry.kind}${overdue}`)];
  if (!session) return [...lines, theme.heading(entry.title)];
  lines.push(theme.heading(`${session.number}. ${session.title}`), theme.heading('Your summary'));
  lines.push(session.summary ? wrapText(session.summary, width, 2) : theme.dim(`  none: ${card.summaryPrompt} (${command(`note ${session.number}`)})`));
  lines.push(theme.heading('Checklist'), ...checklistLines(session, theme, width));
  if (session.keyPoints.length > 0) lines.push(theme.heading('Key points'), ...keyPointLines(session, theme, width));
  return lines;
}

/** The plan's text for a key point or term, shown after recalling it. */
export function renderItemAnswer(text: string | null, { width }: View): string[] {
  return text ? [hanging('  ', text, width, 2)] : [];
}

/** The end of a sitting. */
export function renderReviewSummary({ reviewed, skipped, stillDue }: { reviewed: number; skipped: number; stillDue: number }, { theme }: View): string[] {
  return ['', `Reviewed ${reviewed}, skipped ${skipped}; ${stillDue === 0 ? theme.good('nothing left due today.') : `${stillDue} still due.`}`];
}
