import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/core/status.ts';
import type { Schedule } from '../../src/core/schedule.ts';
import { renderCheck } from '../../src/ui/check.ts';
import { renderDone } from '../../src/ui/done.ts';
import { renderExported } from '../../src/ui/export.ts';
import { shellWord } from '../../src/ui/layout.ts';
import { renderImport, type ImportResult } from '../../src/ui/import.ts';
import { renderInit } from '../../src/ui/init.ts';
import { renderJournal } from '../../src/ui/journal.ts';
import { widthOf } from '../../src/ui/layout.ts';
import { renderList } from '../../src/ui/list.ts';
import { renderNote } from '../../src/ui/note.ts';
import { ratingKeys, renderItemAnswer, renderItemCard, renderReviewOutcome, renderReviewSummary, renderSessionReveal, revealKeys } from '../../src/ui/review.ts';
import { renderSchedule } from '../../src/ui/schedule.ts';
import { renderShow } from '../../src/ui/show.ts';
import { renderStatus } from '../../src/ui/status.ts';
import { renderUndoSession } from '../../src/ui/undo.ts';
import { renderValid } from '../../src/ui/validate.ts';
import { planOf, sessionEntry } from '../core/plans.ts';
import { plainView, sessionView, shown, tooWide } from './views.ts';

// The human views of the commands, given hand-made results: what a user reads.

const LONG_TITLE = 'Security Architecture Example and Cloud Native Gaps: 安全なクラスターの構築';
const done = (fields = {}) => sessionView({ status: 'done', completedAt: '2026-12-01T09:30:00+01:00', minutesSpent: 80, ...fields });

describe('renderList', () => {
  const sessions = [
    sessionView({ number: 1, id: 'one', title: 'Shared Responsibility and Compute Types', day: 1, minutes: 60, status: 'done', completedAt: '2026-12-01T09:30:00+01:00', minutesSpent: 55 }),
    sessionView({ number: 2, id: 'two', title: LONG_TITLE, day: 1, minutes: 60, status: 'in-progress' }),
    sessionView({ number: 3, day: 2 }),
  ];
  const result = { plan: { id: 'p', title: 'Kubernetes Security Fundamentals' }, sessions, progress: { done: 1, total: 3, minutesPlanned: 210, minutesSpent: 55 }, clockedMinutes: { two: 25.4 } };

  it('lists sessions by day with status and time', () => {
    const lines = renderList(result, plainView());
    expect(lines).toContain('Day 1');
    expect(lines).toContain('Day 2');
    expect(lines.find((line) => line.startsWith('  1  Shared'))).toMatch(/✔ done +55\/60 min$/);
    expect(lines.find((line) => line.startsWith('  3  EKS'))).toMatch(/○ todo +–\/90 min$/);
    // Time clocked on a session not done yet shows in its time column.
    expect(lines.find((line) => line.startsWith('  2  '))).toMatch(/◐ in progress +25\/60 min$/);
    expect(lines.at(-1)).toBe('Planned 3 h 30 min in all. k8s-study show N shows a session in full.');
  });

  it.each([80, 50])('keeps each row on one line at %i columns, cutting titles, columns aligned', (width) => {
    const rows = renderList(result, plainView(width)).filter((line) => /^ {2}\d/.test(line));
    expect(rows).toHaveLength(3);
    expect(rows.map(widthOf)).toEqual([width, width, width]);
    expect(rows[1]).toContain('…');
    const statusColumn = rows.map((row) => row.indexOf(row.includes('✔') ? '✔' : row.includes('◐') ? '◐' : '○'));
    expect(new Set(statusColumn.map((index, row) => widthOf((rows[row] ?? '').slice(0, index)))).size).toBe(1);
  });
});

