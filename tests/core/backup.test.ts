import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKUP_VERSION,
  createBackup,
  mergeSessionRecord,
  newerReviewItem,
  OTHER_SUMMARY_MARK,
  planMerge,
  planReplace,
  type BackupProgress,
  type BackupReview,
} from '../../src/core/backup.ts';
import { checkBackup } from '../../src/core/backup-check.ts';
import { checkBackupDirectly } from '../../src/core/backup-direct-check.ts';
import type { ReviewEvent } from '../../src/core/events.ts';
import { dict, itemProblem, sessionProblem, type CardState, type SessionRecord } from '../../src/core/records.ts';
import { itemRecord, sessionRecord, stateOf } from './plans.ts';

const card = (lastReview: string, reps = 1): CardState => ({ stability: 3.2, difficulty: 5.1, elapsed_days: 1, scheduled_days: 8, learning_steps: 0, reps, lapses: 0, state: 2, last_review: lastReview });

const fixtureV1 = JSON.parse(readFileSync(new URL('../fixtures/backup-format-1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** A version 1 backup (ticks by number, the card with its own due day, reviews without ids). */
const backupV1 = (progress: Record<string, unknown>): Record<string, unknown> => ({
  format: 'k8s-study-backup',
  version: 1,
  plan: { id: 'tiny', title: 'Tiny' },
  exportedAt: '2026-12-03T10:00:00+01:00',
  progress: { sessions: {}, reviewItems: {}, reviewLog: [], lab: null, startDate: null, ...progress },
});

/** A version 2 backup as this build writes it. */
const backupV2 = (progress: Partial<BackupProgress>): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ ...backupV1({}), version: 2, progress: { sessions: {}, reviewItems: {}, reviewLog: [], lab: null, startDate: null, ...progress } }));

const problemsOf = (document: unknown): string[] => {
  const checked = checkBackup(document);
  return !checked.ok && checked.reason === 'invalid' ? checked.problems : [];
};

