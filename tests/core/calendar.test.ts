import { describe, expect, it } from 'vitest';
import { studyDay, timeOfInstant } from '../../src/core/dates.ts';
import { buildCalendarEvents, dayAfter } from '../../src/core/calendar.ts';
import { doneRecord, itemRecord, localInstant, planOf, sessionEntry, sessionRecord, stateOf } from './plans.ts';

const plan = planOf({
  title: 'Tiny',
  lab: { title: 'Deploy the cluster', text: 'Bring a laptop.' },
  review: { beforeLabText: 'Review everything first.' },
  sessions: [
    sessionEntry('alpha', 1, { title: 'Alpha', focus: ['first line', 'second line'], keyPoints: ['one'] }),
    sessionEntry('beta', 2, { title: 'Beta', duration: '1h30m' }),
  ],
  keyPoints: [{ id: 'one', title: 'Point one', text: 'The point.' }],
  terms: [{ id: 'etcd', term: 'etcd', text: 'The store.' }],
});

const state = stateOf({
  meta: { startDate: '2026-12-01', lab: '2026-12-10' },
  sessions: { alpha: doneRecord('2026-12-01', { minutesSpent: 50, summary: 'My words.', ticks: ['second line'] }), beta: sessionRecord() },
  items: {
    'session:alpha': itemRecord('2026-12-02'),
    'keypoint:one': itemRecord('2026-12-02'),
    'term:etcd': itemRecord('2026-12-20'),
    'term:gone': itemRecord('2026-12-02'),
  },
});
const reviews = [
  { at: localInstant('2026-12-01', '20:00'), item: 'session:alpha' },
  { at: localInstant('2026-12-02', '02:00'), item: 'keypoint:one' },
  { at: localInstant('2026-12-02', '09:00'), item: 'session:alpha' },
];
const events = buildCalendarEvents(plan, state, reviews, '2026-12-03', 4);
const byUid = (uid: string) => events.find((event) => event.uid === uid);