describe('renderShow', () => {
  const noClock = { planId: 'k8s-security-fundamentals', clockedMinutes: 0, clock: null };
  const clock = { plan: 'k8s-security-fundamentals', session: 'eks-security-architecture', label: '3. EKS Security Architecture', startedAt: '2026-12-01T09:35:00+00:00', minutes: 25, clockedBefore: 40, forgotten: false };

  it('shows the minutes clocked so far, and a clock running on the session', () => {
    const clocked = renderShow({ session: sessionView(), summaryPrompt: 'S.', reviews: [], ...noClock, clockedMinutes: 40 }, plainView(120));
    expect(clocked[1]).toBe('○ todo · 40 min clocked so far (k8s-study done 3 records it)');
    const running = renderShow({ session: sessionView(), summaryPrompt: 'S.', reviews: [], ...noClock, clockedMinutes: 40, clock }, plainView(120));
    expect(running[1]).toBe('○ todo');
    expect(running[2]).toBe('⏱ Clock running on this session: 25 min since 2026-12-01 09:35, 1 h 5 min clocked in all');
  });

  it('shows a finished session in full, with its summary and its reviews', () => {
    const lines = renderShow({ session: done({ summary: 'AWS runs the control plane.' }), summaryPrompt: 'Summarize.', reviews: [{ id: 'session:eks-security-architecture', due: '2026-12-02' }, { id: 'term:etcd', due: '2026-12-05' }], ...noClock }, plainView());
    expect(lines[0]).toBe('3. EKS Security Architecture  day 2 · 1 h 30 min · eks-security-architecture');
    expect(lines[1]).toBe('✔ done on 2026-12-01 09:30, 80 of 90 min');
    expect(lines).toContain('Your summary');
    expect(lines).toContain('  AWS runs the control plane.');
    expect(lines).toContain('  session:eks-security-architecture due 2026-12-02');
    expect(lines).toContain('  term:etcd                         due 2026-12-05');
  });

  it('asks for a summary when there is none', () => {
    expect(renderShow({ session: sessionView(), summaryPrompt: 'Summarize the key points in your own words.', reviews: [], ...noClock }, plainView())).toContain(
      '  none yet: Summarize the key points in your own words. (k8s-study note 3)',
    );
  });
});

describe('renderCheck', () => {
  const ticked = sessionView({ status: 'in-progress', checklist: [{ number: 1, text: 'One.', done: true }, { number: 2, text: 'Two.', done: true }] });
  it('says when every item is ticked, and what to do next', () => {
    expect(renderCheck({ session: ticked, changed: [2] }, plainView()).at(-1)).toBe('All 2 items ticked. When you have finished: k8s-study done 3');
  });
  it('says when nothing changed', () => {
    expect(renderCheck({ session: ticked, changed: [] }, plainView())).toContain('Nothing changed: those items were already so.');
    expect(renderCheck({ session: { ...ticked, status: 'done' }, changed: [1] }, plainView()).join('\n')).not.toContain('When you have finished');
  });
});

describe('renderDone', () => {
  it('reports the session done, its time, the review items added and when first due', () => {
    const lines = renderDone({ kind: 'done', session: done({ summary: 'mine' }), created: ['a', 'b', 'c'], firstDue: '2026-12-02', today: '2026-12-01', summaryPrompt: 'Summarize.', clockedMinutes: null, clockStop: null }, plainView());
    expect(lines).toEqual([
      '✔ Done: 3. EKS Security Architecture (1 h 20 min of 1 h 30 min planned)',
      'Your summary is saved.',
      '3 review items added, first due 2026-12-02: k8s-study due --upcoming 7 lists them.',
      'What is next: k8s-study next',
    ]);
    // No summary given now, and the one written before kept: said so, not as if just saved.
    const kept = renderDone({ kind: 'done', session: done({ summary: 'written before' }), created: [], firstDue: null, today: '2026-12-01', summaryPrompt: 'Summarize.', clockedMinutes: null, clockStop: null, summaryFromBefore: true }, plainView());
    expect(kept[1]).toBe('The summary you wrote before is kept.');
  });

  it('done on a day gone by: the first reviews are due now, and plain due lists them', () => {
    const lines = renderDone({ kind: 'done', session: done({ summary: 'mine' }), created: ['a', 'b'], firstDue: '2026-12-04', today: '2026-12-05', summaryPrompt: 'Summarize.', clockedMinutes: null, clockStop: null }, plainView());
    expect(lines[2]).toBe('2 review items added, the first due now: k8s-study due lists them, k8s-study review takes them.');
    // One item is "it".
    const one = { kind: 'done' as const, session: done({ summary: 'mine' }), created: ['a'], today: '2026-12-05', summaryPrompt: 'Summarize.', clockedMinutes: null, clockStop: null };
    expect(renderDone({ ...one, firstDue: '2026-12-04' }, plainView())[2]).toBe('1 review item added, due now: k8s-study due lists it, k8s-study review takes it.');
    expect(renderDone({ ...one, firstDue: '2026-12-06' }, plainView())[2]).toBe('1 review item added, due 2026-12-06: k8s-study due --upcoming 7 lists it.');
  });

  it('asks for a summary when none was given, and says when the time was clocked', () => {
    const lines = renderDone({ kind: 'done', session: done(), created: [], firstDue: null, today: '2026-12-01', summaryPrompt: 'Summarize the key points.', clockedMinutes: 80, clockStop: null }, plainView());
    expect(lines[0]).toBe('✔ Done: 3. EKS Security Architecture (1 h 20 min of 1 h 30 min planned, as clocked)');
    expect(lines[1]).toBe('No summary yet. Summarize the key points. Add it with k8s-study note 3.');
    expect(lines.join('\n')).not.toContain('review item');
  });

  it('done again: says when it was done, that nothing changed, and that the summary given was not saved', () => {
    const lines = renderDone({ kind: 'already-done', session: done(), summaryGiven: true, summaryPrompt: 'S.' }, plainView());
    expect(lines[0]).toBe('Session 3 was already done on 2026-12-01 at 09:30; nothing changed. (k8s-study undo 3 reopens it.)');
    expect(lines).toContain('Your --summary was not saved: k8s-study note 3 --summary TEXT writes or replaces the summary.');
  });

  it('says what a correction changed', () => {
    expect(renderDone({ kind: 'corrected', session: done(), corrections: ['minutes 80 (were 60)'], summaryGiven: false }, plainView())).toEqual(['✔ Corrected: 3. EKS Security Architecture: minutes 80 (were 60).']);
  });
});

