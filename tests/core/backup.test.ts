import { describe, expect, it } from 'vitest';
import { checkBackup, mergeProgress, mergeSessionRecord, newerReviewItem, replaceProgress } from '../../src/core/backup.ts';
import { emptyProgress, type PlanProgress, type ReviewItemRecord } from '../../src/core/progress.ts';

const card = (lastReview: string): NonNullable<ReviewItemRecord['card']> => ({
  due: '2026-12-10',
  stability: 3.2,
  difficulty: 5.1,
  elapsed_days: 1,
  scheduled_days: 8,
  learning_steps: 0,
  reps: 1,
  lapses: 0,
  state: 2,
  last_review: lastReview,
});

const backupOf = (progress: Partial<PlanProgress>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  format: 'k8s-study-backup',
  version: 1,
  plan: { id: 'tiny', title: 'Tiny' },
  exportedAt: '2026-12-03T10:00:00+01:00',
  progress: { ...emptyProgress(), ...progress },
  ...extra,
});

describe('checkBackup', () => {
  it('accepts a complete backup, FSRS card included', () => {
    const document = backupOf({
      sessions: { alpha: { checked: [1, 2], completedAt: '2026-12-01T10:00:00+01:00', minutesSpent: 50, summary: 'mine' } },
      reviewItems: { 'session:alpha': { source: 'alpha', createdAt: '2026-12-01T10:00:00+01:00', due: '2026-12-10', card: card('2026-12-02') } },
      reviewLog: [{ item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good' }],
      lab: '2026-12-20',
      startDate: '2026-12-01',
    });
    const checked = checkBackup(document);
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.backup.progress.reviewItems['session:alpha']?.card?.stability).toBe(3.2);
  });

  it.each([
    ['a list', [], 'not-backup'],
    ['another JSON file', { plans: {} }, 'not-backup'],
    ['no version', { ...backupOf({}), version: undefined }, 'invalid'],
  ])('refuses %s', (_name, document, reason) => {
    expect(checkBackup(document)).toMatchObject({ ok: false, reason });
  });

  it('names a newer format as such, whatever else it holds', () => {
    expect(checkBackup({ format: 'k8s-study-backup', version: 2, something: 'new' })).toEqual({ ok: false, reason: 'newer', version: 2 });
  });

  it.each([
    [{ sessions: { alpha: { minutesSpent: '50' } } }, 'progress.sessions.alpha.minutesSpent: must be a number'],
    [{ sessions: { alpha: { completedAt: 'yesterday' } } }, 'progress.sessions.alpha.completedAt: must be an ISO 8601 instant with its offset'],
    [{ sessions: { alpha: { colour: 'red' } } }, 'progress.sessions.alpha: unknown key "colour"'],
    [{ lab: '2026-02-30' }, 'progress.lab: must be a calendar day YYYY-MM-DD'],
    [{ reviewLog: [{ item: 'session:alpha', at: '2026-12-02T10:00:00Z', rating: 'great' }] }, 'progress.reviewLog[0].rating: must be one of "again", "hard", "good", "easy"'],
    [{ reviewItems: { 'chapter:one': { source: 'alpha', createdAt: '2026-12-02T10:00:00Z', due: '2026-12-03', card: null } } }, 'progress.reviewItems["chapter:one"]: is not a valid id'],
    [{ sessions: { 'Not A Slug': {} } }, 'progress.sessions["Not A Slug"]: is not a valid id'],
  ])('reports every problem with its path: %j', (progress, message) => {
    const checked = checkBackup(backupOf(progress as Partial<PlanProgress>));
    expect(checked).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!checked.ok && checked.reason === 'invalid' && checked.problems).toContain(message);
  });
});

it('never lets a "__proto__" key reach an object prototype', () => {
  // JSON.parse makes "__proto__" an own key; the check drops it instead of assigning a prototype.
  const parsed = JSON.parse(JSON.stringify(backupOf({})).replace('"sessions":{}', '"sessions":{"__proto__":{"summary":"x"}}'));
  const checked = checkBackup(parsed);
  expect(checked.ok && Object.getPrototypeOf(checked.backup.progress.sessions)).toBe(Object.prototype);
  expect(checked.ok && Object.keys(checked.backup.progress.sessions)).toEqual([]);
});

