import { createEmptyCard, fsrs, forgetting_curve, generatorParameters, Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { retrievabilityOn } from '../../src/core/fsrs.ts';
import { labForecast, WEAKEST_SHOWN } from '../../src/core/forecast.ts';
import type { CardState } from '../../src/core/records.ts';
import { itemRecord, planOf, sessionEntry, stateOf } from './plans.ts';

// The lab forecast is FSRS retrievability on the lab day. It is checked against ts-fsrs's own
// forgetting curve, computed here from the default weights and a count of days made by hand, for
// known memory states, never against the product's own numbers.

const W = generatorParameters().w;
/** ts-fsrs's forgetting curve with its default weights. */
const curve = (elapsedDays: number, stability: number): number => forgetting_curve(W, elapsedDays, stability);

/** A card state as the store keeps it, reviewed last on `lastReview`. */
const card = (stability: number, lastReview: string, fields: Partial<CardState> = {}): CardState => ({
  stability,
  difficulty: 5,
  elapsed_days: 0,
  scheduled_days: Math.round(stability),
  learning_steps: 0,
  reps: 2,
  lapses: 0,
  state: 2,
  last_review: lastReview,
  ...fields,
});

describe('retrievabilityOn: ts-fsrs forgetting curve on whole days', () => {
  it.each([
    // stability, last review, day, days between them (counted by hand)
    [10, '2026-12-01', '2026-12-11', 10],
    [3.2, '2026-12-01', '2026-12-02', 1],
    [25, '2026-11-20', '2027-01-05', 46],
    [0.5, '2026-12-01', '2026-12-01', 0],
    // Across the DST changes of Europe and North America (2026-03-29, 2026-03-08, 2026-10-25, 2026-11-01):
    // a calendar day is a day, whatever the clock did that night.
    [7, '2026-03-27', '2026-03-30', 3],
    [7, '2026-03-07', '2026-03-09', 2],
    [40, '2026-10-24', '2026-11-02', 9],
  ])('stability %f, reviewed %s, on %s (%i days): the curve at that age', (stability, lastReview, day, days) => {
    expect(retrievabilityOn(card(stability, lastReview), day)).toBeCloseTo(curve(days, stability), 10);
  });

  it('is 90 % when as many days have passed as the stability (what stability means in FSRS)', () => {
    expect(retrievabilityOn(card(12, '2026-12-01'), '2026-12-13')).toBeCloseTo(0.9, 6);
  });

  it('matches what ts-fsrs itself says of a card it scheduled', () => {
    const scheduler = fsrs(generatorParameters({ enable_short_term: false, enable_fuzz: false }));
    const first = scheduler.next(createEmptyCard(new Date(Date.UTC(2026, 11, 1))), new Date(Date.UTC(2026, 11, 1)), Rating.Good).card;
    const second = scheduler.next(first, first.due, Rating.Good).card;
    const stored = card(second.stability, second.last_review!.toISOString().slice(0, 10), { difficulty: second.difficulty, state: second.state });
    const onDay = new Date(Date.UTC(2026, 11, 31));
    expect(retrievabilityOn(stored, '2026-12-31')).toBeCloseTo(scheduler.get_retrievability(second, onDay, false), 8);
  });

  it('is null before the first review', () => {
    expect(retrievabilityOn(null, '2026-12-11')).toBeNull();
    expect(retrievabilityOn(card(3, '2026-12-01', { state: 0 }), '2026-12-11')).toBeNull();
  });

  it('never forecasts before the last review (a clock set back): as just reviewed', () => {
    expect(retrievabilityOn(card(3, '2026-12-05'), '2026-12-01')).toBeCloseTo(1, 10);
  });
});

describe('labForecast', () => {
  const plan = planOf({
    sessions: [sessionEntry('alpha', 1, { keyPoints: ['p1'], terms: ['t1'] })],
    keyPoints: [{ id: 'p1', title: 'Point one', text: 'The point.' }],
    terms: [
      { id: 't1', term: 'term one', text: 'The term.' },
      { id: 't2', term: 'term two', text: 'Unlisted.' },
    ],
    review: { retention: 0.9 },
  });
  const lab = '2026-12-21';
  const today = '2026-12-11';
  const state = {
    lab,
    items: stateOf({ items: {
      // Strong: reviewed yesterday, stability 60.
      'session:alpha': itemRecord('2027-02-08', { card: card(60, '2026-12-10') }),
      // Weak: stability 4, reviewed 2026-12-09, due 2026-12-13.
      'keypoint:p1': itemRecord('2026-12-13', { card: card(4, '2026-12-09') }),
      // Overdue: stability 2, reviewed 2026-12-05, due 2026-12-07.
      'term:t1': itemRecord('2026-12-07', { card: card(2, '2026-12-05') }),
      // Started, never reviewed: nothing to forecast.
      'term:t2': itemRecord('2026-12-12'),
      // No longer in the plan.
      'term:gone': itemRecord('2026-12-12', { card: card(1, '2026-12-01') }),
    } }).items,
  };

  it('forecasts each learned item on the lab day, weakest first, and readiness as their mean', () => {
    const forecast = labForecast(plan, state, today)!;
    const expected = [
      { id: 'term:t1', recall: curve(16, 2), due: '2026-12-07', dueNow: true },
      { id: 'keypoint:p1', recall: curve(12, 4), due: '2026-12-13', dueNow: false },
      { id: 'session:alpha', recall: curve(11, 60), due: '2026-12-20', dueNow: false },
    ];
    expect(forecast.items.map((item) => item.id)).toEqual(expected.map((item) => item.id));
    forecast.items.forEach((item, index) => {
      expect(item.recallOnLabDay).toBeCloseTo(expected[index]!.recall, 10);
      expect(item.due).toBe(expected[index]!.due);
      expect(item.dueNow).toBe(expected[index]!.dueNow);
    });
    expect(forecast.readiness).toBeCloseTo((curve(16, 2) + curve(12, 4) + curve(11, 60)) / 3, 10);
    // Only the strong one is at the 90 % target.
    expect(curve(11, 60)).toBeGreaterThan(0.9);
    expect(curve(12, 4)).toBeLessThan(0.9);
    expect(forecast.atTarget).toBeCloseTo(1 / 3, 10);
    expect(forecast).toMatchObject({ lab, target: 0.9, notYetReviewed: 1 });
  });

  it('says what lifts each of the weakest: the review on its due day (now when overdue) raises its recall on the lab day', () => {
    const forecast = labForecast(plan, state, today)!;
    // The two below the 90 % target, weakest first.
    expect(forecast.weakest.map((item) => item.id)).toEqual(['term:t1', 'keypoint:p1']);
    expect(forecast.weakest.length).toBeLessThanOrEqual(WEAKEST_SHOWN);
    for (const item of forecast.weakest) expect(item.afterReview!, item.id).toBeGreaterThan(item.recallOnLabDay);
    // The overdue term reviewed today, with good: its new stability decides the lab day (10 days on).
    const scheduler = fsrs(generatorParameters({ enable_short_term: false, enable_fuzz: false }));
    const stored = card(2, '2026-12-05');
    const asTsFsrs = { ...stored, due: new Date(Date.UTC(2026, 11, 7)), last_review: new Date(Date.UTC(2026, 11, 5)) };
    const reviewed = scheduler.next(asTsFsrs, new Date(Date.UTC(2026, 11, 11)), Rating.Good).card;
    expect(forecast.weakest[0]!.afterReview).toBeCloseTo(curve(10, reviewed.stability), 10);
  });

  it('is null without a lab date and once the lab has passed; on the lab day it still forecasts', () => {
    expect(labForecast(plan, { items: state.items, lab: null }, today)).toBeNull();
    expect(labForecast(plan, state, '2026-12-22')).toBeNull();
    expect(labForecast(plan, state, lab)?.items).toHaveLength(3);
  });

  it('with nothing reviewed yet: no item, readiness 0, the items waiting counted', () => {
    const fresh = labForecast(plan, { lab, items: stateOf({ items: { 'term:t2': itemRecord('2026-12-12') } }).items }, today)!;
    expect(fresh).toMatchObject({ items: [], weakest: [], readiness: 0, atTarget: 0, notYetReviewed: 1 });
  });
});