describe('buildCalendarEvents', () => {
  it('places each session on its scheduled date, with its checklist, key points and summary', () => {
    expect(byUid('k8s-study:tiny:session:alpha')).toEqual({
      uid: 'k8s-study:tiny:session:alpha',
      kind: 'session',
      day: '2026-12-01',
      title: '✔ Study 1. Alpha',
      description: ['Day 1 of Tiny, 1 h planned.', `Done 2026-12-01 in 50 min.`, '', '[ ] first line', '[x] second line', '', 'Key points:', '- Point one', '', 'My summary:', 'My words.', '', 'k8s-study show 1'].join('\n'),
      done: true,
    });
    expect(byUid('k8s-study:tiny:session:beta')).toMatchObject({ day: '2026-12-02', title: 'Study 2. Beta', done: false });
    expect(byUid('k8s-study:tiny:session:beta')?.description).toMatch(/^Day 2 of Tiny, 1 h 30 min planned\.\n\n\[ \] study beta\n\nk8s-study show 2$/);
  });

  it('counts each answer on its study day, answers in one minute or a second apart across the day start alike', () => {
    const at = (day: string, time: string, seconds: string): string => localInstant(day, time).replace(/:00(?=[+-]\d\d:\d\d$)/, `:${seconds}`);
    const answers = [
      { at: at('2026-12-05', '03:59', '10') },
      { at: at('2026-12-05', '03:59', '59') },
      { at: at('2026-12-05', '04:00', '00') },
      { at: at('2026-12-05', '04:00', '30') },
      { at: at('2026-12-05', '04:00', '45') },
      // Another writer's offset: the same moment as 04:00 UTC, read here in this zone.
      { at: '2026-12-05T04:00:00Z' },
    ].map((answer, index) => ({ ...answer, item: `term:t${index}` }));
    // Each answer's own day, worked out one by one.
    const expected = new Map<string, number>();
    for (const answer of answers) {
      const day = studyDay(new Date(timeOfInstant(answer.at)), 4);
      expected.set(day, (expected.get(day) ?? 0) + 1);
    }
    const counted = buildCalendarEvents(plan, state, answers, '2026-12-03', 4).filter((event) => event.kind === 'review' && event.description.startsWith('Reviewed'));
    expect(Object.fromEntries(counted.map((event) => [event.day, event.description.split('\n')[0]]))).toEqual(
      Object.fromEntries([...expected].map(([day, count]) => [day, `Reviewed ${count} item${count === 1 ? '' : 's'}.`])),
    );
    expect(expected.get('2026-12-04')).toBe(2);
  });

  it('says how many items were reviewed on a day, and how many answers when an item was answered more than once', () => {
    const twice = [
      { at: localInstant('2026-12-04', '09:00'), item: 'term:etcd' },
      { at: localInstant('2026-12-04', '09:05'), item: 'term:etcd' },
      { at: localInstant('2026-12-04', '09:10'), item: 'keypoint:one' },
    ];
    const day = buildCalendarEvents(plan, state, twice, '2026-12-03', 4).find((event) => event.uid === 'k8s-study:tiny:review:2026-12-04');
    expect(day).toMatchObject({ title: '✔ Reviewed 2 items: Tiny', description: 'Reviewed 2 items (3 answers).', done: true });
  });

  it('has one entry per review day: the items due then (the lab cap applied), and the reviews made then', () => {
    // The 1st: the reviews at 20:00 and at 02:00 the next night (still the study day of the 1st),
    // nothing due. The 2nd: two items due, one review made.
    expect(byUid('k8s-study:tiny:review:2026-12-01')).toMatchObject({ kind: 'review', title: '✔ Reviewed 2 items: Tiny', description: 'Reviewed 2 items.', done: true });
    expect(byUid('k8s-study:tiny:review:2026-12-02')).toEqual({
      uid: 'k8s-study:tiny:review:2026-12-02',
      kind: 'review',
      day: '2026-12-02',
      title: 'Review 2 items: Tiny',
      description: ['Reviewed 1 item.', '', 'Due for review (Tiny):', '- Alpha (session:alpha)', '- Point one (keypoint:one)', '', 'k8s-study review'].join('\n'),
      done: false,
    });
    // etcd, due on the 20th on its own, is due the day before the lab.
    expect(byUid('k8s-study:tiny:review:2026-12-09')).toMatchObject({ title: 'Review 1 item: Tiny', description: expect.stringContaining('- etcd (term:etcd)') });
    expect(byUid('k8s-study:tiny:review:2026-12-20')).toBeUndefined();
    expect(events.some((event) => event.description.includes('term:gone'))).toBe(false);
  });

  it('adds the lab with its text and the before-lab advice', () => {
    expect(byUid('k8s-study:tiny:lab')).toEqual({
      uid: 'k8s-study:tiny:lab',
      kind: 'lab',
      day: '2026-12-10',
      title: 'Lab: Deploy the cluster',
      description: 'Bring a laptop.\n\nReview everything first.\n\nPrepared with Tiny.',
      done: false,
    });
  });

  it('orders entries by day, then sessions, reviews and the lab; every uid once', () => {
    expect(events.map((event) => [event.day, event.kind])).toEqual([
      ['2026-12-01', 'session'],
      ['2026-12-01', 'review'],
      ['2026-12-02', 'session'],
      ['2026-12-02', 'review'],
      ['2026-12-09', 'review'],
      ['2026-12-10', 'lab'],
    ]);
    expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);
  });

  it('gives the same uids on every export, whatever changed', () => {
    const later = buildCalendarEvents(plan, { ...state, sessions: stateOf().sessions }, [], '2026-12-05', 4);
    expect(later.find((event) => event.kind === 'session')?.uid).toBe('k8s-study:tiny:session:alpha');
    expect(later.find((event) => event.uid === 'k8s-study:tiny:session:alpha')?.title).toBe('Study 1. Alpha');
  });

  it('has no lab entry without a lab date; nothing but sessions before any study', () => {
    const fresh = buildCalendarEvents(plan, stateOf(), [], '2026-12-05', 4);
    expect(fresh.map((event) => [event.kind, event.day])).toEqual([
      ['session', '2026-12-05'],
      ['session', '2026-12-06'],
    ]);
  });

  it('ends an all-day entry on the day after', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
  });
});
