import { forgetting_curve, generatorParameters } from 'ts-fsrs';
import { describe, expect, it, vi } from 'vitest';
import type { JournalEvent } from '../../src/core/events.ts';
import { cli, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { flat, json, ok, recordingPrompts, writePlan } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// Reviewing is recalling (SPEC §7), in-process with scripted answers: one-key answers, "again"
// coming back, undo within a sitting, practice, recall coverage on a plan made here, items named by
// prefix, show <item>, and the lab forecast checked against ts-fsrs's own forgetting curve.
//
// Finishing session 1 of the shipped plan on 2026-12-01 starts 8 items due the next day, asked in
// this order: session:shared-responsibility, keypoint:control-plane, keypoint:iam-access-control,
// keypoint:shared-responsibility-model, term:etcd, term:kube-apiserver,
// term:kube-controller-manager, term:kube-scheduler.

const NOW = '2026-12-02T09:00';
const RECALL = 'What do you remember of it? (one line; e then Enter opens $EDITOR; Enter alone shows it)';
const RATE = 'How well did you recall it?';

async function studied(): Promise<string> {
  const configDir = tempDir();
  await ok(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC', '--minutes', '55'], { configDir, now: '2026-12-01T10:00' });
  return configDir;
}

type Review = { id: string; kind: string; item: string; rating: string; practice?: boolean };
const reviewsIn = (events: JournalEvent[]): Review[] => events.filter((event) => event.kind === 'review') as unknown as Review[];
const itemsAsked = (out: string): string[] => [...out.matchAll(/^\[(\d+)\/(\d+)\] ([a-z ]+?)(?: ·.*)?\n(.+)$/gm)].map((match) => `${match[1]}/${match[2]} ${match[4]}`);

describe('a review sitting with one-key answers', () => {
  it('"again" brings the item back before the sitting ends; each answer is saved as given', async () => {
    const configDir = await studied();
    // Session: Enter, 3 good. control-plane: reveal, 1 again. The six others: reveal, 3 good. control-plane again: reveal, 4 easy.
    const answers = ['', 'good', 'reveal', 'again', ...Array.from({ length: 6 }, () => ['reveal', 'good']).flat(), 'reveal', 'easy'];
    const prompts = scriptedPrompts(answers);
    const result = await cli(['review'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const asked = itemsAsked(result.stdout);
    expect(asked[1]).toBe('2/8 Kubernetes Control Plane');
    // The sitting grows by one: control-plane comes back last, marked as such.
    expect(asked.at(-1)).toBe('9/9 Kubernetes Control Plane');
    expect(result.stdout).toContain('[9/9] key point · again, back once more');
    expect(flat(result.stdout)).toContain('✔ keypoint:control-plane rated again; next review 2026-12-03 (tomorrow); it comes back before this sitting ends');
    expect(flat(result.stdout)).toContain('Reviewed 9, skipped 0; nothing left due today.');
    const reviews = reviewsIn(readStoreOnDisk(configDir).events).filter((review) => review.item === 'keypoint:control-plane');
    expect(reviews.map((review) => review.rating)).toEqual(['again', 'easy']);
    expect(readStoreOnDisk(configDir).items['keypoint:control-plane']?.card).toMatchObject({ reps: 2, lapses: 0 });
  });

  it('u undoes the last answer of the sitting: the item as it was, an undo in the journal, the answer gone from every history', async () => {
    const configDir = await studied();
    const before = readStoreOnDisk(configDir);
    // Session: Enter, 4 easy; control-plane: reveal, then u (undo the session's answer); the session again: Enter, 2 hard; quit.
    const prompts = recordingPrompts(['', 'easy', 'undo', '', 'hard', 'quit']);
    const result = await cli(['review'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // u is offered only once there is an answer to undo.
    const keysAt = (index: number) => prompts.offered.filter((entry) => entry.keys)[index]!.keys!.map((key) => key.key);
    expect(keysAt(0)).toEqual(['1', '2', '3', '4', 's', 'q']);
    expect(keysAt(1)).toEqual(['space', 's', 'u', 'q']);
    expect(flat(result.stdout)).toContain('↶ undid the answer easy to session:shared-responsibility; it is due 2026-12-02 again; it is asked again now');
    expect(itemsAsked(result.stdout).slice(0, 3)).toEqual(['1/8 1. Shared Responsibility and Compute Types', '2/8 Kubernetes Control Plane', '1/8 1. Shared Responsibility and Compute Types']);
    expect(flat(result.stdout)).toContain('Reviewed 1, skipped 0, undid 1; 7 still due');

    const after = readStoreOnDisk(configDir);
    const added = after.events.slice(before.events.length) as unknown as (Review & { undoes?: string; changes?: unknown[] })[];
    expect(added.map((event) => [event.kind, event.rating ?? null])).toEqual([
      ['review', 'easy'],
      ['undo', null],
      ['review', 'hard'],
    ]);
    expect(added[1]).toMatchObject({ undoes: added[0]!.id, changes: [expect.objectContaining({ key: 'item:session:shared-responsibility' })] });
    // The item follows the answers that stand: hard, from its state before the undone easy.
    const hardOnly = tempDir();
    await ok(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC', '--minutes', '55'], { configDir: hardOnly, now: '2026-12-01T10:00' });
    await ok(['review', 'session:1', '--rating', 'hard'], { configDir: hardOnly, now: NOW });
    expect(after.items['session:shared-responsibility']?.card).toEqual(readStoreOnDisk(hardOnly).items['session:shared-responsibility']?.card);
    expect(after.items['session:shared-responsibility']?.due).toBe(readStoreOnDisk(hardOnly).items['session:shared-responsibility']?.due);

    // Every reader of the history leaves the undone answer out.
    const shown = await json<{ history: { rating: string }[] }>(['show', 'session:1'], { configDir, now: NOW });
    expect(shown.history.map((entry) => entry.rating)).toEqual(['hard']);
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: NOW })).reviews.done).toBe(1);
    const backup = JSON.parse((await cli(['export', '--format', 'json'], { configDir, now: NOW })).stdout) as { progress: { reviewLog: { rating: string }[] } };
    expect(backup.progress.reviewLog.map((entry) => entry.rating)).toEqual(['hard']);
    expect(await ok(['export', '--format', 'md'], { configDir, now: NOW })).toContain('(`session:shared-responsibility`): reviewed 1×');
  });

  it('u with an "again" answer takes its return back', async () => {
    const configDir = await studied();
    const prompts = scriptedPrompts(['', 'again', 'undo', '', 'good', 'quit']);
    const result = await cli(['review'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.status).toBe(0);
    // After the undo the sitting is 8 items again, not 9.
    expect(itemsAsked(result.stdout)).toEqual(['1/8 1. Shared Responsibility and Compute Types', '2/9 Kubernetes Control Plane', '1/8 1. Shared Responsibility and Compute Types', '2/8 Kubernetes Control Plane']);
  });

  it('q quits keeping every answer given; s skips without saving anything', async () => {
    const configDir = await studied();
    const before = readStoreOnDisk(configDir);
    const result = await cli(['review'], { configDir, now: NOW, terminal: true, prompts: scriptedPrompts(['', 'good', 'skip', 'reveal', 'hard', 'quit']) });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toContain('Reviewed 2, skipped 1; 6 still due');
    const added = reviewsIn(readStoreOnDisk(configDir).events.slice(before.events.length));
    expect(added.map((review) => [review.item, review.rating])).toEqual([
      ['session:shared-responsibility', 'good'],
      ['keypoint:iam-access-control', 'hard'],
    ]);
  });

  it('each rating shows the day it would really set; when the lab brings it forward it says so, and the answer saves that day', async () => {
    const configDir = await studied();
    // The lab three days away: every item is due by the day before, 2026-12-04.
    await ok(['lab', '2026-12-05'], { configDir, now: NOW });
    const prompts = recordingPrompts(['reveal', 'easy']);
    const result = await cli(['review', 'etcd'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.status).toBe(0);
    const rating = prompts.offered.find((entry) => entry.message === RATE)!.keys!;
    const easy = rating.find((key) => key.value === 'easy')!;
    expect(easy.description).toMatch(/^in 2 days \(2026-12-04\): the lab brings it forward from \d+ days$/);
    expect(rating.find((key) => key.value === 'again')!.description).toBe('tomorrow (2026-12-03)');
    expect(flat(result.stdout)).toContain('✔ term:etcd rated easy; next review 2026-12-04 (in 2 days, the day before the lab)');
  });
});

describe('recall before reveal, on a plan made here', () => {
  const PLAN = `version: 1
id: recall-plan
title: Recall plan
sessions:
  - id: cluster-basics
    title: Cluster basics
    day: 1
    duration: 30m
    focus: [Name the control plane parts, Say where cluster state lives]
    keyPoints: [control-plane, network-policies, pod-security]
    terms: [etcd, kube-apiserver]
keyPoints:
  - { id: control-plane, title: Kubernetes Control Plane, text: 'The API server, scheduler and controllers.' }
  - { id: network-policies, title: Network Policies, text: Which pods may talk to which. }
  - { id: pod-security, title: Pod Security Standards, text: 'Privileged, baseline and restricted.' }
terms:
  - { id: etcd, term: etcd, text: The key-value store of the cluster state. }
  - { id: kube-apiserver, term: kube-api server, text: The front door of the cluster. }
`;

  async function planStudied(): Promise<{ configDir: string; plan: string }> {
    const plan = writePlan(PLAN);
    const configDir = tempDir();
    await ok(['--plan', plan, 'done', '1', '--summary', 'old words', '--minutes', '30'], { configDir, now: '2026-12-01T10:00' });
    return { configDir, plan };
  }

  it('shows the focus lines first, then the summary, key points and terms marked mentioned or missed, and suggests a rating', async () => {
    const { configDir, plan } = await planStudied();
    const prompts = recordingPrompts(['The control plane keeps its state in etcd; the kube-apiserver is the door', false, 'good', 'quit']);
    const result = await cli(['--plan', plan, 'review', 'session:cluster'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out.indexOf('• Say where cluster state lives')).toBeLessThan(out.indexOf('Your summary'));
    expect(out).toContain('  ✔ Kubernetes Control Plane: The API server, scheduler and controllers.\n');
    expect(out).toContain('  ✘ Network Policies: Which pods may talk to which.\n');
    expect(out).toContain('  ✘ Pod Security Standards: Privileged, baseline and restricted.\n');
    expect(out).toContain('  ✔ etcd: The key-value store of the cluster state.\n');
    expect(out).toContain('  ✔ kube-api server: The front door of the cluster.\n');
    // 3 of 5: that is past a third, short of two thirds.
    expect(flat(out)).toContain('Your words mention 3 of the 5 key points and terms: that suggests hard.');
    const rating = prompts.offered.find((entry) => entry.message === RATE)!.keys!;
    expect(rating.find((key) => key.value === 'hard')!.description).toMatch(/← suggested$/);
    expect(rating.filter((key) => key.description?.endsWith('← suggested'))).toHaveLength(1);
    expect(prompts.asked).toEqual([RECALL, 'Keep these words as your summary of 1. Cluster basics? (it replaces the one saved)', RATE]);
    // Declined: the summary is as it was.
    expect(readStoreOnDisk(configDir, 'recall-plan').sessions['cluster-basics']?.summary).toBe('old words');
  });

  it('keeps the new words as the summary when asked to, and records that as a note', async () => {
    const { configDir, plan } = await planStudied();
    const words = 'Control plane: API server, scheduler; network policies; pod security; etcd; kube api server';
    const result = await cli(['--plan', plan, 'review', '1'], { configDir, now: NOW, terminal: true, prompts: scriptedPrompts([words, true, 'easy']) });
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toContain('Your words mention 5 of the 5 key points and terms: that suggests easy.');
    expect(result.stdout).toContain('✔ Your summary is saved.');
    const disk = readStoreOnDisk(configDir, 'recall-plan');
    expect(disk.sessions['cluster-basics']?.summary).toBe(words);
    expect(disk.events.map((event) => event.kind).slice(-2)).toEqual(['note', 'review']);
  });

  it('e opens the editor for a longer recall; Enter alone shows it all with nothing marked and no offer', async () => {
    const { configDir, plan } = await planStudied();
    const prompts = scriptedPrompts(['e', 'network policies\nand pod security standards\n', false, 'hard']);
    const result = await cli(['--plan', plan, 'review', 'cluster'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.status).toBe(0);
    expect(prompts.asked[1]).toBe('What you remember of 1. Cluster basics');
    expect(flat(result.stdout)).toContain('Your words mention 2 of the 5 key points and terms: that suggests hard.');

    const skipped = scriptedPrompts(['', 'good']);
    const plain = await cli(['--plan', plan, 'review', 'cluster'], { configDir, now: NOW, terminal: true, prompts: skipped });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('  • Network Policies: Which pods may talk to which.\n');
    expect(plain.stdout).not.toContain('Your words mention');
    expect(skipped.asked).toEqual([RECALL, RATE]);
  });
});

describe('review --practice', () => {
  it('--all with no item started yet points at the session to study, not at itself', async () => {
    const result = await cli(['review', '--practice', '--all'], { now: NOW, terminal: true });
    expect(result.status, result.stderr).toBe(0);
    expect(flat(result.stdout)).toBe('No review item has started yet: they start when a session is done. k8s-study next shows the session to study. ');
  });

  it('practises one session\'s items: answers logged as practice, no record changed, no due day moved', async () => {
    const configDir = await studied();
    await ok(['done', '2', '--no-summary'], { configDir, now: '2026-12-01T11:00' });
    const before = readStoreOnDisk(configDir);
    const prompts = scriptedPrompts(['', 'good', 'reveal', 'again', 'reveal', 'easy', 'quit']);
    const result = await cli(['review', '--practice', '--session', '2'], { configDir, now: NOW, terminal: true, prompts });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(flat(result.stdout)).toContain('[1/8] session · practice');
    expect(itemsAsked(result.stdout).slice(0, 3)).toEqual(['1/8 2. Security Architecture Example and Cloud Native Gaps', '2/8 Kubernetes Control Plane', '3/9 EKS Architecture']);
    expect(flat(result.stdout)).toContain('Practised 3, skipped 0; no due day moved.');
    const after = readStoreOnDisk(configDir);
    expect(after.items).toEqual(before.items);
    expect(after.sessions).toEqual(before.sessions);
    expect(reviewsIn(after.events.slice(before.events.length)).map((review) => [review.item, review.rating, review.practice])).toEqual([
      ['session:architecture-cloud-native-gaps', 'good', true],
      ['keypoint:control-plane', 'again', true],
      ['keypoint:eks-architecture', 'easy', true],
    ]);
    // Practice is not a review that counts, and it is in the item's history as practice.
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir, now: NOW })).reviews.done).toBe(0);
    expect((await json<{ history: unknown[] }>(['show', 'keypoint:control-plane'], { configDir, now: NOW })).history).toEqual([{ at: expect.any(String), rating: 'again', practice: true }]);
  });

  it('--all practises every item started; one item with --rating logs one practice answer; undo of a practice answer is logged too', async () => {
    const configDir = await studied();
    const before = readStoreOnDisk(configDir);
    const one = await ok(['review', 'etcd', '--practice', '--rating', 'hard'], { configDir, now: NOW });
    expect(one).toBe('✔ term:etcd: hard, as practice; its next review stays 2026-12-02 (today)\n');
    expect(readStoreOnDisk(configDir).items).toEqual(before.items);
    const prompts = scriptedPrompts(['', 'good', 'undo', '', 'good', 'quit']);
    const all = await cli(['review', '--practice', '--all'], { configDir, now: NOW, terminal: true, prompts });
    expect(all.status).toBe(0);
    expect(flat(all.stdout)).toContain('↶ undid the practice answer good to session:shared-responsibility; it is asked again now');
    expect(all.stdout).toContain('[1/8] session');
    const events = readStoreOnDisk(configDir).events.slice(before.events.length) as unknown as (Review & { undoes?: string })[];
    expect(events.map((event) => event.kind)).toEqual(['review', 'review', 'undo', 'review']);
    expect(events[2]!.undoes).toBe(events[1]!.id);
    expect(readStoreOnDisk(configDir).items).toEqual(before.items);
  });

  it('refuses --session or --all without --practice, both at once, or with an item (exit 2)', async () => {
    const configDir = await studied();
    const cases: [string[], string][] = [
      [['review', '--session', '1'], 'error: --session and --all choose what to practise: add --practice, e.g. k8s-study review --practice --session 1\n'],
      [['review', '--all'], 'error: --session and --all choose what to practise: add --practice, e.g. k8s-study review --practice --session 1\n'],
      [['review', '--practice', '--session', '1', '--all'], 'error: give --session or --all, not both (k8s-study review --practice --all practises everything)\n'],
      [['review', 'etcd', '--practice', '--all'], 'error: give an item or --session/--all, not both (k8s-study review etcd --practice practises that item)\n'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir, now: NOW, terminal: true, prompts: scriptedPrompts([]) });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(message);
    }
  });

  it('with nothing to practise says so and how to practise', async () => {
    const out = flat(await ok(['review', '--practice', '--session', '3'], { now: NOW }));
    expect(out).toBe('Session 3 has no review items yet: they start when it is done. k8s-study review --practice --all practises every item started, k8s-study review --practice --session 1 one session\'s. ');
  });
});

describe('items named by prefix or bare id', () => {
  it('review and show take a bare id or a unique start; unknown and ambiguous names list the closest (exit 1)', async () => {
    const configDir = await studied();
    expect(await ok(['review', 'kube-s', '--rating', 'good'], { configDir, now: NOW })).toMatch(/^✔ term:kube-scheduler rated good;/);
    const cases: [string[], string][] = [
      [['review', 'etdc', '--rating', 'good'], 'error: unknown review item "etdc": did you mean term:etcd? (k8s-study due --upcoming 30 lists the items)\n'],
      [['review', 'kube', '--rating', 'good'], 'error: review item "kube" is ambiguous: it could be term:kube-apiserver, term:kube-controller-manager or term:kube-scheduler; give more of the id\n'],
      [['show', 'apiserver'], 'error: unknown review item "apiserver": did you mean term:kube-apiserver? (k8s-study due --upcoming 30 lists the items)\n'],
      [['show', 'zzz'], 'error: unknown session or review item "zzz": give a session number from 1 to 5, a session id, or an item such as term:ID (k8s-study list shows the sessions, k8s-study due --upcoming 30 the items)\n'],
      [['show', 'cloud'], 'error: review item "term:cloud-controller-manager" has not started yet: it starts when a session that lists it is done (k8s-study next shows what to study)\n'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir, now: NOW });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toBe(message);
      expect(result.stdout).toBe('');
    }
  });
});

describe('show <item>', () => {
  it('--json gives the SPEC shape: FSRS state, recall now and on the lab day, the history', async () => {
    const configDir = await studied();
    await ok(['lab', '2026-12-20'], { configDir, now: NOW });
    await ok(['review', 'etcd', '--rating', 'good'], { configDir, now: NOW });
    await ok(['review', 'etcd', '--rating', 'hard', '--practice'], { configDir, now: '2026-12-03T09:00' });
    const doc = await json<Record<string, unknown>>(['show', 'etcd'], { configDir, now: '2026-12-04T09:00' });
    expect(Object.keys(doc).sort()).toEqual(['difficulty', 'due', 'history', 'id', 'kind', 'recallOnLabDay', 'retrievability', 'stability', 'title']);
    const card = readStoreOnDisk(configDir).items['term:etcd']!.card!;
    const w = generatorParameters().w;
    expect(doc).toMatchObject({ id: 'term:etcd', kind: 'term', title: 'etcd', due: readStoreOnDisk(configDir).items['term:etcd']!.due, stability: card.stability, difficulty: card.difficulty });
    // Reviewed on 2026-12-02: 2 days before "now", 18 before the lab.
    expect(doc.retrievability).toBeCloseTo(forgetting_curve(w, 2, card.stability), 10);
    expect(doc.recallOnLabDay).toBeCloseTo(forgetting_curve(w, 18, card.stability), 10);
    expect(doc.history).toEqual([
      { at: expect.stringMatching(/^2026-12-02T09:00/), rating: 'good', practice: false },
      { at: expect.stringMatching(/^2026-12-03T09:00/), rating: 'hard', practice: true },
    ]);

    const text = await ok(['show', 'etcd'], { configDir, now: '2026-12-04T09:00' });
    expect(text).toMatch(/^etcd {2}term · term:etcd\n/);
    expect(text).toMatch(/\nStability {4}\d+\.\d days \(until recall falls to 90 %\)\n/);
    expect(text).toMatch(/\nRecall now {3}\d+ %\n/);
    expect(text).toMatch(/\nOn lab day {3}\d+ % \(2026-12-20, with no review before\)\n/);
    expect(text).toContain('\nHistory\n  2026-12-02 09:00  good\n  2026-12-03 09:00  hard (practice)\n');
  });

  it('a session reopened and done again starts its items afresh: the answers before are not their history', async () => {
    const configDir = await studied();
    await ok(['review', 'etcd', '--rating', 'good'], { configDir, now: NOW });
    await ok(['undo', '1'], { configDir, now: '2026-12-02T10:00' });
    await ok(['done', '1', '--no-summary'], { configDir, now: '2026-12-02T11:00' });
    const doc = await json<Record<string, unknown>>(['show', 'etcd'], { configDir, now: '2026-12-02T12:00' });
    expect(doc).toMatchObject({ stability: null, history: [] });
  });

  it('an item never reviewed says how to start it; a session is still shown as a session', async () => {
    const configDir = await studied();
    const doc = await json<Record<string, unknown>>(['show', 'term:etcd'], { configDir, now: NOW });
    expect(doc).toMatchObject({ stability: null, difficulty: null, retrievability: null, recallOnLabDay: null, history: [] });
    expect(flat(await ok(['show', 'etcd'], { configDir, now: NOW }))).toContain('Memory not reviewed yet: k8s-study review term:etcd reviews it now');
    expect(await json<{ id: string }>(['show', 'shared'], { configDir, now: NOW })).toMatchObject({ id: 'shared-responsibility', number: 1 });
  });
});

describe('the lab forecast', () => {
  it('lab --json forecasts each reviewed item from ts-fsrs\'s forgetting curve; status carries it too', async () => {
    const configDir = await studied();
    await ok(['lab', '2026-12-12'], { configDir, now: NOW });
    await ok(['review', 'etcd', '--rating', 'good'], { configDir, now: NOW });
    await ok(['review', 'session:1', '--rating', 'again'], { configDir, now: NOW });
    await ok(['review', 'control-plane', '--rating', 'easy'], { configDir, now: '2026-12-03T09:00' });
    const items = readStoreOnDisk(configDir).items;
    const w = generatorParameters().w;
    // Days from each last review to the lab, counted on the calendar.
    const expected: Record<string, number> = {
      'term:etcd': forgetting_curve(w, 10, items['term:etcd']!.card!.stability),
      'session:shared-responsibility': forgetting_curve(w, 10, items['session:shared-responsibility']!.card!.stability),
      'keypoint:control-plane': forgetting_curve(w, 9, items['keypoint:control-plane']!.card!.stability),
    };
    type Forecast = { readiness: number; atTarget: number; target: number; items: { id: string; title: string; recallOnLabDay: number; due: string }[] };
    const doc = await json<{ date: string; daysLeft: number; passed: boolean; forecast: Forecast }>(['lab'], { configDir, now: '2026-12-04T09:00' });
    expect(doc).toMatchObject({ date: '2026-12-12', daysLeft: 8, passed: false, reviewsLeft: 8 });
    expect(Object.keys(doc).sort()).toEqual(['date', 'daysLeft', 'forecast', 'minutesLeft', 'passed', 'reviewsLeft', 'sessionsLeft']);
    expect(doc.forecast.items.map((item) => item.id).sort()).toEqual(Object.keys(expected).sort());
    for (const item of doc.forecast.items) expect(item.recallOnLabDay, item.id).toBeCloseTo(expected[item.id]!, 10);
    const values = Object.values(expected);
    expect(doc.forecast.readiness).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 10);
    expect(doc.forecast.atTarget).toBeCloseTo(values.filter((value) => value >= 0.9).length / values.length, 10);
    expect(doc.forecast.target).toBe(0.9);
    // Weakest first.
    const recalls = doc.forecast.items.map((item) => item.recallOnLabDay);
    expect(recalls).toEqual([...recalls].sort((a, b) => a - b));

    const text = flat(await ok(['lab'], { configDir, now: '2026-12-04T09:00' }));
    expect(text).toMatch(/Forecast for the lab day: readiness \d+ %, \d of 3 items at the 90 % target/);
    expect(text).toContain('5 items not reviewed yet are left out: k8s-study review takes them.');
    expect(text).toMatch(/session:shared-responsibility +\d+ % +review (on 2026-12-0\d|now \(\d days? overdue\)|today) → \d+ %/);

    const status = await json<{ lab: { forecast: Forecast; passed: boolean } }>(['status'], { configDir, now: '2026-12-04T09:00' });
    expect(status.lab.forecast).toEqual(doc.forecast);
    expect(flat(await ok(['status'], { configDir, now: '2026-12-04T09:00' }))).toMatch(/forecast for the lab day: readiness \d+ %/);
  });

  it('a lab in the past reads as passed: no forecast, no reviews before it, the way to set a new one', async () => {
    const configDir = tempDir();
    for (const number of ['1', '2', '3', '4', '5']) await ok(['done', number, '--no-summary'], { configDir, now: '2026-12-01T10:00' });
    await ok(['lab', '2026-12-11'], { configDir, now: '2026-12-01T10:00' });
    const later = '2027-01-20T10:00';
    const text = await ok(['lab'], { configDir, now: later });
    expect(flat(text)).toBe('Lab 2026-12-11, passed 40 days ago: Deploy an Amazon EKS cluster using the AWS Well-Architected Framework Set the next one with k8s-study lab DATE, or remove it with k8s-study lab --clear. ');
    expect(await json(['lab'], { configDir, now: later })).toEqual({ date: '2026-12-11', daysLeft: -40, passed: true, sessionsLeft: 0, minutesLeft: 0, reviewsLeft: 0, forecast: null });
    expect((await json<{ lab: unknown }>(['status'], { configDir, now: later })).lab).toMatchObject({ passed: true, reviewsLeft: 0, forecast: null });
    expect(flat(await ok(['status'], { configDir, now: later }))).toContain('Lab 2026-12-11, passed 40 days ago (k8s-study lab DATE sets the next one)');
  });
});

describe('--json never prints a prompt', () => {
  it.each([
    [['done', '2']],
    [['check', '1']],
    [['note', '1']],
    [['review']],
    [['review', 'etcd']],
    [['review', '--practice', '--all']],
    [['show', 'etcd']],
    [['lab']],
  ])('%j on a terminal: one JSON document or a usage error, nothing asked', async (args) => {
    const configDir = await studied();
    const prompts = scriptedPrompts([]);
    const result = await cli(['--json', ...args], { configDir, now: NOW, terminal: true, prompts });
    expect(prompts.asked).toEqual([]);
    if (result.status === 0) expect(() => JSON.parse(result.stdout)).not.toThrow();
    else {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
