import { describe, expect, it } from 'vitest';
import { fitMessage, withAnswer } from '../../src/io/prompts.ts';
import { revealMessage } from '../../src/ui/review.ts';

// Inquirer breaks a prompt line too long for the terminal wherever it reaches the edge, mid-word:
// the messages are wrapped at word boundaries first (src/io/prompts.ts).

describe('a prompt message on a narrow terminal', () => {
  const confirm = 'Keep these words as your summary of 2. Security Architecture Example and Cloud Native Gaps? (it replaces the one saved)';
  const summary = 'Summarize the key points in your own words: who secures what, and why.\n  Your summary (Enter to skip):';

  it('wraps at word boundaries, within the terminal, losing no word and keeping indentation', () => {
    for (const columns of [50, 60, 100]) {
      for (const message of [confirm, summary]) {
        const fitted = fitMessage(message, columns).split('\n');
        for (const line of fitted) expect(line.length, line).toBeLessThanOrEqual(columns - 2);
        // The last line leaves room for what Inquirer writes after it: a default, (y/N), the answer.
        expect(fitted.at(-1)!.length).toBeLessThanOrEqual(columns - 14);
        const joined = fitted.join('\n');
        expect(joined.split(/\s+/).filter(Boolean)).toEqual(message.split(/\s+/).filter(Boolean));
      }
    }
    expect(fitMessage(confirm, 50).split('\n')).toEqual(['Keep these words as your summary of', '2. Security Architecture Example and', 'Cloud Native Gaps? (it replaces the', 'one saved)']);
    // Narrower than anything sensible, still within the terminal.
    for (const line of fitMessage(confirm, 24).split('\n')) expect(line.length, line).toBeLessThanOrEqual(22);
    expect(fitMessage(summary, 50).split('\n').at(-1)).toBe('  Your summary (Enter to skip):');
  });

  it('leaves a message that fits as it is', () => {
    expect(fitMessage(summary, 120)).toBe(summary);
  });
});

describe('a prompt answered, as it stays on the screen', () => {
  it('keeps a long answer after the message within the terminal, at a word boundary', () => {
    const message = fitMessage(revealMessage('term'), 80);
    expect(`${message} undo the last answer`.length).toBeGreaterThan(78);
    const shown = withAnswer(message, 'undo the last answer', 80).split('\n');
    for (const line of shown) expect(line.length, line).toBeLessThanOrEqual(78);
    expect(shown.join(' ')).toBe(`${revealMessage('term')} undo the last answer`);
    expect(withAnswer('How well did you recall it?', 'good', 80)).toBe('How well did you recall it? good');
  });
});