describe('mergeSessionRecord: the newer record wins', () => {
  const early = '2026-12-01T10:00:00+01:00';
  const late = '2026-12-03T10:00:00+01:00';
  it.each([
    ['the later finish wins, and both summaries are kept', { completedAt: early, minutesSpent: 40, summary: 'a' }, { completedAt: late, minutesSpent: 60, summary: 'b' }, { completedAt: late, minutesSpent: 60, summary: 'b\n\n— also written, in the other copy —\na' }],
    ['a summary holding the other is kept as it is', { completedAt: early, summary: 'b\n\n— also written, in the other copy —\na' }, { completedAt: early, summary: 'b' }, { completedAt: early, summary: 'b\n\n— also written, in the other copy —\na' }],
    ['an earlier finish loses', { completedAt: late, minutesSpent: 60 }, { completedAt: early, minutesSpent: 40 }, { completedAt: late, minutesSpent: 60 }],
    ['finished beats unfinished', { completedAt: null, minutesSpent: null, summary: 'kept' }, { completedAt: early, minutesSpent: 40 }, { completedAt: early, minutesSpent: 40, summary: 'kept' }],
    ['a summary is never lost', { completedAt: late, minutesSpent: 60, summary: null }, { completedAt: early, summary: 'older words' }, { completedAt: late, minutesSpent: 60, summary: 'older words' }],
    ['ticks are combined', { checked: [1, 3] }, { checked: [2, 3] }, { checked: [1, 2, 3] }],
  ])('%s', (_name, mine, theirs, expected) => {
    expect(mergeSessionRecord(mine, theirs)).toEqual(expected);
  });
});

describe('newerReviewItem', () => {
  const item = (createdAt: string, lastReview: string | null): ReviewItemRecord => ({
    source: 'alpha',
    createdAt,
    due: '2026-12-05',
    card: lastReview ? card(lastReview) : null,
  });
  it('prefers the later review, else the later creation', () => {
    const reviewed = item('2026-12-01T10:00:00Z', '2026-12-03');
    const fresh = item('2026-12-02T10:00:00Z', null);
    expect(newerReviewItem(fresh, reviewed)).toBe(reviewed);
    expect(newerReviewItem(reviewed, fresh)).toBe(reviewed);
    const recreated = item('2026-12-04T10:00:00Z', null);
    expect(newerReviewItem(reviewed, recreated)).toBe(recreated);
    // Created and reviewed the same day: the review is the newer state.
    expect(newerReviewItem(item('2026-12-03T10:00:00Z', null), reviewed)).toBe(reviewed);
  });
});

describe('mergeProgress and replaceProgress', () => {
  const base = (): PlanProgress => ({
    ...emptyProgress(),
    sessions: { alpha: { completedAt: '2026-12-01T10:00:00Z', minutesSpent: 50 } },
    reviewItems: { 'session:alpha': { source: 'alpha', createdAt: '2026-12-01T10:00:00Z', due: '2026-12-02', card: null } },
    reviewLog: [{ item: 'session:alpha', at: '2026-12-02T09:00:00Z', rating: 'good' }],
    lab: '2026-12-20',
  });
  const incoming = (): PlanProgress => ({
    ...emptyProgress(),
    sessions: { beta: { completedAt: '2026-12-02T10:00:00Z', minutesSpent: 30 } },
    reviewItems: { 'session:alpha': { source: 'alpha', createdAt: '2026-12-01T10:00:00Z', due: '2026-12-12', card: card('2026-12-03') } },
    reviewLog: [
      { item: 'session:alpha', at: '2026-12-03T09:00:00Z', rating: 'easy' },
      { item: 'session:alpha', at: '2026-12-02T09:00:00Z', rating: 'good' },
    ],
    lab: '2026-12-24',
    startDate: '2026-11-30',
  });

  it('merges: adds what is new, keeps the newer record, combines the logs without doubles', () => {
    const current = base();
    const changes = mergeProgress(current, incoming());
    expect(Object.keys(current.sessions).sort()).toEqual(['alpha', 'beta']);
    expect(current.reviewItems['session:alpha']?.due).toBe('2026-12-12');
    expect(current.reviewLog.map((entry) => entry.at)).toEqual(['2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z']);
    // The lab date set here stays; the start date, unset here, comes from the backup.
    expect([current.lab, current.startDate]).toEqual(['2026-12-20', '2026-11-30']);
    expect(changes).toEqual({
      sessions: { added: 1, updated: 0, removed: 0 },
      reviewItems: { added: 0, updated: 1, removed: 0 },
      reviewLog: { added: 1, removed: 0 },
      lab: false,
      startDate: true,
    });
    // Merging the same backup again changes nothing.
    expect(mergeProgress(current, incoming())).toMatchObject({ sessions: { added: 0, updated: 0 }, reviewItems: { added: 0, updated: 0 }, reviewLog: { added: 0 } });
  });

  it('replaces exactly, and counts what goes', () => {
    const current = base();
    const changes = replaceProgress(current, incoming());
    expect(current).toEqual(incoming());
    expect(changes.sessions).toEqual({ added: 1, updated: 0, removed: 1 });
    expect(changes.reviewLog).toEqual({ added: 1, removed: 0 });
  });
});
