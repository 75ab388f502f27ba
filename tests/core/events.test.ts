import { describe, expect, it } from 'vitest';
import { dropUndone, eventProblem, isReview, legacyEventId, type JournalEvent } from '../../src/core/events.ts';

const review = { id: 'e1', at: '2026-12-02T09:00:00+01:00', plan: 'tiny', kind: 'review', item: 'term:etcd', rating: 'good' };
const action = { id: 'e2', at: '2026-12-02T09:00:00+01:00', plan: 'tiny', kind: 'done', what: 'done 1. Alpha', changes: [{ key: 'session:alpha', before: null, after: {} }] };

describe('eventProblem: journal lines are checked like any other input', () => {
  it.each<[string, unknown]>([
    ['a review', review],
    ['a practice review', { ...review, practice: true }],
    ['an action', action],
    ['an action of the store as a whole', { ...action, plan: '', kind: 'migrate', changes: [] }],
  ])('accepts %s', (_name, event) => {
    expect(eventProblem(event)).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'review', 'is not an object'],
    ['no id', { ...review, id: '' }, 'id: is missing'],
    ['an instant without offset', { ...review, at: '2026-12-02T09:00' }, 'at: is not an instant'],
    ['an instant in 9999', { ...review, at: '9999-12-31T00:00Z' }, 'at: is not an instant'],
    ['no plan', { ...review, plan: null }, 'plan: is not a plan id'],
    ['a review without item', { ...review, item: 7 }, 'item: is not a review item id'],
    ['a rating not known', { ...review, rating: 'great' }, 'rating: is not again, hard, good or easy'],
    ['an unknown kind', { ...action, kind: 'delete-everything' }, 'kind: is not a known kind of change'],
    ['changes that are not a list', { ...action, changes: {} }, 'changes: is not a list of changes'],
    ['a change without key', { ...action, changes: [{ before: 1 }] }, 'changes: is not a list of changes'],
  ])('refuses %s', (_name, event, problem) => {
    expect(eventProblem(event)).toBe(problem);
  });

  it('tells reviews from actions', () => {
    expect(isReview(review as JournalEvent)).toBe(true);
    expect(isReview(action as JournalEvent)).toBe(false);
  });
});

describe('legacyEventId: ids for reviews logged before every review had one', () => {
  const entry = { item: 'term:etcd', at: '2026-12-02T09:00:00+00:00', rating: 'good' };

  it('is the same every time the same log is read', () => {
    expect(legacyEventId('tiny', 3, entry)).toBe(legacyEventId('tiny', 3, { ...entry }));
    expect(legacyEventId('tiny', 3, entry)).toMatch(/^legacy-/);
  });

  it('tells identical entries at different positions apart', () => {
    const ids = [0, 1, 2, 10, 36].map((index) => legacyEventId('tiny', index, entry));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['another plan', 'other', entry],
    ['another item', 'tiny', { ...entry, item: 'term:kubelet' }],
    ['another instant', 'tiny', { ...entry, at: '2026-12-02T09:00:01+00:00' }],
    ['another rating', 'tiny', { ...entry, rating: 'easy' }],
  ])('differs for %s at the same position', (_name, plan, other) => {
    expect(legacyEventId(plan, 0, other)).not.toBe(legacyEventId('tiny', 0, entry));
  });
});

describe('dropUndone: undone review answers leave the history', () => {
  const answer = (id: string): JournalEvent => ({ id, at: '2026-12-02T09:00:00+01:00', plan: 'tiny', kind: 'review', item: 'term:etcd', rating: 'good' });
  const undo = (id: string, undoes: string): JournalEvent => ({ id, at: '2026-12-02T09:01:00+01:00', plan: 'tiny', kind: 'undo', undoes, changes: [] });
  const ids = (events: JournalEvent[]): string[] => dropUndone(events).map((event) => event.id);

  it.each<[string, JournalEvent[], string[]]>([
    ['nothing undone', [answer('r1'), answer('r2')], ['r1', 'r2']],
    ['one answer undone: it and the undo stay out of the reviews, the undo stays as an event', [answer('r1'), answer('r2'), undo('u1', 'r2')], ['r1', 'u1']],
    ['an undo of an undo brings the answer back', [answer('r1'), undo('u1', 'r1'), undo('u2', 'u1')], ['r1', 'u1', 'u2']],
    ['an undo naming an action leaves the answers alone', [answer('r1'), { ...action, id: 'a1' } as JournalEvent, undo('u1', 'a1')], ['r1', 'a1', 'u1']],
    ['a repeated answer id (imported again) goes too', [answer('r1'), undo('u1', 'r1'), answer('r1')], ['u1']],
  ])('%s', (_name, events, kept) => {
    expect(ids(events)).toEqual(kept);
  });
});