describe('renderUndoSession and renderNote', () => {
  it('reopens a session and keeps its summary', () => {
    expect(renderUndoSession({ wasDone: true, removed: ['a', 'b', 'c'], session: sessionView({ summary: 'kept' }) }, plainView())).toEqual([
      'Reopened: 3. EKS Security Architecture',
      '3 review items removed; your summary is kept. k8s-study undo takes this back.',
    ]);
    expect(renderUndoSession({ wasDone: true, removed: ['a'], session: sessionView() }, plainView())[1]).toBe('1 review item removed. k8s-study undo takes this back.');
    expect(renderUndoSession({ wasDone: false, removed: [], session: sessionView() }, plainView())).toEqual(['Session 3 (EKS Security Architecture) is not done; nothing changed.']);
  });

  it('shows the summary saved, or what clearing did', () => {
    expect(renderNote({ session: sessionView({ summary: 'My words.' }), cleared: false, hadSummary: false }, plainView())).toEqual(['Summary saved for 3. EKS Security Architecture:', '  My words.']);
    expect(renderNote({ session: sessionView(), cleared: true, hadSummary: true }, plainView())[0]).toBe('Summary removed from 3. EKS Security Architecture.');
    expect(renderNote({ session: sessionView(), cleared: true, hadSummary: false }, plainView())[0]).toBe('3. EKS Security Architecture had no summary; nothing changed.');
  });
});

