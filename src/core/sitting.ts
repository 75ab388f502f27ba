import type { Rating } from './records.ts';

// One review sitting, as values: the items still to ask, the answers given (newest last), what
// was skipped. The command asks, saves each answer as it is given, and moves the sitting on with
// these functions; nothing here reads or writes anything, so every rule is a table in the tests:
//
// - an item answered "again" comes back at the end of the sitting, once per "again";
// - `u` undoes the newest answer of this sitting: the item is asked again next, and its return
//   for an "again" is taken back;
// - a skipped item is not asked again in this sitting; quitting ends it, keeping every answer.

/** One item waiting to be asked. */
export interface Turn<T> {
  entry: T;
  /** It comes back after an "again" earlier in this sitting. */
  returning: boolean;
}

/** An answer given in this sitting; `record` is what the command needs to undo it. */
export interface SittingAnswer<T, R> {
  entry: T;
  rating: Rating;
  returning: boolean;
  record: R;
}

export interface Sitting<T, R> {
  /** Still to ask, the current item first. */
  queue: Turn<T>[];
  answers: SittingAnswer<T, R>[];
  skipped: number;
  undone: number;
  /** Items asked so far (a returning item counts again). */
  asked: number;
  ended: boolean;
}

/** A sitting over these items, in this order. */
export function startSitting<T, R = unknown>(entries: readonly T[]): Sitting<T, R> {
  return { queue: entries.map((entry) => ({ entry, returning: false })), answers: [], skipped: 0, undone: 0, asked: 0, ended: false };
}

/** The item to ask now, or null when the sitting is over. */
export function currentTurn<T, R>(sitting: Sitting<T, R>): Turn<T> | null {
  return sitting.ended ? null : (sitting.queue[0] ?? null);
}

/** Where the current item stands: its place among the items of the sitting as it stands now (1-based). */
export function sittingPosition<T, R>(sitting: Sitting<T, R>): { number: number; total: number } {
  return { number: sitting.asked + 1, total: sitting.asked + sitting.queue.length };
}

/** The current item answered (and saved as `record`): "again" sends it to the back of the sitting. */
export function answerTurn<T, R>(sitting: Sitting<T, R>, rating: Rating, record: R): Sitting<T, R> {
  const [turn, ...rest] = sitting.queue;
  if (!turn || sitting.ended) return sitting;
  const queue = rating === 'again' ? [...rest, { entry: turn.entry, returning: true }] : rest;
  return { ...sitting, queue, answers: [...sitting.answers, { entry: turn.entry, rating, returning: turn.returning, record }], asked: sitting.asked + 1 };
}

/** The current item skipped: not asked again in this sitting. */
export function skipTurn<T, R>(sitting: Sitting<T, R>): Sitting<T, R> {
  if (sitting.queue.length === 0 || sitting.ended) return sitting;
  return { ...sitting, queue: sitting.queue.slice(1), skipped: sitting.skipped + 1, asked: sitting.asked + 1 };
}

/** The answer `u` would undo: the newest of this sitting, or null when there is none. */
export function lastAnswer<T, R>(sitting: Sitting<T, R>): SittingAnswer<T, R> | null {
  return sitting.answers.at(-1) ?? null;
}

/**
 * The newest answer undone (after the command has undone it in the store): its item is asked next,
 * and the return an "again" had queued is taken back.
 */
export function undoAnswer<T, R>(sitting: Sitting<T, R>, sameItem: (a: T, b: T) => boolean): Sitting<T, R> {
  const answer = lastAnswer(sitting);
  if (!answer || sitting.ended) return sitting;
  let queue = sitting.queue;
  if (answer.rating === 'again') {
    let index = -1;
    for (let at = queue.length - 1; at >= 0; at -= 1) {
      if (queue[at]!.returning && sameItem(queue[at]!.entry, answer.entry)) {
        index = at;
        break;
      }
    }
    if (index >= 0) queue = [...queue.slice(0, index), ...queue.slice(index + 1)];
  }
  return {
    ...sitting,
    queue: [{ entry: answer.entry, returning: answer.returning }, ...queue],
    answers: sitting.answers.slice(0, -1),
    undone: sitting.undone + 1,
    asked: Math.max(0, sitting.asked - 1),
  };
}

/** Quitting: the sitting ends; every answer given stays given. */
export function quitSitting<T, R>(sitting: Sitting<T, R>): Sitting<T, R> {
  return { ...sitting, ended: true };
}

/** What a sitting came to: answers kept (by rating), skipped, undone, and items left unasked. */
export function sittingTally<T, R>(sitting: Sitting<T, R>): { answered: number; again: number; skipped: number; undone: number; left: number } {
  return {
    answered: sitting.answers.length,
    again: sitting.answers.filter((answer) => answer.rating === 'again').length,
    skipped: sitting.skipped,
    undone: sitting.undone,
    left: sitting.queue.length,
  };
}
