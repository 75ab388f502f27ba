import { describe, expect, it } from 'vitest';
import type { ActionEvent, JournalEvent, ReviewEvent } from '../../src/core/events.ts';
import { effectiveReviews, pickUndo, reviewsBefore } from '../../src/core/undo.ts';

// Which change `undo` takes back, from a plan's history (oldest first).

const action = (id: string, kind: ActionEvent['kind'], extra: Partial<ActionEvent> = {}): ActionEvent => ({
  id,
  at: `2026-12-01T10:0${id.length % 10}:00+00:00`,
  plan: 'p',
  kind,
  what: `${kind} ${id}`,
  changes: [],
  ...extra,
});
const review = (id: string, at: string, extra: Partial<ReviewEvent> = {}): ReviewEvent => ({ id, at, plan: 'p', kind: 'review', item: 'session:a', rating: 'good', ...extra });

describe('pickUndo', () => {
  it('takes the newest change not taken back yet, skipping undo events and what they took back', () => {
    const history: JournalEvent[] = [action('a', 'done'), action('b', 'check'), action('c', 'undo', { undoes: 'b' })];
    expect(pickUndo(history)).toMatchObject({ kind: 'change', event: { id: 'a' } });
    expect(pickUndo([...history, action('d', 'undo', { undoes: 'a' })])).toEqual({ kind: 'nothing' });
  });

  it('passes over practice answers and store migrations, which changed no record of the plan', () => {
    const history: JournalEvent[] = [action('a', 'lab'), review('r', '2026-12-02T10:00:00+00:00', { practice: true }), action('m', 'migrate')];
    expect(pickUndo(history)).toMatchObject({ kind: 'change', event: { id: 'a' } });
  });

  it('refuses an import or a merge from another machine rather than going past it', () => {
    expect(pickUndo([action('a', 'done'), action('i', 'import')])).toMatchObject({ kind: 'refused', event: { id: 'i' } });
    expect(pickUndo([action('a', 'done'), action('g', 'merge')])).toMatchObject({ kind: 'refused', event: { id: 'g' } });
  });

  it('stops at a change another machine made (brought by sync), review answers too', () => {
    expect(pickUndo([action('a', 'done'), action('o', 'check', { origin: 'laptop' })])).toMatchObject({ kind: 'refused', event: { id: 'o' } });
    expect(pickUndo([action('a', 'done'), review('r', '2026-12-02T10:00:00+00:00', { origin: 'laptop' })])).toMatchObject({ kind: 'refused', event: { id: 'r' } });
  });

  it('picks a review answer as a review', () => {
    expect(pickUndo([action('a', 'done'), review('r', '2026-12-02T10:00:00+00:00')])).toMatchObject({ kind: 'review', event: { id: 'r' } });
  });
});

describe('effectiveReviews and reviewsBefore', () => {
  const history: JournalEvent[] = [
    review('r1', '2026-12-02T10:00:00+00:00'),
    review('p1', '2026-12-03T10:00:00+00:00', { practice: true }),
    review('r3', '2026-12-05T10:00:00+00:00'),
    action('u', 'undo', { undoes: 'r3' }),
    // Imported from another machine: stands later in the journal than it happened.
    review('r0', '2026-12-01T20:00:00+00:00'),
    review('r4', '2026-12-06T10:00:00+00:00'),
    review('x', '2026-12-01T09:00:00+00:00', { item: 'term:b' }),
  ];

  it('leaves out answers taken back, and practice unless asked', () => {
    expect(effectiveReviews(history).map((event) => event.id)).toEqual(['r1', 'r0', 'r4', 'x']);
    expect(effectiveReviews(history, { practice: true }).map((event) => event.id)).toEqual(['r1', 'p1', 'r0', 'r4', 'x']);
  });

  it('gives the earlier answers to the same item in the order they were given', () => {
    expect(reviewsBefore(history, history[5] as ReviewEvent).map((event) => event.id)).toEqual(['r0', 'r1']);
  });
});