describe('checkBackup: version 1', () => {
  it('reads the format-1 fixture: ticks by number kept as positions, reviews none', () => {
    const checked = checkBackup(fixtureV1);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const { progress } = checked.backup;
    expect(checked.backup).toMatchObject({ version: 1, plan: { id: 'k8s-security-fundamentals' } });
    expect(Object.keys(progress.sessions)).toEqual(['shared-responsibility', 'architecture-cloud-native-gaps', 'eks-security-architecture', 'additional-security-components']);
    expect(progress.sessions['architecture-cloud-native-gaps']).toEqual({
      completedAt: '2026-11-28T20:15:00+00:00',
      minutesSpent: 70,
      summary: 'Control plane: API server, scheduler, controller manager, etcd.',
      ticks: [],
      legacyTicks: [1, 2],
      clockedMinutes: 0,
      changedAt: '2026-11-28T20:15:00+00:00',
    });
    // Never finished: changed at the start of time, so any newer record wins a merge.
    expect(progress.sessions['additional-security-components']).toMatchObject({ completedAt: null, summary: 'Pod security: admission, contexts, least privilege.', changedAt: '1970-01-01T00:00:00Z' });
    expect(progress.sessions['additional-security-components']).not.toHaveProperty('legacyTicks');
    expect(Object.keys(progress.reviewItems)).toHaveLength(11);
    expect(progress.reviewItems['term:etcd']).toEqual({ source: 'shared-responsibility', createdAt: '2026-11-27T09:30:00+00:00', due: '2026-11-28', card: null, changedAt: '2026-11-27T09:30:00+00:00' });
    expect([progress.reviewLog, progress.lab, progress.startDate]).toEqual([[], '2026-12-10', null]);
    expect(Object.getPrototypeOf(progress.sessions)).toBeNull();
  });

  it('gives two identical reviews two ids, the same ones on every read', () => {
    const same = { item: 'term:etcd', at: '2026-12-02T09:00:00+01:00', rating: 'good' };
    const document = backupV1({
      reviewItems: { 'term:etcd': { source: 'alpha', createdAt: '2026-12-01T10:00:00+01:00', due: '2026-12-10', card: { due: '2026-12-10', ...card('2026-12-02T09:00:00+01:00') } } },
      reviewLog: [same, same],
    });
    const first = checkBackup(document);
    const again = checkBackup(JSON.parse(JSON.stringify(document)));
    if (!first.ok || !again.ok) throw new Error('refused');
    const ids = first.backup.progress.reviewLog.map((review) => review.id);
    expect(new Set(ids).size).toBe(2);
    expect(again.backup.progress.reviewLog.map((review) => review.id)).toEqual(ids);
    // The card's last review becomes its study day; the item changed with its last review.
    expect(first.backup.progress.reviewItems['term:etcd']).toMatchObject({ changedAt: '2026-12-02T09:00:00+01:00', card: { last_review: '2026-12-02', reps: 1 } });
    expect(first.backup.progress.reviewItems['term:etcd']?.card).not.toHaveProperty('due');
  });

  it('gives records that pass the store\'s own checks', () => {
    const checked = checkBackup(fixtureV1);
    if (!checked.ok) throw new Error('refused');
    for (const record of Object.values(checked.backup.progress.sessions)) expect(sessionProblem(record)).toBeNull();
    for (const record of Object.values(checked.backup.progress.reviewItems)) expect(itemProblem(record)).toBeNull();
  });

  // The store refuses to read an item whose card's last review is no calendar day: every command
  // would then stop with "has a record k8s-study cannot use". A backup holding one must be refused
  // (or the value dropped), never imported as it is.
  it.each(['garbage', '3000-01-01T00:00:00Z', '2026-02-30T10:00:00Z'])('never accepts a card last reviewed %j as a record the store cannot read', (lastReview) => {
    const checked = checkBackup(
      backupV1({ reviewItems: { 'term:etcd': { source: 'alpha', createdAt: '2026-12-01T10:00:00+01:00', due: '2026-12-10', card: { due: '2026-12-10', ...card('2026-12-02'), last_review: lastReview } } } }),
    );
    if (checked.ok) expect(itemProblem(checked.backup.progress.reviewItems['term:etcd'])).toBeNull();
    else expect(checked.reason).toBe('invalid');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['minutes as text', { sessions: { alpha: { minutesSpent: '50' } } }, 'progress.sessions.alpha.minutesSpent: must be a number'],
    ['an instant that is no instant', { sessions: { alpha: { completedAt: 'yesterday' } } }, 'progress.sessions.alpha.completedAt: must be an ISO 8601 instant with its offset, from 1970 to 2999'],
    ['an unknown key', { sessions: { alpha: { colour: 'red' } } }, 'progress.sessions.alpha: unknown key "colour"'],
    ['a lab day that does not exist', { lab: '2026-02-30' }, 'progress.lab: must be a calendar day YYYY-MM-DD from 1970 to 2999'],
    ['a rating not known', { reviewLog: [{ item: 'session:alpha', at: '2026-12-02T10:00:00Z', rating: 'great' }] }, 'progress.reviewLog[0].rating: must be one of "again", "hard", "good", "easy"'],
    ['an item id of no kind', { reviewItems: { 'chapter:one': { source: 'alpha', createdAt: '2026-12-02T10:00:00Z', due: '2026-12-03', card: null } } }, 'progress.reviewItems["chapter:one"]: is not a valid id'],
    ['a session id that is no slug', { sessions: { 'Not A Slug': {} } }, 'progress.sessions["Not A Slug"]: is not a valid id'],
    ['minutes over a year', { sessions: { alpha: { minutesSpent: 525_601 } } }, 'progress.sessions.alpha.minutesSpent: must be at most 525600'],
    [
      'a stability of 1e308',
      { reviewItems: { 'term:etcd': { source: 'alpha', createdAt: '2026-12-01T10:00:00Z', due: '2026-12-10', card: { due: '2026-12-10', ...card('2026-12-02'), stability: 1e308 } } } },
      'progress.reviewItems["term:etcd"].card.stability: must be at most 1000000',
    ],
  ])('names what is wrong: %s', (_name, progress, problem) => {
    expect(checkBackup(backupV1(progress))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(problemsOf(backupV1(progress))).toContain(problem);
  });
});

describe('checkBackup: version 2', () => {
  const sessions = { alpha: sessionRecord({ completedAt: '2026-12-01T10:00:00+01:00', minutesSpent: 50, summary: 'mine', ticks: ['a line'], changedAt: '2026-12-01T10:00:00+01:00' }) };
  const reviewItems = { 'session:alpha': itemRecord('2026-12-10', { card: card('2026-12-02') }) };
  const reviews: ReviewEvent[] = [
    { id: 'r1', kind: 'review', plan: 'tiny', item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good' },
    { id: 'r2', kind: 'review', plan: 'tiny', item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good', practice: true },
  ];

  it('reads back what createBackup wrote, through JSON', () => {
    const backup = createBackup({ id: 'tiny', title: 'Tiny' }, stateOf({ sessions, items: reviewItems, meta: { lab: '2026-12-20', startDate: '2026-12-01' } }), reviews, '2026-12-03T10:00:00+01:00');
    expect(backup.version).toBe(BACKUP_VERSION);
    const checked = checkBackup(JSON.parse(JSON.stringify(backup)));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.backup).toEqual(JSON.parse(JSON.stringify(backup)));
    expect(checked.backup.progress.reviewLog).toEqual([
      { id: 'r1', item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good' },
      { id: 'r2', item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good', practice: true },
    ]);
    expect(Object.getPrototypeOf(checked.backup.progress.sessions)).toBeNull();
    expect(Object.getPrototypeOf(checked.backup.progress.reviewItems)).toBeNull();
  });

  it('is accepted without the schema library when wholly good, and only then: the schema accepts it the same', () => {
    const good = (): Record<string, unknown> =>
      JSON.parse(JSON.stringify(createBackup({ id: 'tiny', title: 'Tiny' }, stateOf({ sessions, items: reviewItems, meta: { lab: '2026-12-20', startDate: null } }), reviews, '2026-12-03T10:00:00+01:00')));
    const bySchema = checkBackup(good());
    expect(checkBackupDirectly(good())).toEqual(bySchema.ok ? bySchema.backup : 'refused by the schema');
    expect(Object.getPrototypeOf(checkBackupDirectly(good())!.progress.reviewItems)).toBeNull();
    // Anything put anywhere in a good backup, or anything taken out: whatever the direct check
    // accepts, the schema accepts as the same backup.
    const paths = [
      ['format'], ['version'], ['plan'], ['plan', 'id'], ['plan', 'title'], ['plan', 'extra'], ['exportedAt'], ['extra'], ['progress'],
      ['progress', 'lab'], ['progress', 'startDate'], ['progress', 'extra'], ['progress', 'sessions'], ['progress', 'sessions', 'alpha'], ['progress', 'sessions', 'Not A Slug'],
      ['progress', 'sessions', 'alpha', 'minutesSpent'], ['progress', 'sessions', 'alpha', 'ticks'], ['progress', 'sessions', 'alpha', 'extra'],
      ['progress', 'reviewItems'], ['progress', 'reviewItems', 'session:alpha', 'card'], ['progress', 'reviewItems', 'session:alpha', 'due'], ['progress', 'reviewItems', 'chapter:one'],
      ['progress', 'reviewLog'], ['progress', 'reviewLog', '0'], ['progress', 'reviewLog', '1', 'practice'], ['progress', 'reviewLog', '0', 'id'], ['progress', 'reviewLog', '0', 'item'],
      ['progress', 'reviewLog', '0', 'at'], ['progress', 'reviewLog', '0', 'rating'], ['progress', 'reviewLog', '0', 'extra'],
    ];
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, 2, 1, 3, true, false, '', 'k8s-study-backup', '2026-12-20', '2026-02-30', '2026-12-03T10:00:00Z', 'good', 'session:beta', 'a'.repeat(101)));
    fc.assert(
      fc.property(fc.constantFrom(...paths), value, (path, replacement) => {
        const document = good();
        let parent: Record<string, unknown> = document;
        for (const key of path.slice(0, -1)) parent = (parent[key] ?? (parent[key] = {})) as Record<string, unknown>;
        const last = path[path.length - 1]!;
        if (replacement === undefined) delete parent[last];
        else parent[last] = replacement;
        const direct = checkBackupDirectly(JSON.parse(JSON.stringify(document)));
        if (direct === null) return;
        const schema = checkBackup(JSON.parse(JSON.stringify(document)));
        expect(schema.ok, JSON.stringify([path, replacement])).toBe(true);
        if (schema.ok) expect(direct).toEqual(schema.backup);
      }),
      { seed: 20261130, numRuns: 3000 },
    );
  });

  it.each<[string, Partial<BackupProgress>, string]>([
    ['a session record with minutes as text', { sessions: { alpha: { ...sessions.alpha, minutesSpent: '50' as unknown as number } } }, 'progress.sessions.alpha: is not a session record: minutesSpent: is not a number of minutes from 0 to 525600'],
    ['a session finished in 9999', { sessions: { alpha: { ...sessions.alpha, completedAt: '9999-12-31T00:00Z' } } }, 'progress.sessions.alpha: is not a session record: completedAt: is not an instant'],
    ['an item with a stability of 1e308', { reviewItems: { 'session:alpha': { ...reviewItems['session:alpha'], card: { ...card('2026-12-02'), stability: 1e308 } } } }, 'progress.reviewItems["session:alpha"]: is not a review item record: card.stability: is not a number from 0 to 1000000'],
    ['a review without id', { reviewLog: [{ item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good' } as BackupReview] }, 'progress.reviewLog[0].id: must be text'],
    ...reviewLogFaults(),
  ])('names the invalid record: %s', (_name, progress, problem) => {
    expect(checkBackupDirectly(backupV2(progress))).toBeNull();
    expect(problemsOf(backupV2(progress)).some((line) => line.startsWith(problem))).toBe(true);
  });
});

/** Logs of good reviews with one fault after them: every fault is named, where it is, among thousands of good entries. */
function reviewLogFaults(): [string, Partial<BackupProgress>, string][] {
  const good = Array.from({ length: 2000 }, (_, index): BackupReview => ({ id: `r${index}`, item: 'session:alpha', at: '2026-12-02T10:00:00+01:00', rating: 'good', ...(index % 7 === 0 ? { practice: true as const } : {}) }));
  const faults: [string, unknown, string][] = [
    ['an instant without its offset', { id: 'x', item: 'session:alpha', at: '2026-12-02T10:00', rating: 'good' }, 'progress.reviewLog[2000].at: must be an ISO 8601 instant'],
    ['an unknown key', { id: 'x', item: 'session:alpha', at: '2026-12-02T10:00:00Z', rating: 'good', mood: 'fine' }, 'progress.reviewLog[2000]: '],
    ['practice false', { id: 'x', item: 'session:alpha', at: '2026-12-02T10:00:00Z', rating: 'good', practice: false }, 'progress.reviewLog[2000].practice: '],
    ['an empty id', { id: '', item: 'session:alpha', at: '2026-12-02T10:00:00Z', rating: 'good' }, 'progress.reviewLog[2000].id: '],
    ['an item that is not an item id', { id: 'x', item: 'alpha', at: '2026-12-02T10:00:00Z', rating: 'good' }, 'progress.reviewLog[2000].item: must be a review item id'],
    ['a list in place of a review', ['x'], 'progress.reviewLog[2000]: '],
  ];
  return faults.map(([name, fault, problem]) => [`${name}, after 2,000 good reviews`, { reviewLog: [...good, fault as BackupReview] }, problem]);
}

describe('checkBackup: what is not a backup this build reads', () => {
  it.each([
    ['a list', [], 'not-backup'],
    ['another JSON file', { plans: {} }, 'not-backup'],
    ['no version', { ...backupV1({}), version: undefined }, 'invalid'],
    ['version 0', { ...backupV1({}), version: 0 }, 'invalid'],
    ['version 1.5', { ...backupV1({}), version: 1.5 }, 'invalid'],
  ])('refuses %s', (_name, document, reason) => {
    expect(checkBackup(document)).toMatchObject({ ok: false, reason });
  });

  it('names a newer format as such, whatever else it holds', () => {
    expect(checkBackup({ format: 'k8s-study-backup', version: BACKUP_VERSION + 1, something: 'new' })).toEqual({ ok: false, reason: 'newer', version: BACKUP_VERSION + 1 });
  });

  it.each([1, 2])('version %i: never lets a "__proto__" key reach an object prototype', (version) => {
    // JSON.parse makes "__proto__" an own key; the check drops it instead of assigning a prototype.
    const document = backupV2({ sessions: { alpha: sessionRecord() } }) as { version: number; progress: { sessions: unknown } };
    document.version = version;
    if (version === 1) document.progress.sessions = { alpha: { summary: 'mine' } };
    const text = JSON.stringify(document).replace('"sessions":{', '"sessions":{"__proto__":{"summary":"x"},');
    const checked = checkBackup(JSON.parse(text));
    if (!checked.ok) throw new Error(`refused: ${JSON.stringify(checked)}`);
    expect(Object.getPrototypeOf(checked.backup.progress.sessions)).toBeNull();
    expect(Object.keys(checked.backup.progress.sessions)).toEqual(['alpha']);
    expect(({} as Record<string, unknown>).summary).toBeUndefined();
  });
});

describe('mergeSessionRecord: the newer record wins, no summary and no finish is lost', () => {
  const early = '2026-12-01T10:00:00+01:00';
  const late = '2026-12-03T10:00:00+01:00';
  const both = (first: string, second: string): string => `${first}\n\n${OTHER_SUMMARY_MARK}\n${second}`;
  it.each<[string, Partial<SessionRecord>, Partial<SessionRecord>, Partial<SessionRecord>]>([
    ['the later change wins, and both summaries are kept', { changedAt: early, completedAt: early, minutesSpent: 40, summary: 'a' }, { changedAt: late, completedAt: late, minutesSpent: 60, summary: 'b' }, { changedAt: late, completedAt: late, minutesSpent: 60, summary: both('b', 'a') }],
    ['an earlier change loses', { changedAt: late, completedAt: late, minutesSpent: 60 }, { changedAt: early, completedAt: early, minutesSpent: 40 }, { changedAt: late, completedAt: late, minutesSpent: 60 }],
    // A copy not done cannot tell "undone" from "never done": the finish, the day and the minutes stay (sync, which has the events, can tell).
    ['a finish in either copy stays: a later copy that is not done does not take it back', { changedAt: late, completedAt: null, ticks: ['one'] }, { changedAt: early, completedAt: early, minutesSpent: 40 }, { changedAt: late, completedAt: early, minutesSpent: 40, ticks: ['one'] }],
    ['a summary holding the other is kept as it is', { changedAt: early, summary: both('b', 'a') }, { changedAt: late, summary: 'b' }, { changedAt: late, summary: both('b', 'a') }],
    ['a summary is never lost', { changedAt: late, summary: null }, { changedAt: early, summary: 'older words' }, { changedAt: late, summary: 'older words' }],
    ['ticks are combined', { ticks: ['one', 'three'] }, { ticks: ['two', 'three'] }, { ticks: ['one', 'three', 'two'] }],
    ['ticks by position too', { legacyTicks: [3] }, { legacyTicks: [1, 3] }, { legacyTicks: [1, 3] }],
  ])('%s', (_name, mine, theirs, expected) => {
    expect(mergeSessionRecord(sessionRecord(mine), sessionRecord(theirs))).toEqual(sessionRecord(expected));
  });
});

describe('newerReviewItem', () => {
  it('prefers the later review, else the later creation; on one day, more reviews, then the later change', () => {
    const reviewed = itemRecord('2026-12-05', { createdAt: '2026-12-01T10:00:00Z', card: card('2026-12-03') });
    const fresh = itemRecord('2026-12-05', { createdAt: '2026-12-02T10:00:00Z' });
    expect(newerReviewItem(fresh, reviewed)).toBe(reviewed);
    expect(newerReviewItem(reviewed, fresh)).toBe(reviewed);
    const recreated = itemRecord('2026-12-05', { createdAt: '2026-12-04T10:00:00Z' });
    expect(newerReviewItem(reviewed, recreated)).toBe(recreated);
    expect(newerReviewItem(itemRecord('2026-12-05', { createdAt: '2026-12-03T10:00:00Z' }), reviewed)).toBe(reviewed);
    const twice = itemRecord('2026-12-09', { createdAt: '2026-12-01T10:00:00Z', card: card('2026-12-03', 2) });
    expect(newerReviewItem(twice, reviewed)).toBe(twice);
    const changedLater = { ...reviewed, due: '2026-12-06', changedAt: '2026-12-03T11:00:00Z' };
    expect(newerReviewItem(reviewed, changedLater)).toBe(changedLater);
  });
});

describe('planMerge', () => {
  const at = '2026-12-01T10:00:00Z';
  const current = () =>
    stateOf({
      sessions: { alpha: sessionRecord({ completedAt: at, minutesSpent: 50, summary: 'mine', changedAt: at }) },
      items: { 'session:alpha': itemRecord('2026-12-02', { createdAt: at, changedAt: at }) },
      meta: { lab: '2026-12-20' },
    });
  const incoming = (): BackupProgress => ({
    sessions: dict([
      ['alpha', sessionRecord({ completedAt: at, minutesSpent: 65, summary: 'theirs', changedAt: '2026-12-02T10:00:00Z' })],
      ['beta', sessionRecord({ completedAt: '2026-12-02T10:00:00Z', minutesSpent: 30, changedAt: '2026-12-02T10:00:00Z' })],
    ]),
    reviewItems: dict([['session:alpha', itemRecord('2026-12-12', { createdAt: at, card: card('2026-12-03'), changedAt: '2026-12-03T09:00:00Z' })]]),
    reviewLog: [
      { id: 'known', item: 'session:alpha', at: '2026-12-02T09:00:00Z', rating: 'good' },
      { id: 'new-1', item: 'session:alpha', at: '2026-12-03T09:00:00Z', rating: 'easy' },
      { id: 'new-2', item: 'session:alpha', at: '2026-12-03T09:00:00Z', rating: 'easy' },
    ],
    lab: '2026-12-24',
    startDate: '2026-11-30',
  });

  it('adds what is new, keeps the newer record with both summaries, adds each review once by id', () => {
    const merge = planMerge(current(), ['known'], incoming());
    expect(merge.sessions.alpha).toMatchObject({ minutesSpent: 65, summary: `theirs\n\n${OTHER_SUMMARY_MARK}\nmine`, changedAt: '2026-12-02T10:00:00Z' });
    expect(merge.sessions.beta).toMatchObject({ minutesSpent: 30 });
    expect(merge.items['session:alpha']?.due).toBe('2026-12-12');
    // Two identical reviews with different ids stay two; the one known by id is not added again.
    expect(merge.reviews.map((review) => review.id)).toEqual(['new-1', 'new-2']);
    // The lab date set here stays; the start date, unset here, comes from the backup.
    expect(merge.meta).toEqual({ lab: '2026-12-20', startDate: '2026-11-30' });
    expect(merge.changes).toEqual({
      sessions: { added: 1, updated: 1, removed: 0 },
      reviewItems: { added: 0, updated: 1, removed: 0 },
      reviewLog: { added: 2, removed: 0 },
      lab: false,
      startDate: true,
    });
  });

  it('adds a review listed twice under one id once', () => {
    const twice = { ...incoming(), reviewLog: [incoming().reviewLog[1]!, incoming().reviewLog[1]!] };
    expect(planMerge(current(), [], twice).reviews.map((review) => review.id)).toEqual(['new-1']);
  });

  it('keeps the records here when they are newer, and changes nothing merging the result again', () => {
    const state = current();
    const first = planMerge(state, ['known'], incoming());
    for (const [id, record] of Object.entries(first.sessions)) if (record) state.sessions[id] = record;
    for (const [id, record] of Object.entries(first.items)) if (record) state.items[id] = record;
    state.meta = { ...state.meta, ...first.meta };
    const again = planMerge(state, ['known', 'new-1', 'new-2'], incoming());
    expect(again.changes).toEqual({
      sessions: { added: 0, updated: 0, removed: 0 },
      reviewItems: { added: 0, updated: 0, removed: 0 },
      reviewLog: { added: 0, removed: 0 },
      lab: false,
      startDate: false,
    });
    expect([Object.keys(again.sessions), Object.keys(again.items), again.reviews]).toEqual([[], [], []]);
  });

  it('adds exactly the answers the store lacks, whatever order the backup lists them in', () => {
    // The store's answers are looked up in their order first: a backup in another order, with new
    // answers between known ones and with one listed twice, must come out the same.
    const known = Array.from({ length: 20 }, (_, index) => `known-${index}`);
    const answer = (id: string) => ({ id, item: 'session:alpha', at: '2026-12-02T09:00:00Z', rating: 'good' as const });
    const orders: [string, string[]][] = [
      ['the store\'s order', [...known]],
      ['the store\'s order, new answers after', [...known, 'new-a', 'new-b']],
      ['new answers between', [...known.slice(0, 5), 'new-a', ...known.slice(5, 12), 'new-b', ...known.slice(12)]],
      ['reversed, one twice', ['new-a', ...[...known].reverse(), 'known-3', 'new-b', 'new-a']],
      ['a part, from the middle', [...known.slice(10), ...known.slice(0, 3), 'new-b', 'new-a']],
    ];
    for (const [name, ids] of orders) {
      const brought = { ...incoming(), reviewLog: ids.map(answer) };
      const merge = planMerge(current(), known, brought);
      expect(merge.reviews.map((review) => review.id).sort(), name).toEqual(ids.includes('new-a') ? ['new-a', 'new-b'] : []);
    }
  });

  it('fills the lab date only where none is set', () => {
    const empty = stateOf();
    expect(planMerge(empty, [], incoming())).toMatchObject({ meta: { lab: '2026-12-24', startDate: '2026-11-30' }, changes: { lab: true, startDate: true } });
  });
});

describe('planReplace', () => {
  it('makes every record the backup\'s and counts what is added, updated and removed', () => {
    const state = stateOf({
      sessions: { alpha: sessionRecord({ summary: 'mine' }), gamma: sessionRecord(), same: sessionRecord({ summary: 's' }) },
      items: { 'session:alpha': itemRecord('2026-12-02'), 'session:gamma': itemRecord('2026-12-02') },
      meta: { lab: '2026-12-20', startDate: null },
    });
    const incoming: BackupProgress = {
      sessions: dict([
        ['alpha', sessionRecord({ summary: 'theirs' })],
        ['beta', sessionRecord()],
        ['same', sessionRecord({ summary: 's' })],
      ]),
      reviewItems: dict([['session:alpha', itemRecord('2026-12-02')]]),
      reviewLog: [
        { id: 'kept', item: 'session:alpha', at: '2026-12-02T09:00:00Z', rating: 'good' },
        { id: 'new', item: 'session:alpha', at: '2026-12-03T09:00:00Z', rating: 'good' },
      ],
      lab: '2026-12-20',
      startDate: '2026-12-01',
    };
    const replace = planReplace(state, ['kept', 'gone-1', 'gone-2'], incoming);
    expect(replace.changes).toEqual({
      sessions: { added: 1, updated: 1, removed: 1 },
      reviewItems: { added: 0, updated: 0, removed: 1 },
      reviewLog: { added: 1, removed: 2 },
      lab: false,
      startDate: true,
    });
    expect({ ...replace.sessions }).toEqual({ alpha: sessionRecord({ summary: 'theirs' }), beta: sessionRecord(), gamma: null });
    expect({ ...replace.items }).toEqual({ 'session:gamma': null });
    expect(replace.reviews.map((review) => review.id)).toEqual(['kept', 'new']);
    expect(replace.meta).toEqual({ lab: '2026-12-20', startDate: '2026-12-01' });
  });
});
