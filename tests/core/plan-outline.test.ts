import { describe, expect, it } from 'vitest';
import { itemIdsOf } from '../../src/core/item-names.ts';
import { itemOwnersOf, listersOf, listingsOf, outlineHasItem, outlineOf, type PlanOutline } from '../../src/core/plan-outline.ts';
import type { Plan } from '../../src/core/plan.ts';
import { completeSession, memoryRecords, undoSession } from '../../src/core/progress.ts';
import { emptyMeta } from '../../src/core/records.ts';
import { doneRecord, localDate, localInstant, planOf, sessionEntry, shippedPlan } from './plans.ts';

// The outline keeps which sessions list each key point and term as text, one line an item, searched
// in place (src/core/plan-outline.ts). What the store and the commands get from it must be what the
// plan itself says: who lists an item, who owns it (the first that lists it), which items there are.

/** A plan of `count` sessions where key points and terms are shared, repeated and left unlisted. */
function sharedPlan(count: number): Plan {
  const points = Array.from({ length: count }, (_, index) => `point-${index % 7}`);
  const terms = Array.from({ length: count }, (_, index) => `term-${index % 5}`);
  return planOf({
    sessions: Array.from({ length: count }, (_, index) =>
      sessionEntry(`s${index + 1}`, index + 1, { keyPoints: [points[index], `own-${index}`], terms: index % 3 === 0 ? [terms[index]] : [] }),
    ),
    keyPoints: [...new Set([...points, ...Array.from({ length: count }, (_, index) => `own-${index}`), 'nobody-lists-me'])].map((id) => ({ id, title: id, text: `about ${id}` })),
    terms: [...new Set([...terms, 'loose-1', 'loose-2'])].map((id) => ({ id, term: id, text: `means ${id}` })),
  });
}

/** Who lists an item and who owns it, worked out from the plan's sessions directly. */
function fromPlan(plan: Plan, itemId: string): { listers: number[]; owner: string } {
  const [kind, id] = [itemId.slice(0, itemId.indexOf(':')), itemId.slice(itemId.indexOf(':') + 1)];
  const listers = plan.sessions.filter((session) => (kind === 'keypoint' ? session.keyPoints : session.terms).includes(id)).map((session) => session.number);
  const owner = listers.length > 0 ? plan.sessions[listers[0]! - 1]!.id : kind === 'term' ? ' unlisted terms' : itemId;
  return { listers, owner };
}

