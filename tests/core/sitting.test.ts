import { describe, expect, it } from 'vitest';
import type { Rating } from '../../src/core/records.ts';
import { answerTurn, currentTurn, lastAnswer, quitSitting, sittingPosition, sittingTally, skipTurn, startSitting, undoAnswer, type Sitting } from '../../src/core/sitting.ts';

// A review sitting as values: each step is a key the user pressed; the table says what is asked next.

type Step = Rating | 'skip' | 'undo' | 'quit';

/** Plays keys on a sitting over items a, b, c; returns the items asked, in order, and the tally. */
function play(steps: Step[], items = ['a', 'b', 'c']): { asked: string[]; tally: ReturnType<typeof sittingTally>; answers: string[] } {
  let sitting: Sitting<string, number> = startSitting<string, number>(items);
  const asked: string[] = [];
  let saved = 0;
  for (const step of steps) {
    const turn = currentTurn(sitting);
    if (!turn) throw new Error(`asked nothing, yet "${step}" was pressed`);
    asked.push(`${turn.entry}${turn.returning ? '↺' : ''}`);
    if (step === 'skip') sitting = skipTurn(sitting);
    else if (step === 'quit') sitting = quitSitting(sitting);
    else if (step === 'undo') sitting = undoAnswer(sitting, (x, y) => x === y);
    else sitting = answerTurn(sitting, step, (saved += 1));
  }
  const left = currentTurn(sitting);
  if (left) asked.push(`${left.entry}${left.returning ? '↺' : ''}…`);
  return { asked, tally: sittingTally(sitting), answers: sitting.answers.map((answer) => `${answer.entry}:${answer.rating}`) };
}

describe('a review sitting', () => {
  it.each<[string, Step[], string[], string[]]>([
    ['every item once, in order', ['good', 'hard', 'easy'], ['a', 'b', 'c'], ['a:good', 'b:hard', 'c:easy']],
    ['"again" brings the item back at the end', ['again', 'good', 'good', 'good'], ['a', 'b', 'c', 'a↺'], ['a:again', 'b:good', 'c:good', 'a:good']],
    ['each "again" brings it back once more', ['again', 'good', 'good', 'again', 'hard'], ['a', 'b', 'c', 'a↺', 'a↺'], ['a:again', 'b:good', 'c:good', 'a:again', 'a:hard']],
    ['undo asks the item of the last answer again, next', ['good', 'undo', 'hard', 'good'], ['a', 'b', 'a', 'b', 'c…'], ['a:hard', 'b:good']],
    ['undo of an "again" takes its return back', ['again', 'undo', 'good', 'good', 'good'], ['a', 'b', 'a', 'b', 'c'], ['a:good', 'b:good', 'c:good']],
    ['undo of the returning answer keeps it returning', ['again', 'good', 'good', 'again', 'undo', 'easy'], ['a', 'b', 'c', 'a↺', 'a↺', 'a↺'], ['a:again', 'b:good', 'c:good', 'a:easy']],
    ['undo twice goes two answers back', ['good', 'good', 'undo', 'undo', 'easy', 'easy', 'easy'], ['a', 'b', 'c', 'b', 'a', 'b', 'c'], ['a:easy', 'b:easy', 'c:easy']],
    ['undo past a skip undoes the answer before it', ['good', 'skip', 'undo', 'easy', 'good'], ['a', 'b', 'c', 'a', 'c'], ['a:easy', 'c:good']],
    ['a skipped item is not asked again', ['skip', 'good', 'good'], ['a', 'b', 'c'], ['b:good', 'c:good']],
    ['quit ends it, keeping what was answered', ['good', 'again', 'quit'], ['a', 'b', 'c'], ['a:good', 'b:again']],
  ])('%s', (_name, steps, asked, answers) => {
    const result = play(steps);
    expect(result.asked).toEqual(asked);
    expect(result.answers).toEqual(answers);
  });

  it('undo with no answer in this sitting changes nothing', () => {
    const sitting = startSitting<string, number>(['a']);
    expect(lastAnswer(sitting)).toBeNull();
    expect(undoAnswer(sitting, (x, y) => x === y)).toEqual(sitting);
  });

  it('counts answers, agains, skips, undos and what is left', () => {
    expect(play(['again', 'skip', 'undo', 'good', 'quit']).tally).toEqual({ answered: 1, again: 0, skipped: 1, undone: 1, left: 1 });
    expect(play(['again', 'good', 'good', 'good']).tally).toEqual({ answered: 4, again: 1, skipped: 0, undone: 0, left: 0 });
  });

  it('numbers the items as the sitting grows with returns', () => {
    let sitting = startSitting<string, number>(['a', 'b']);
    expect(sittingPosition(sitting)).toEqual({ number: 1, total: 2 });
    sitting = answerTurn(sitting, 'again', 1);
    expect(sittingPosition(sitting)).toEqual({ number: 2, total: 3 });
    sitting = undoAnswer(sitting, (x, y) => x === y);
    expect(sittingPosition(sitting)).toEqual({ number: 1, total: 2 });
  });

  it('keeps what the command saved with each answer, for undoing it', () => {
    const sitting = answerTurn(startSitting<string, { event: string }>(['a']), 'good', { event: 'e1' });
    expect(lastAnswer(sitting)).toEqual({ entry: 'a', rating: 'good', returning: false, record: { event: 'e1' } });
  });
});