describe('review views', () => {
  const outcome = { item: 'term:etcd', rating: 'good' as const, nextDue: '2026-12-04', daysUntil: 3, cappedByLab: false, practice: false, returns: false };

  it('says where an answer moved the item, when the lab capped it, and that an "again" comes back', () => {
    expect(renderReviewOutcome(outcome, plainView())).toEqual(['✔ term:etcd rated good; next review 2026-12-04 (in 3 days)']);
    // Answered before it was due: said, with the way to answer without moving a date.
    expect(renderReviewOutcome({ ...outcome, dueLater: '2026-12-03' }, plainView(120))).toEqual([
      '✔ term:etcd rated good; next review 2026-12-04 (in 3 days)',
      'It was due 2026-12-03: answered early, it counts all the same (with --practice, an answer moves no date).',
    ]);
    expect(renderReviewOutcome({ ...outcome, rating: 'easy', nextDue: '2026-12-02', daysUntil: 1, cappedByLab: true }, plainView())).toEqual([
      '✔ term:etcd rated easy; next review 2026-12-02 (tomorrow, the day before the lab)',
    ]);
    expect(renderReviewOutcome({ ...outcome, rating: 'again', nextDue: '2026-12-02', daysUntil: 1, returns: true }, plainView())).toEqual([
      '✔ term:etcd rated again; next review 2026-12-02 (tomorrow); it comes back before this sitting ends',
    ]);
    expect(renderReviewOutcome({ ...outcome, practice: true }, plainView())).toEqual(['✔ term:etcd: good, as practice; its next review stays 2026-12-04 (in 3 days)']);
  });

  it('shows a session card with its focus lines (nothing of the answer yet); an item card with its title', () => {
    const card = { id: 'session:eks-security-architecture', kind: 'session' as const, title: 'EKS Security Architecture', number: 1, total: 4, overdueDays: 2, returning: false, practice: false };
    expect(renderItemCard({ ...card, session: { number: 3, focus: ['Study the EKS Security Architecture.'] } }, plainView())).toEqual([
      '',
      '[1/4] session · 2 days overdue',
      '3. EKS Security Architecture',
      '  • Study the EKS Security Architecture.',
    ]);
    expect(renderItemCard({ ...card, id: 'term:etcd', kind: 'term', title: 'etcd', number: 4, overdueDays: 0, session: null }, plainView())).toEqual(['', '[4/4] term', 'etcd']);
    expect(renderItemCard({ ...card, kind: 'keypoint', number: 2, overdueDays: 1, session: null }, plainView())[1]).toBe('[2/4] key point · 1 day overdue');
    expect(renderItemCard({ ...card, kind: 'keypoint', number: 5, total: 5, returning: true, practice: true, session: null }, plainView())[1]).toBe('[5/5] key point · again, back once more · practice');
  });

  it('reveals a session: your summary, its key points and terms marked mentioned or missed, and the suggested rating', () => {
    const reveal = {
      number: 1,
      summary: 'AWS runs the control plane.',
      summaryPrompt: 'S.',
      keyPoints: [{ title: 'Kubernetes Control Plane', text: 'Know the components.', mentioned: true }],
      terms: [{ title: 'etcd', text: 'Key value store.', mentioned: false }],
      coverage: { mentioned: 1, total: 2, suggested: 'hard' as const },
    };
    expect(renderSessionReveal(reveal, plainView())).toEqual([
      'Your summary',
      '  AWS runs the control plane.',
      'Key points',
      '  ✔ Kubernetes Control Plane: Know the components.',
      'Terms',
      '  ✘ etcd: Key value store.',
      'Your words mention 1 of the 2 key points and terms: that suggests hard.',
    ]);
    const unwritten = renderSessionReveal({ ...reveal, summary: null, coverage: null, terms: [{ ...reveal.terms[0]!, mentioned: null }] }, plainView());
    expect(unwritten).toContain('  • etcd: Key value store.');
    expect(unwritten[1]).toBe('  none: S. (k8s-study note 1)');
    expect(unwritten.at(-1)).toBe('  • etcd: Key value store.');
  });

  it('offers 1 to 4 with the day each sets, the lab cap said, the suggestion marked; skip, undo and quit aside', () => {
    const preview = (rating: 'again' | 'hard' | 'good' | 'easy', days: number, own = days) => ({
      rating,
      due: `2026-12-${String(1 + days).padStart(2, '0')}`,
      daysUntil: days,
      ownDue: `2026-12-${String(1 + own).padStart(2, '0')}`,
      ownDaysUntil: own,
      cappedByLab: own > days,
    });
    const keys = ratingKeys({ again: preview('again', 1), hard: preview('hard', 2), good: preview('good', 2, 4), easy: preview('easy', 2, 8) }, 'good', true);
    expect(keys.map((key) => [key.key, key.name, key.description ?? null, Boolean(key.secondary)])).toEqual([
      ['1', 'again', 'tomorrow (2026-12-02)', false],
      ['2', 'hard', 'in 2 days (2026-12-03)', false],
      ['3', 'good', 'in 2 days (2026-12-03): the lab brings it forward from 4 days ← suggested', false],
      ['4', 'easy', 'in 2 days (2026-12-03): the lab brings it forward from 8 days', false],
      ['s', 'skip', null, true],
      ['u', 'undo the last answer', null, true],
      ['q', 'quit', null, true],
    ]);
    // In practice nothing moves: no days; with no answer yet, no undo.
    expect(ratingKeys(null, null, false).map((key) => key.key)).toEqual(['1', '2', '3', '4', 's', 'q']);
    expect(revealKeys(false)[0]).toMatchObject({ key: 'space', also: ['enter'], value: 'reveal' });
  });

  it('shows the answer indented, and sums up the sitting with the way on', () => {
    expect(renderItemAnswer('Key Value store.', plainView())).toEqual(['  Key Value store.']);
    expect(renderItemAnswer(null, plainView())).toEqual([]);
    const tally = { reviewed: 3, skipped: 1, undone: 0, stillDue: 0, practice: false };
    expect(renderReviewSummary(tally, plainView())).toEqual(['', 'Reviewed 3, skipped 1; nothing left due today.']);
    expect(renderReviewSummary({ ...tally, reviewed: 1, skipped: 0, undone: 1, stillDue: 2 }, plainView())[1]).toBe('Reviewed 1, skipped 0, undid 1; 2 still due (k8s-study review goes on).');
    expect(renderReviewSummary({ ...tally, practice: true }, plainView())[1]).toBe('Practised 3, skipped 1; no due day moved. k8s-study due shows what is due.');
  });
});

