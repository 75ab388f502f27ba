import type { Rating } from './records.ts';

// Recall before reveal: what a written recall of a session mentions of its key points and terms.
// A plain word match, so that anyone can predict it (README "Reviewing" and `review --help`):
//
// - Text is split into words: runs of letters and digits, lowercased. A final "s" is ignored
//   (pods = pod), and so are words under three letters and a few filler words (and, the, with...).
// - A term is mentioned when the recall holds its name or its id as consecutive words, written
//   with spaces, hyphens or nothing between them ("kube-apiserver", "kube api server").
// - A key point is mentioned when the recall holds its title, or enough of its title's words: all
//   of them up to two, else at least two and at least half.

/** Filler words that say nothing about what was recalled. */
const STOP_WORDS = new Set(
  'about all also and any are but can each for from has have how into its not off onto our out over that the their them then there these they this those too under use used was were what when where which who why with you your'.split(' '),
);

/** The words of a text: lowercase runs of letters and digits, a final "s" dropped from longer words. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
}

/** The words that carry meaning: three letters or more, no filler words. */
export function significantWords(text: string): string[] {
  return wordsOf(text).filter((word) => word.length >= 3 && !STOP_WORDS.has(word));
}

/** Whether `words` hold `phrase` as consecutive words, with nothing or a separator between them. */
function holdsPhrase(words: readonly string[], phrase: string): boolean {
  const wanted = wordsOf(phrase).join('');
  if (wanted === '') return false;
  for (let start = 0; start < words.length; start += 1) {
    let joined = '';
    for (let end = start; end < words.length && joined.length < wanted.length; end += 1) {
      joined += words[end];
      if (joined === wanted) return true;
    }
  }
  return false;
}

/** How many of a title's significant words a recall must hold to count as mentioning it. */
export function wordsNeeded(count: number): number {
  return Math.min(count, Math.max(2, Math.ceil(count / 2)));
}

export interface RecallTarget {
  id: string;
  kind: 'keypoint' | 'term';
  /** A key point's title, a term's name. */
  title: string;
}

export interface RecallCoverage {
  mentioned: RecallTarget[];
  missed: RecallTarget[];
  /** The rating the coverage suggests; null when the session has no key points or terms. */
  suggested: Rating | null;
}

/** Whether a recall mentions one key point or term (the rule above). */
export function mentions(recall: string, target: RecallTarget): boolean {
  const words = wordsOf(recall);
  if (target.kind === 'term') return holdsPhrase(words, target.title) || holdsPhrase(words, target.id);
  if (holdsPhrase(words, target.title)) return true;
  const title = [...new Set(significantWords(target.title))];
  if (title.length === 0) return false;
  const held = new Set(words);
  return title.filter((word) => held.has(word)).length >= wordsNeeded(title.length);
}

/**
 * The rating a share of key points and terms mentioned suggests: all of them easy, two thirds good,
 * a third hard, less again.
 */
export function suggestRating(mentioned: number, total: number): Rating | null {
  if (total === 0) return null;
  const share = mentioned / total;
  if (share >= 1) return 'easy';
  if (share >= 2 / 3) return 'good';
  if (share >= 1 / 3) return 'hard';
  return 'again';
}

/** Which of a session's key points and terms a written recall mentions and misses, and the rating that suggests. */
export function recallCoverage(recall: string, targets: readonly RecallTarget[]): RecallCoverage {
  const mentioned: RecallTarget[] = [];
  const missed: RecallTarget[] = [];
  for (const target of targets) (mentions(recall, target) ? mentioned : missed).push(target);
  return { mentioned, missed, suggested: suggestRating(mentioned.length, targets.length) };
}