describe('the outline of a plan', () => {
  const plan = sharedPlan(40);
  const outline = outlineOf(plan);
  const everyItem = [
    ...plan.keyPoints.map((point) => `keypoint:${point.id}`),
    ...plan.terms.map((term) => `term:${term.id}`),
  ];

  it('says which sessions list each item, as the plan does', () => {
    for (const itemId of everyItem) expect(listersOf(outline, itemId), itemId).toEqual(fromPlan(plan, itemId).listers);
    expect(listersOf(outline, 'keypoint:point-1')).toEqual([2, 9, 16, 23, 30, 37]);
  });

  it('gives every item the owner the plan gives it, whether few or many are looked up (text search, then a map)', () => {
    // A fresh outline for each: the look-ups of one change are few; those of a whole relayout are many.
    const few = itemOwnersOf(outlineOf(sharedPlan(40)));
    for (const itemId of everyItem.slice(0, 5)) expect(few.owner(itemId), itemId).toBe(fromPlan(plan, itemId).owner);
    const many = itemOwnersOf(outlineOf(sharedPlan(40)));
    for (const itemId of [...everyItem, ...everyItem.reverse()]) expect(many.owner(itemId), itemId).toBe(fromPlan(plan, itemId).owner);
    expect(many.owner('session:s3')).toBe('s3');
    expect(many.owner('term:loose-1')).toBe(' unlisted terms');
  });

  it('knows every item the plan has, in plan order, and no other', () => {
    const ids = itemIdsOf(outline);
    expect(ids.slice(0, 3)).toEqual(['session:s1', 'session:s2', 'session:s3']);
    expect(new Set(ids)).toEqual(new Set([...plan.sessions.map((session) => `session:${session.id}`), ...everyItem]));
    // Key points in the order the plan first lists them, then those no session lists; terms likewise.
    expect(ids.filter((id) => id.startsWith('keypoint:')).slice(0, 3)).toEqual(['keypoint:point-0', 'keypoint:own-0', 'keypoint:point-1']);
    expect(ids.filter((id) => id.startsWith('keypoint:')).at(-1)).toBe('keypoint:nobody-lists-me');
    expect(ids.filter((id) => id.startsWith('term:')).slice(-2)).toEqual(['term:loose-1', 'term:loose-2']);
    for (const itemId of everyItem) expect(outlineHasItem(outline, itemId), itemId).toBe(true);
    for (const itemId of ['keypoint:point-99', 'term:own-1', 'keypoint:point-1 2', 'keypoint:point-1 2\nkeypoint:own-0', 'keypoint:', 'session:nope']) {
      expect(outlineHasItem(outline, itemId), JSON.stringify(itemId)).toBe(false);
    }
  });

  it('is the same for the shipped plan, item for item', () => {
    const shipped = shippedPlan();
    const shippedOutline = outlineOf(shipped);
    expect([...listingsOf(shippedOutline).keys()].length).toBeGreaterThan(10);
    for (const itemId of itemIdsOf(shippedOutline).filter((id) => !id.startsWith('session:'))) {
      expect(listersOf(shippedOutline, itemId), itemId).toEqual(fromPlan(shipped, itemId).listers);
    }
  });

  it('counts a session that lists an item twice as listing it once', () => {
    const twice = planOf({
      sessions: [sessionEntry('one', 1, { keyPoints: ['kp', 'kp'] }), sessionEntry('two', 2, { keyPoints: ['kp'], terms: ['t', 't'] })],
      keyPoints: [{ id: 'kp', title: 'KP', text: 'about kp' }],
      terms: [{ id: 't', term: 't', text: 'means t' }],
    });
    const outline = outlineOf(twice);
    expect(listersOf(outline, 'keypoint:kp')).toEqual([1, 2]);
    expect(listersOf(outline, 'term:t')).toEqual([2]);
    expect(itemOwnersOf(outline).owner('keypoint:kp')).toBe('one');
    expect(itemIdsOf(outline)).toEqual(['session:one', 'session:two', 'keypoint:kp', 'term:t']);
    // Reopening the first passes the key point to the second, finished too.
    const records = memoryRecords({ sessions: { one: doneRecord('2026-11-01'), two: doneRecord('2026-11-02') }, items: {}, meta: emptyMeta() });
    completeSession(outline, records, twice.sessions[0]!, { completedAt: localDate('2026-11-01'), at: localInstant('2026-11-01'), minutesSpent: 30, summary: null, dayStartHour: 4 });
    expect(undoSession(outline, records, twice.sessions[0]!, localInstant('2026-11-03'))).toEqual(['session:one']);
    expect(records.item('keypoint:kp')?.source).toBe('two');
  });

  it('refuses a damaged line rather than take the item for listed by none (its record would go to another file)', () => {
    const damaged: PlanOutline = { ...outline, listings: outline.listings.replace('\nkeypoint:point-1 2,9,16', '\nkeypoint:point-1 2,,16') };
    expect(() => listersOf(damaged, 'keypoint:point-1')).toThrow(/cached outline of plan "tiny" is damaged \(the sessions listing keypoint:point-1\); nothing was changed/);
    expect(() => itemOwnersOf(damaged).owner('keypoint:point-1')).toThrow(/damaged/);
    for (const numbers of ['1,1', ' 1', '1e0', '0x1', '']) {
      const odd: PlanOutline = { ...outline, listings: outline.listings.replace('\nkeypoint:own-0 1', `\nkeypoint:own-0 ${numbers}`) };
      expect(() => listersOf(odd, 'keypoint:own-0'), JSON.stringify(numbers)).toThrow(/damaged/);
    }
    const beyond: PlanOutline = { ...outline, listings: outline.listings.replace('\nkeypoint:own-0 1', '\nkeypoint:own-0 41') };
    expect(() => listersOf(beyond, 'keypoint:own-0')).toThrow(/damaged/);
    expect(() => listingsOf(beyond)).toThrow(/damaged/);
  });
});