const schedule = (fields: Partial<Schedule> = {}): Schedule => ({
  start: '2026-11-28',
  startFrom: 'first-study-day',
  today: '2026-12-01',
  days: [
    {
      day: 1,
      date: '2026-11-28',
      isToday: false,
      sessions: [
        { id: 'one', number: 1, title: 'Shared Responsibility and Compute Types', minutes: 60, status: 'done', behind: false, daysBehind: 0 },
        { id: 'two', number: 2, title: LONG_TITLE, minutes: 60, status: 'todo', behind: true, daysBehind: 3 },
      ],
    },
    { day: 4, date: '2026-12-01', isToday: true, sessions: [{ id: 'three', number: 3, title: 'EKS Security Architecture', minutes: 90, status: 'in-progress', behind: false, daysBehind: 0 }] },
  ],
  lab: null,
  ...fields,
});

describe('renderSchedule', () => {
  const render = (fields: Partial<Schedule> = {}, width = 80) => renderSchedule({ schedule: schedule(fields), changed: false, plan: { title: 'Tiny', labTitle: 'The lab' }, sessionCount: 3 }, plainView(width));

  it('places each plan day on its date, marks today, and flags sessions behind', () => {
    const lines = render();
    expect(lines[1]).toBe('Day 1 is Sat 2026-11-28 (the first day you studied; set another with --start DATE).');
    expect(lines).toContain('Tue 2026-12-01  day 4  ← today');
    expect(lines.find((line) => line.startsWith('  2  '))).toMatch(/! behind by 3 days$/);
    expect(lines.at(-1)).toBe('1 session is behind schedule: k8s-study next picks up the first, or move the plan with k8s-study schedule --start DATE.');
  });

  it('says a lab in the past has passed', () => {
    expect(render({ lab: '2026-11-29' })).toContain('Sun 2026-11-29  lab: The lab (passed 2 days ago)');
    expect(render({ lab: '2026-12-03' })).toContain('Thu 2026-12-03  lab: The lab (in 2 days)');
  });

  it.each([80, 50])('keeps rows on one line at %i columns', (width) => {
    const rows = render({}, width).filter((line) => /^ {2}\d/.test(line));
    expect(rows).toHaveLength(3);
    expect(tooWide(rows, width)).toEqual([]);
  });
});

