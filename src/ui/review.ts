import type { Day } from '../core/dates.ts';
import type { Rating } from '../core/records.ts';
import type { AnswerPreview, ReviewKind } from '../core/reviews.ts';
import { RATINGS } from '../core/records.ts';
import { daysFromNow, hanging, plural, wrapText, type View } from './layout.ts';

/** Where one review answer moved an item. */
export interface ReviewOutcome {
  item: string;
  rating: Rating;
  nextDue: Day;
  daysUntil: number;
  /** The lab cap brought the next review earlier than FSRS set it. */
  cappedByLab: boolean;
  /** A practice answer: logged, the schedule untouched (nextDue is the day it already had). */
  practice: boolean;
  /** Answered "again" in a sitting: it comes back before the sitting ends. */
  returns: boolean;
  /** The day it was due, when the answer (not practice) came before it: the answer moved its date all the same. */
  dueLater?: Day;
}

/** What a key of the review prompt does. */
export type ReviewAction = Rating | 'reveal' | 'skip' | 'undo' | 'quit';

/** A key of the review prompt, as the prompt module takes it. */
export interface ReviewKey {
  key: string;
  also?: string[];
  name: string;
  description?: string;
  secondary?: boolean;
  value: ReviewAction;
}

/** One item of a sitting, before its answer is shown. */
export interface ItemCard {
  id: string;
  kind: ReviewKind;
  title: string;
  number: number;
  total: number;
  overdueDays: number;
  /** Back after an "again" earlier in this sitting. */
  returning: boolean;
  practice: boolean;
  /** A session's number and focus lines (what a session shows before you recall it). */
  session: { number: number; focus: string[] } | null;
}

/** What a session shows once recalled: your summary, its key points and terms, and what your words covered. */
export interface SessionReveal {
  number: number;
  summary: string | null;
  summaryPrompt: string;
  keyPoints: RevealedEntry[];
  terms: RevealedEntry[];
  /** After a written recall: how many key points and terms it mentions, and the rating that suggests. */
  coverage: { mentioned: number; total: number; suggested: Rating | null } | null;
}

export interface RevealedEntry {
  title: string;
  text: string;
  /** Whether the written recall mentions it; null when nothing was written. */
  mentioned: boolean | null;
}

const KIND_NAMES: Record<ReviewKind, string> = { session: 'session', keypoint: 'key point', term: 'term' };

/** The card of one item: a session by its title and focus lines, a key point by its title, a term by its name. */
export function renderItemCard(card: ItemCard, { theme, width }: View): string[] {
  const overdue = card.overdueDays > 0 && !card.returning ? theme.warn(` · ${plural(card.overdueDays, 'day')} overdue`) : '';
  const returning = card.returning ? theme.warn(' · again, back once more') : '';
  const practice = card.practice ? theme.dim(' · practice') : '';
  const lines = ['', theme.dim(`[${card.number}/${card.total}] ${KIND_NAMES[card.kind]}${overdue}${returning}${practice}`)];
  if (!card.session) return [...lines, theme.heading(card.title)];
  lines.push(theme.heading(`${card.session.number}. ${card.title}`));
  for (const line of card.session.focus) lines.push(hanging('  • ', line, width, 4));
  return lines;
}

/** The plan's text for a key point or term, shown after recalling it. */
export function renderItemAnswer(text: string | null, { width }: View): string[] {
  return text ? [hanging('  ', text, width, 2)] : [];
}

function revealedLines(entries: readonly RevealedEntry[], { theme, width }: View): string[] {
  return entries.map((entry) => {
    const mark = entry.mentioned === null ? '•' : entry.mentioned ? theme.good('✔') : theme.bad('✘');
    return hanging(`  ${mark} `, `${theme.heading(entry.title)}: ${entry.text}`, width, 4);
  });
}

/** A session once recalled: your summary, the key points and terms (each marked mentioned or missed after a written recall). */
export function renderSessionReveal(reveal: SessionReveal, view: View): string[] {
  const { theme, width, command } = view;
  const lines = [theme.heading('Your summary')];
  lines.push(reveal.summary ? wrapText(reveal.summary, width, 2) : theme.dim(`  none: ${reveal.summaryPrompt} (${command(`note ${reveal.number}`)})`));
  if (reveal.keyPoints.length > 0) lines.push(theme.heading('Key points'), ...revealedLines(reveal.keyPoints, view));
  if (reveal.terms.length > 0) lines.push(theme.heading('Terms'), ...revealedLines(reveal.terms, view));
  if (reveal.coverage && reveal.coverage.total > 0) {
    const { mentioned, total, suggested } = reveal.coverage;
    lines.push(`Your words mention ${mentioned} of the ${plural(total, 'key point and term', 'key points and terms')}${suggested ? `: that suggests ${theme.heading(suggested)}` : ''}.`);
  }
  return lines;
}

