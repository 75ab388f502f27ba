import { createEmptyCard, fsrs, generatorParameters, Rating as FsrsRating, type Card, type FSRS, type Grade } from 'ts-fsrs';
import { parseInstant, studyDay, type Day } from './dates.ts';
import type { CardState, ItemRecord, Rating } from './records.ts';

// Spaced repetition with FSRS (ts-fsrs), at the level of whole study days: no minute learning steps.
//
// ts-fsrs counts the days between two Date values in UTC. We hand it each study day as that day's
// midnight UTC, so every count it makes is an exact count of local study days, untouched by time
// zones, DST changes or the 04:00 day start. Real instants are never computed in UTC here.

const GRADES: Record<Rating, Grade> = {
  again: FsrsRating.Again,
  hard: FsrsRating.Hard,
  good: FsrsRating.Good,
  easy: FsrsRating.Easy,
};

function dayToken(day: Day): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date));
}

function tokenDay(token: Date): Day {
  return token.toISOString().slice(0, 10);
}

const schedulers = new Map<number, FSRS>();
/** The decay of the forgetting curve does not depend on the target retention: any scheduler computes it. */
const DEFAULT_RETENTION = 0.9;

/** The FSRS scheduler for a target retention (0.9 = 90 %): default weights, no fuzz, no short-term steps. */
function schedulerFor(retention: number): FSRS {
  let scheduler = schedulers.get(retention);
  if (!scheduler) {
    scheduler = fsrs(generatorParameters({ request_retention: retention, enable_short_term: false, enable_fuzz: false }));
    schedulers.set(retention, scheduler);
  }
  return scheduler;
}

function toCard(state: CardState | null, due: Day, today: Day): Card {
  if (!state) return createEmptyCard(dayToken(today));
  return {
    due: dayToken(due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsed_days,
    scheduled_days: state.scheduled_days,
    learning_steps: state.learning_steps,
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    ...(state.last_review ? { last_review: dayToken(state.last_review) } : {}),
  };
}

function fromCard(card: Card): CardState {
  return {
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ? tokenDay(card.last_review) : null,
  };
}

/** The card state and next due day after reviewing an item due on `due` on `reviewDay` with `rating`. */
export function scheduleReview(card: CardState | null, due: Day, rating: Rating, reviewDay: Day, retention: number): { card: CardState; due: Day } {
  // A clock set back (or another machine's, behind) must not review before the last review: FSRS
  // refuses a negative interval. Such a review counts as made on the day of the last one.
  const lastReview = card?.last_review ?? null;
  const today = lastReview && lastReview > reviewDay ? lastReview : reviewDay;
  const next = schedulerFor(retention).next(toCard(card, due, today), dayToken(today), GRADES[rating]).card;
  const nextDue = tokenDay(next.due);
  // Day-level: even "again" brings an item back no sooner than the next study day.
  return { card: fromCard(next), due: nextDue > today ? nextDue : tokenDay(new Date(dayToken(today).getTime() + 86_400_000)) };
}

/** How many days each rating would put until the next review: what the review prompt offers. */
export function previewIntervals(item: Pick<ItemRecord, 'card' | 'due'>, today: Day, retention: number): Record<Rating, number> {
  const result = {} as Record<Rating, number>;
  for (const rating of Object.keys(GRADES) as Rating[]) {
    const { due } = scheduleReview(item.card, item.due, rating, today, retention);
    result[rating] = Math.round((dayToken(due).getTime() - dayToken(today).getTime()) / 86_400_000);
  }
  return result;
}

/** The item after one review answer: its new card state and due day. */
export function applyReview(item: ItemRecord, input: { rating: Rating; now: Date; at: string; dayStartHour: number; retention: number }): ItemRecord {
  const today = studyDay(input.now, input.dayStartHour);
  const next = scheduleReview(item.card, item.due, input.rating, today, input.retention);
  return { ...item, card: next.card, due: next.due, changedAt: input.at };
}

/**
 * Recomputes an item's card and due day from its review answers alone (oldest first), e.g. after
 * changing the retention or merging another machine's answers. Null when there are none.
 */
export function replayReviews(
  entries: readonly { at: string; rating: Rating }[],
  firstDue: Day,
  dayStartHour: number,
  retention: number,
): { card: CardState; due: Day } | null {
  let result: { card: CardState; due: Day } | null = null;
  for (const entry of entries) {
    const at = parseInstant(entry.at);
    if (!at) continue;
    result = scheduleReview(result?.card ?? null, result?.due ?? firstDue, entry.rating, studyDay(at, dayStartHour), retention);
  }
  return result;
}

/**
 * The probability of recalling an item on `day` with no review in between: FSRS retrievability
 * from its stability and the day of its last review (ts-fsrs's forgetting curve, whole days). Null
 * before its first review, when there is nothing to forecast from.
 */
export function retrievabilityOn(card: CardState | null, day: Day): number | null {
  if (!card || card.last_review === null || card.state === 0) return null;
  // Whole days between the two day tokens (exact, as ts-fsrs counts them); never negative: a clock
  // behind the last review reads as "just reviewed". No Date per item: a forecast covers thousands.
  const elapsed = Math.max(0, Math.round((dayToken(day).getTime() - dayToken(card.last_review).getTime()) / 86_400_000));
  return schedulerFor(DEFAULT_RETENTION).forgetting_curve(elapsed, card.stability);
}
