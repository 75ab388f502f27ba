import { describe, expect, it } from 'vitest';
import { labOutlook } from '../../src/core/lab.ts';
import type { Dict, ItemRecord, SessionRecord } from '../../src/core/records.ts';
import { doneRecord, itemRecord, planOf, sessionEntry, stateOf } from './plans.ts';

// Three plan days of sessions: 1 (two sessions), 2 and 4.
const plan = planOf({
  sessions: [sessionEntry('a', 1, { duration: '1h' }), sessionEntry('b', 1, { duration: '30m' }), sessionEntry('c', 2, { duration: '45m' }), sessionEntry('d', 4, { duration: '2h' })],
});

const outlook = (lab: string | null, today: string, sessions: Dict<SessionRecord> = stateOf().sessions, items: Dict<ItemRecord> = stateOf().items) => labOutlook(plan, { sessions, items, lab }, today);

describe('labOutlook', () => {
  it('is null without a lab date', () => {
    expect(outlook(null, '2026-12-01')).toBeNull();
  });

  it.each([
    // daysLeft, then whether the 3 plan days left fit (today counts, the lab day does not).
    ['2026-12-04', 3, true],
    ['2026-12-03', 2, false],
    ['2026-12-01', 0, false],
    ['2026-11-30', -1, false],
  ])('lab on %s: %i days left, fits %j', (lab, daysLeft, fits) => {
    expect(outlook(lab, '2026-12-01')).toMatchObject({ date: lab, daysLeft, sessionsLeft: 4, minutesLeft: 255, studyDaysLeft: 3, fits });
  });

  it('counts only the sessions and plan days left', () => {
    const sessions = stateOf({ sessions: { a: doneRecord('2026-12-01'), c: doneRecord('2026-12-01') } }).sessions;
    expect(outlook('2026-12-03', '2026-12-01', sessions)).toMatchObject({ sessionsLeft: 2, minutesLeft: 150, studyDaysLeft: 2, fits: true });
  });

  it('counts the reviews due up to the day before the lab, capped items included', () => {
    const items = stateOf({
      items: {
        'session:a': itemRecord('2026-11-30'),
        'session:b': itemRecord('2026-12-04'),
        'session:c': itemRecord('2027-01-15'),
        'session:gone': itemRecord('2026-12-02'),
      },
    }).items;
    // The lab on the 6th: everything is due by the 5th, the item the plan lost aside.
    expect(outlook('2026-12-06', '2026-12-01', undefined, items)?.reviewsLeft).toBe(3);
    // On the lab day the items brought to the day before are overdue: still to do.
    expect(outlook('2026-12-06', '2026-12-06', undefined, items)?.reviewsLeft).toBe(3);
    // After the lab there is nothing left to do before it (its reviews are due on their own days again).
    expect(outlook('2026-12-06', '2026-12-07', undefined, items)).toMatchObject({ passed: true, reviewsLeft: 0 });
    expect(outlook('2026-12-06', '2026-12-06', undefined, items)?.passed).toBe(false);
  });
});