describe('renderStatus', () => {
  const report = (fields: Partial<StatusReport> = {}): StatusReport => ({
    plan: { id: 'tiny', title: 'Tiny' },
    today: '2026-12-01',
    progress: {
      done: 1,
      total: 3,
      minutesPlanned: 210,
      minutesSpent: 55,
      minutesLeft: 150,
      days: [
        {
          day: 1,
          date: '2026-11-30',
          done: 1,
          total: 2,
          minutesPlanned: 120,
          minutesSpent: 55,
          sessions: [
            { id: 'one', number: 1, title: 'Shared Responsibility and Compute Types', status: 'done', minutes: 60, minutesSpent: 55, clockedMinutes: 0, behind: false },
            { id: 'two', number: 2, title: LONG_TITLE, status: 'todo', minutes: 60, minutesSpent: null, clockedMinutes: 0, behind: true },
          ],
        },
        { day: 2, date: '2026-12-01', done: 0, total: 1, minutesPlanned: 90, minutesSpent: 0, sessions: [{ id: 'three', number: 3, title: 'EKS Security Architecture', status: 'in-progress', minutes: 90, minutesSpent: null, clockedMinutes: 40, behind: false }] },
      ],
    },
    reviews: { due: 2, done: 4, next: '2026-11-29' },
    streak: 3,
    lab: { date: '2026-12-05', daysLeft: 4, passed: false, sessionsLeft: 2, minutesLeft: 150, studyDaysLeft: 2, reviewsLeft: 5, fits: true, reviewsDue: 2, ready: false, forecast: null },
    orphans: ['retired', 'two: tick "Old line"'],
    clock: null,
    ...fields,
  });
  // Lines that wrap under their label's text read as one.
  const text = (fields: Partial<StatusReport> = {}) => renderStatus(report(fields), plainView()).join('\n').replace(/\n {9}(?=\S)(?!forecast)/g, ' ');

  it('shows progress per day, reviews, streak, lab and what is kept', () => {
    const output = text();
    expect(output).toContain('Day 1  Mon 2026-11-30  █████░░░░░ 1/2 · 55 min of 2 h');
    expect(output).toContain('Day 2  Tue 2026-12-01  ░░░░░░░░░░ 0/1 · 0 min of 1 h 30 min ← today');
    // A session begun, with time clocked on it: its time column shows the minutes so far.
    expect(output).toMatch(/ {2}3 {2}EKS Security Architecture +40\/90 min {2}◐ in progress/);
    expect(output).toContain('Reviews  4 done · 2 due now · due since 2026-11-29 (2 days overdue)');
    expect(output).toContain('Streak   3 study days in a row');
    expect(output).toContain('Lab      2026-12-05, in 4 days · 2 sessions (2 h 30 min) left over 2 plan days, on pace for the lab · 5 reviews before it (2 due now)');
    expect(output).toContain('Kept, no longer in the plan (2): retired, two: tick "Old line"');
    const late = text({ lab: { date: '2026-12-02', daysLeft: 1, passed: false, sessionsLeft: 2, minutesLeft: 150, studyDaysLeft: 2, reviewsLeft: 0, fits: false, reviewsDue: 0, ready: false, forecast: null } });
    expect(late).toContain('Lab      2026-12-02, tomorrow · 2 sessions (2 h 30 min) left over 2 plan days, behind pace for the lab');
  });

  it('shows a running clock under the progress line, naming its plan when it is another', () => {
    const clock = { plan: 'tiny', session: 'three', label: '3. EKS Security Architecture', startedAt: '2026-12-01T09:35:00+00:00', minutes: 25, clockedBefore: 0, forgotten: false };
    expect(renderStatus(report({ clock }), plainView())[2]).toBe('⏱ Clock running on 3. EKS Security Architecture: 25 min since 2026-12-01 09:35');
    expect(renderStatus(report({ clock: { ...clock, plan: 'other' } }), plainView(120))[2]).toBe('⏱ Clock running on 3. EKS Security Architecture (plan other): 25 min since 2026-12-01 09:35');
    expect(text()).not.toContain('Clock');
  });

  it('shows the forecast for the lab day under the lab, with its weakest item when below the target', () => {
    const forecast = { readiness: 0.84, atTarget: 0.625, target: 0.9, items: [{ id: 'term:etcd', title: 'etcd', recallOnLabDay: 0.62, due: '2026-12-04' }] };
    const lab = { date: '2026-12-05', daysLeft: 4, passed: false, sessionsLeft: 0, minutesLeft: 0, studyDaysLeft: 0, reviewsLeft: 5, fits: true, reviewsDue: 2, ready: false, forecast };
    expect(text({ lab })).toContain('\n         forecast for the lab day: readiness 84 %, 63 % of items at the 90 % target; weakest etcd 62 % (k8s-study lab says what lifts the weakest)');
    const strong = { ...forecast, items: [{ ...forecast.items[0]!, recallOnLabDay: 0.95 }] };
    expect(text({ lab: { ...lab, forecast: strong } })).toContain('readiness 84 %, 63 % of items at the 90 % target (k8s-study lab');
    // Every item at the target: nothing to lift, no pointer to how.
    expect(text({ lab: { ...lab, forecast: { ...strong, readiness: 0.95, atTarget: 1 } } })).toContain('readiness 95 %, 100 % of items at the 90 % target\n');
  });

  it('says a lab in the past has passed, without pace advice', () => {
    const output = text({ lab: { date: '2026-11-28', daysLeft: -3, passed: true, sessionsLeft: 2, minutesLeft: 150, studyDaysLeft: 2, reviewsLeft: 0, fits: false, reviewsDue: 0, ready: false, forecast: null } });
    expect(output).toContain('Lab      2026-11-28, passed 3 days ago (k8s-study lab DATE sets the next one)');
    expect(output).not.toContain('will not fit');
  });

  it('says what is not there yet', () => {
    const output = text({ reviews: { due: 0, done: 0, next: null }, streak: 0, lab: null, orphans: [] });
    expect(output).toContain('Reviews  0 done · 0 due now · next: none yet (finish a session to start them)');
    expect(output).toContain('Streak   none running: a study day today starts one');
    expect(output).toContain('Lab      no date set (k8s-study lab DATE sets it)');
    expect(output).not.toContain('Kept');
  });

  it('wraps a labelled line under its text, not under the label', () => {
    const lines = renderStatus(report(), plainView(60)).join('\n').split('\n');
    const lab = lines.findIndex((line) => line.startsWith('Lab      '));
    expect(lines[lab + 1]).toMatch(/^ {9}\S/);
  });

  it('fits 50 columns', () => {
    expect(tooWide(shown(renderStatus(report(), plainView(50)), 50), 50)).toEqual([]);
  });
});