/** `tomorrow (2026-12-03)`, `in 5 days (2026-12-07)`. */
function whenText(days: number, day: Day): string {
  return `${daysFromNow(days)} (${day})`;
}

/** The keys everywhere in a sitting: skip, undo (when there is an answer to undo), quit. */
function sittingKeys(canUndo: boolean): ReviewKey[] {
  return [
    { key: 's', name: 'skip', secondary: true, value: 'skip' },
    ...(canUndo ? [{ key: 'u', name: 'undo the last answer', secondary: true, value: 'undo' as const }] : []),
    { key: 'q', name: 'quit', secondary: true, value: 'quit' },
  ];
}

/** The keys before a key point or term is revealed: Space or Enter shows it. */
export function revealKeys(canUndo: boolean): ReviewKey[] {
  return [{ key: 'space', also: ['enter'], name: 'show it', value: 'reveal' }, ...sittingKeys(canUndo)];
}

/** The question before a key point's text or a term's meaning is shown. */
export function revealMessage(kind: ReviewKind): string {
  return kind === 'term' ? 'Recall what it means, then press Space or Enter to see it.' : 'Recall what it says, then press Space or Enter to see it.';
}

/**
 * The rating keys, 1 again to 4 easy, each with the day it would really set (and when the lab
 * brings that day forward, what FSRS alone would have set); in practice, no days, as none moves.
 */
export function ratingKeys(previews: Record<Rating, AnswerPreview> | null, suggested: Rating | null, canUndo: boolean): ReviewKey[] {
  const keys: ReviewKey[] = RATINGS.map((rating, index) => {
    const preview = previews?.[rating];
    let description = preview ? whenText(preview.daysUntil, preview.due) : undefined;
    if (preview?.cappedByLab) description += `: the lab brings it forward from ${plural(preview.ownDaysUntil, 'day')}`;
    if (rating === suggested) description = description ? `${description} ← suggested` : '← suggested';
    return { key: String(index + 1), name: rating, ...(description ? { description } : {}), value: rating };
  });
  return [...keys, ...sittingKeys(canUndo)];
}

/** The rating question. */
export function ratingMessage(practice: boolean): string {
  return practice ? 'How well did you recall it? (practice: no due day moves)' : 'How well did you recall it?';
}

/** `✔ term:etcd rated good; next review 2026-12-04 (in 3 days)`, and what the lab or the sitting does with it. */
export function renderReviewOutcome(outcome: ReviewOutcome, { theme }: View): string[] {
  if (outcome.practice) {
    return [`${theme.good('✔')} ${outcome.item}: ${outcome.rating}, as practice; its next review stays ${outcome.nextDue} (${daysFromNow(outcome.daysUntil)})${outcome.returns ? '; it comes back in this sitting' : ''}`];
  }
  const capped = outcome.cappedByLab ? ', the day before the lab' : '';
  const back = outcome.returns ? '; it comes back before this sitting ends' : '';
  const lines = [`${theme.good('✔')} ${outcome.item} rated ${outcome.rating}; next review ${outcome.nextDue} (${daysFromNow(outcome.daysUntil)}${capped})${back}`];
  if (outcome.dueLater) {
    lines.push(theme.dim(`It was due ${outcome.dueLater}: answered early, it counts all the same (with --practice, an answer moves no date).`));
  }
  return lines;
}

/** What `u` undid. */
export function renderUndone(undone: { item: string; rating: Rating; practice: boolean; due: Day }, { theme }: View): string[] {
  return [`${theme.warn('↶')} undid ${undone.practice ? 'the practice answer' : 'the answer'} ${undone.rating} to ${undone.item}${undone.practice ? '' : `; it is due ${undone.due} again`}; it is asked again now`];
}

/** `u` with no answer in this sitting to undo. */
export function renderNothingToUndo({ theme }: View): string[] {
  return [theme.dim('No answer of this sitting to undo: answer with 1 to 4, or q to quit.')];
}

/** The end of a sitting. */
export function renderReviewSummary(
  summary: { reviewed: number; skipped: number; undone: number; stillDue: number; practice: boolean },
  { theme, command }: View,
): string[] {
  const undone = summary.undone > 0 ? `, undid ${summary.undone}` : '';
  if (summary.practice) return ['', `Practised ${summary.reviewed}, skipped ${summary.skipped}${undone}; no due day moved. ${command('due')} shows what is due.`];
  return ['', `Reviewed ${summary.reviewed}, skipped ${summary.skipped}${undone}; ${summary.stillDue === 0 ? theme.good('nothing left due today.') : `${summary.stillDue} still due (${command('review')} goes on).`}`];
}