describe('file views: export, import, init, validate', () => {
  it.each([
    ['backup.json', 'backup.json'],
    ['my backup.json', "'my backup.json'"],
    ["it's.json", "'it'\\''s.json'"],
    ['/tmp/a-b_c@1+2=3%.json', '/tmp/a-b_c@1+2=3%.json'],
    ['evil\u001b]0;x\u0007.json', "$'evil\\x1b]0;x\\x07.json'"],
  ])('quotes the file %j for the shell as %s', (file, word) => {
    expect(shellWord(file)).toBe(word);
  });

  it('says what was exported and how to use it', () => {
    expect(renderExported({ file: 'my backup.json', format: 'json', bytes: 1234 }, plainView())).toEqual([
      "Wrote backup of your progress to my backup.json (1234 bytes): restore it with k8s-study import 'my backup.json'.",
    ]);
    expect(renderExported({ file: 'study.ics', format: 'ics', bytes: 10 }, plainView())[0]).toContain('calendar to study.ics (10 bytes): import it into your calendar app');
  });

  it('counts what an import changed; removals only when replacing', () => {
    const result: ImportResult = {
      file: 'backup.json',
      mode: 'merge',
      dryRun: false,
      plan: { id: 'tiny', title: 'Tiny' },
      exportedAt: '2026-12-03T10:00:00+01:00',
      changes: { sessions: { added: 1, updated: 2, removed: 3 }, reviewItems: { added: 4, updated: 5, removed: 6 }, reviewLog: { added: 7, removed: 8 }, lab: true, startDate: false },
      notInPlan: { sessions: [], reviewItems: [] },
      keptIn: null,
    };
    expect(renderImport(result, plainView())).toEqual([
      'Imported backup.json (exported 2026-12-03 10:00) into "Tiny", merged: the newer record wins.',
      '  sessions: 1 added, 2 updated',
      '  review items: 4 added, 5 updated',
      '  review log: 7 added',
      '  lab date set',
      'See where you stand: k8s-study status',
    ]);
    const replace = renderImport({ ...result, mode: 'replace', dryRun: true }, plainView());
    expect(replace[0]).toMatch(/^Would import .*replacing what was there\.$/);
    expect(replace.slice(1, 4)).toEqual(['  sessions: 1 added, 2 updated, 3 removed', '  review items: 4 added, 5 updated, 6 removed', '  review log: 7 added, 8 removed']);
    expect(replace.at(-1)).toBe('Nothing was written (--dry-run).');
    // A replace says where what it replaced is kept, and how to bring it back.
    const kept = renderImport({ ...result, mode: 'replace', keptIn: '/home/me/k8s study/replaced/tiny-2026-12-03-100000.json' }, plainView(200));
    expect(kept.at(-2)).toBe("What was there is kept in /home/me/k8s study/replaced/tiny-2026-12-03-100000.json: k8s-study import '/home/me/k8s study/replaced/tiny-2026-12-03-100000.json' --replace brings it back.");
    // What the plan does not have is said, kept.
    const strays = renderImport({ ...result, notInPlan: { sessions: ['old-one', 'old-two'], reviewItems: ['term:gone'] } }, plainView(120));
    expect(strays).toContain('  2 sessions (old-one, old-two) and 1 review item the plan does not have: kept, and listed by k8s-study status under "Kept, no longer in the plan"');
  });

  it('tells what init wrote and how to use it', () => {
    const lines = renderInit({ file: 'my plan.yaml', plan: { id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals' } }, plainView());
    const text = lines.join('\n');
    expect(text.replace(/\s+/g, ' ')).toContain('Wrote \'my plan.yaml\': a copy of "Kubernetes Security Fundamentals" to make your own. Give it a new id');
    expect(text).toContain("k8s-study --plan 'my plan.yaml' next");
    expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it('sums up a valid plan', () => {
    expect(renderValid({ file: 'plan.yaml', valid: true, errors: [], plan: { id: 'p', title: 'P', sessions: 1, days: 1, keyPoints: 0, terms: 2 } }, plainView())).toEqual([
      '✔ valid: plan.yaml: "P" (p), 1 session over 1 day, 0 key points, 2 terms',
    ]);
  });
});

describe('renderJournal', () => {
  const plan = planOf({
    title: 'Tiny *plan*',
    goal: 'Learn # things',
    lab: { title: 'The <lab>' },
    sessions: [sessionEntry('one', 1), sessionEntry('two', 2)],
  });
  const journal = renderJournal({
    plan,
    sessions: [
      sessionView({ id: 'one', number: 1, title: 'One_with `code`', day: 1, minutes: 60, status: 'done', completedAt: '2026-12-01T09:30:00+01:00', minutesSpent: 50, summary: 'Line one.\n\n# not a heading', checklist: [{ number: 1, text: 'study *one*', done: true }], keyPoints: [], terms: [] }),
      sessionView({ id: 'two', number: 2, title: 'Two', day: 2, minutes: 30, status: 'todo', checklist: [{ number: 1, text: 'study two', done: false }], keyPoints: [], terms: [] }),
    ],
    schedule: {
      start: '2026-12-01',
      startFrom: 'stored',
      today: '2026-12-04',
      lab: '2026-12-10',
      days: [
        { day: 1, date: '2026-12-01', isToday: false, sessions: [{ id: 'one', number: 1, title: 'One', minutes: 60, status: 'done', behind: false, daysBehind: 0 }] },
        { day: 2, date: '2026-12-02', isToday: false, sessions: [{ id: 'two', number: 2, title: 'Two', minutes: 30, status: 'todo', behind: true, daysBehind: 2 }] },
      ],
    },
    totals: { done: 1, total: 2, minutesPlanned: 90, minutesSpent: 50 },
    reviews: [{ id: 'session:one', title: 'One', source: 'one', due: '2026-12-05', reviews: 2, lastReview: '2026-12-03T10:00:00+01:00' }],
    exportedAt: '2026-12-04T10:00:00+01:00',
  });

  it('writes the study journal as Markdown, plan text kept from becoming Markdown', () => {
    const lines = journal.split('\n');
    expect(lines[0]).toBe('# Tiny \\*plan\\*: study journal');
    expect(lines).toContain('Exported 2026-12-04 10:00 · 1 of 2 sessions done · 50 min spent of 1 h 30 min planned');
    expect(lines).toContain('**Goal:** Learn \\# things');
    expect(lines).toContain('**Lab:** Thu 2026-12-10: The \\<lab\\>');
    expect(lines).toContain('## Day 1: Tue 2026-12-01');
    expect(lines).toContain('### 1. One\\_with \\`code\\` ✔');
    expect(lines).toContain('*done 2026-12-01 09:30, 50 min spent of 1 h planned*');
    expect(lines).toContain('- [x] study \\*one\\*');
    expect(lines).toContain('> Line one.');
    expect(lines).toContain('> \\# not a heading');
    expect(lines).toContain('- One (`session:one`): reviewed 2×, last 2026-12-03; next due 2026-12-05');
    expect(lines).toContain('*to do, 30 min planned, 2 days behind*');
    expect(lines).toContain('*none yet: Summarize the key points in your own words.*');
    expect(journal.endsWith('\n')).toBe(true);
  });
});
