import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, readStoreOnDisk, startBinary, storeSnapshot, tempDir } from '../helpers.ts';
import { bareRemote, exported, git, sync, syncOk, WAITING } from '../sync-support.ts';
import { FIXTURE_2, flat, json, ok, seedStore, smallPlan, writePlan } from './support.ts';

// `sync` for real: stores in temporary folders (each its own K8S_STUDY_CONFIG_DIR, as on its own
// machine), a bare repository as the shared remote, and the git command. After everyone has synced,
// every store must hold the same records, and everything any of them recorded.

/**
 * Every file of a store but its sync folder: what "nothing was changed" is about (to look at the
 * remote, sync fetches into its own repository).
 */
function storeData(configDir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(storeSnapshot(configDir)).filter(([name]) => !name.startsWith('sync')));
}

/** The store's clock, minute by minute: every change at its own instant, as on real machines. */
let minute = 0;
const tick = (): string => {
  minute += 1;
  const hours = 10 + Math.floor(minute / 60);
  return `2026-12-02T${String(hours).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
};

/** Each store's own changes: a session done with a summary, ticks, a lab date, a review answer. */
async function workOn(store: string, which: number): Promise<void> {
  if (which === 0) {
    await ok(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC, images, nodes', '--minutes', '50', '--at', '2026-12-01'], { configDir: store, now: tick() });
    await ok(['check', '3', '1', '2'], { configDir: store, now: tick() });
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir: store, now: tick() });
  } else if (which === 1) {
    await ok(['done', '2', '--summary', 'Cloud-native gaps: the cluster is mine to secure', '--minutes', '70'], { configDir: store, now: tick() });
    await ok(['lab', '2026-12-20'], { configDir: store, now: tick() });
  } else {
    await ok(['done', '4', '--no-summary', '--minutes', '40'], { configDir: store, now: tick() });
    await ok(['review', 'session:4', '--rating', 'hard'], { configDir: store, now: tick() });
  }
}

describe('sync between machines', () => {
  // Two orders here; every order of three in tests/stress/sync.test.ts, and of many random
  // histories in tests/core/sync-merge.test.ts.
  const orders = [
    [0, 1, 2],
    [2, 1, 0],
  ];
  it.each(orders)('three stores, each with its own changes, synced in the order %i %i %i (then everyone again): the same records everywhere, nothing lost', async (...order) => {
    const remote = bareRemote();
    const stores = [tempDir(), tempDir(), tempDir()];
    for (const [index, store] of stores.entries()) await workOn(store, index);
    const alone = await Promise.all(stores.map((store) => exported(store, tick())));
    for (const index of order) await syncOk(stores[index]!, tick(), ['--remote', remote]);
    for (const index of order) await syncOk(stores[index]!, tick());
    const now = tick();
    const after = await Promise.all(stores.map((store) => exported(store, now)));
    expect(after[1]).toEqual(after[0]);
    expect(after[2]).toEqual(after[0]);
    // Nothing lost: every store's sessions, answers and lab date are in the merged records.
    for (const own of alone) {
      for (const [id, record] of Object.entries(own.sessions)) expect(after[0]!.sessions[id]).toMatchObject({ completedAt: record.completedAt, summary: record.summary, ticks: record.ticks });
      for (const review of own.reviewLog) expect(after[0]!.reviewLog).toContainEqual(review);
    }
    expect(after[0]!.reviewLog).toHaveLength(2);
    expect(after[0]!.lab).toBe('2026-12-20');
    // A third round finds nothing to do.
    for (const store of stores) expect(await syncOk(store, tick())).toMatch(/Nothing new to send from here\.\n {2}Nothing new from 2 other machines\./);
  });

  it.each([
    ['laptop first', false],
    ['desktop first', true],
  ])('an item undo removed on one machine and answered on the other, where a session listing it was done, stays with its answer on every machine (%s)', async (_name, desktopFirst) => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    // Session 2 lists the control-plane key point; session 1 lists it too.
    await ok(['done', '2', '--no-summary', '--minutes', '30'], { configDir: laptop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    await syncOk(desktop, tick(), ['--remote', remote]);
    await ok(['undo', '2'], { configDir: laptop, now: tick() });
    await ok(['review', 'control-plane', '--rating', 'good'], { configDir: desktop, now: tick() });
    await ok(['done', '1', '--no-summary', '--minutes', '20'], { configDir: desktop, now: tick() });
    const order = desktopFirst ? [desktop, laptop, desktop] : [laptop, desktop, laptop];
    for (const store of order) await syncOk(store, tick());
    const [a, b] = [await exported(laptop, tick()), await exported(desktop, tick())];
    expect(a).toEqual(b);
    expect(a.reviewItems['keypoint:control-plane']?.card).toMatchObject({ reps: 1 });
    expect(a.reviewLog.map((review) => review.item)).toContain('keypoint:control-plane');
    expect(a.sessions['shared-responsibility']?.completedAt).toEqual(expect.any(String));
    expect(a.sessions['architecture-cloud-native-gaps']?.completedAt ?? null).toBeNull();
  });

  it('an item undo of a session removed on one machine and answered on the other afterwards is kept, with that answer, on every machine', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--no-summary', '--minutes', '30'], { configDir: laptop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    await syncOk(desktop, tick(), ['--remote', remote]);
    await ok(['undo', '1'], { configDir: laptop, now: tick() });
    await ok(['review', 'etcd', '--rating', 'good'], { configDir: desktop, now: tick() });
    for (const store of [laptop, desktop, laptop]) await syncOk(store, tick());
    const [a, b] = [await exported(laptop, tick()), await exported(desktop, tick())];
    expect(a).toEqual(b);
    expect(a.sessions['shared-responsibility']?.completedAt ?? null).toBeNull();
    // The answered item stays, its answer counted; the items nobody touched went with the undo.
    expect(Object.keys(a.reviewItems)).toEqual(['term:etcd']);
    expect(a.reviewItems['term:etcd']?.card).toMatchObject({ reps: 1 });
  });

  it('a summary rewritten or taken back on one machine is replaced in what a merge kept, not brought back', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '5', '--summary', 'orig'], { configDir: laptop, now: '2026-12-01T09:00' });
    await syncOk(laptop, '2026-12-01T09:01', ['--remote', remote]);
    await syncOk(desktop, '2026-12-01T09:02', ['--remote', remote]);
    await ok(['note', '5', '--summary', 'A1'], { configDir: laptop, now: '2026-12-01T10:00' });
    await ok(['note', '5', '--summary', 'B1'], { configDir: desktop, now: '2026-12-01T10:30' });
    await ok(['note', '5', '--summary', 'A2'], { configDir: laptop, now: '2026-12-01T11:00' });
    for (const [configDir, now] of [[laptop, '2026-12-01T12:00'], [desktop, '2026-12-01T12:01'], [laptop, '2026-12-01T12:02']] as const) await syncOk(configDir, now);
    const [a, b] = [await exported(laptop, '2026-12-01T13:00'), await exported(desktop, '2026-12-01T13:00')];
    expect(a).toEqual(b);
    // A1 was the laptop's own, replaced by A2: only A2 and the desktop's B1 stay.
    expect(a.sessions['review-lab-preparation']?.summary).toBe('A2\n\n— also written, in the other copy —\nB1');
    // The desktop takes its text back: what stays is the laptop's.
    await ok(['note', '5', '--clear'], { configDir: desktop, now: '2026-12-01T14:00' });
    for (const [configDir, now] of [[desktop, '2026-12-01T14:01'], [laptop, '2026-12-01T14:02'], [desktop, '2026-12-01T14:03']] as const) await syncOk(configDir, now);
    const [c, d] = [await exported(laptop, '2026-12-01T15:00'), await exported(desktop, '2026-12-01T15:00')];
    expect(c).toEqual(d);
    expect(c.sessions['review-lab-preparation']?.summary).toBe(null);
  });

  it('a session done on two machines at once keeps both summaries, the newer record, on every machine', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--summary', 'Written on the laptop', '--minutes', '45'], { configDir: laptop, now: tick() });
    await ok(['done', '1', '--summary', 'Written on the desktop', '--minutes', '55'], { configDir: desktop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    await syncOk(desktop, tick(), ['--remote', remote]);
    await syncOk(laptop, tick());
    const [a, b] = [await exported(laptop, tick()), await exported(desktop, tick())];
    expect(a).toEqual(b);
    expect(a.sessions['shared-responsibility']).toMatchObject({ minutesSpent: 55, summary: 'Written on the desktop\n\n— also written, in the other copy —\nWritten on the laptop' });
  });

  it('a store upgraded from format 2 (records no event explains) syncs again and again, and its records reach the other machine', async () => {
    const remote = bareRemote();
    const upgraded = seedStore(FIXTURE_2);
    const other = tempDir();
    await ok(['check', '3', '1'], { configDir: upgraded, now: tick() });
    await syncOk(upgraded, tick(), ['--remote', remote]);
    await ok(['check', '3', '2'], { configDir: upgraded, now: tick() });
    await syncOk(upgraded, tick());
    await syncOk(other, tick(), ['--remote', remote]);
    await ok(['note', '1', '--summary', 'written on the other machine'], { configDir: other, now: tick() });
    await syncOk(other, tick());
    await syncOk(upgraded, tick());
    const [a, b] = [await exported(upgraded, tick()), await exported(other, tick())];
    expect(a).toEqual(b);
    expect(a.sessions['shared-responsibility']?.summary).toBe('written on the other machine');
    expect(a.sessions['eks-security-architecture']?.ticks).toHaveLength(2);
  });

  it('undo takes back this machine\'s own changes, and stops at what sync brought from another machine', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--summary', 'On the laptop'], { configDir: laptop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    await syncOk(desktop, tick(), ['--remote', remote]);
    await ok(['check', '2', '1'], { configDir: desktop, now: tick() });
    expect(flat(await ok(['undo'], { configDir: desktop, now: tick() }))).toContain('Taken back: ticks of 2.');
    const refused = await cli(['undo'], { configDir: desktop, now: tick() });
    expect(refused.status).toBe(1);
    expect(flat(refused.stderr)).toMatch(/came from another machine by sync .* which undo does not take back: undo it on the machine that made it, then sync; or change it here with k8s-study undo SESSION, .*; nothing was changed/);
    expect(readStoreOnDisk(desktop).sessions['shared-responsibility']).toMatchObject({ summary: 'On the laptop' });
    // On the laptop, where it was made, it is the laptop's own change.
    expect(flat(await ok(['undo'], { configDir: laptop, now: tick() }))).toContain('Taken back: done 1. Shared Responsibility and Compute Types');
  });

  it('an item answered on two machines is scheduled from both answers, in the order given, the same on both', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--no-summary', '--at', '2026-11-30'], { configDir: laptop, now: '2026-12-01T09:00' });
    await syncOk(laptop, '2026-12-01T09:01', ['--remote', remote]);
    await syncOk(desktop, '2026-12-01T09:02', ['--remote', remote]);
    await ok(['review', 'session:1', '--rating', 'good'], { configDir: laptop, now: '2026-12-01T10:00' });
    await ok(['review', 'session:1', '--rating', 'again'], { configDir: desktop, now: '2026-12-03T10:00' });
    await syncOk(laptop, '2026-12-03T11:00');
    await syncOk(desktop, '2026-12-03T11:01');
    await syncOk(laptop, '2026-12-03T11:02');
    const [a, b] = [await exported(laptop, '2026-12-03T12:00'), await exported(desktop, '2026-12-03T12:00')];
    expect(a).toEqual(b);
    expect(a.reviewLog.map((entry) => entry.rating).sort()).toEqual(['again', 'good']);
    // The item's history reads the same on both, in the order the answers were given (the desktop
    // logged its own answer before the laptop's earlier one arrived).
    for (const configDir of [laptop, desktop]) {
      const shown = JSON.parse((await cli(['--json', 'show', 'session:1'], { configDir, now: '2026-12-03T12:00' })).stdout) as { history: { rating: string }[] };
      expect(shown.history.map((entry) => entry.rating)).toEqual(['good', 'again']);
    }
    // As one machine answering both in turn would have it.
    const one = tempDir();
    await ok(['done', '1', '--no-summary', '--at', '2026-11-30'], { configDir: one, now: '2026-12-01T09:00' });
    await ok(['review', 'session:1', '--rating', 'good'], { configDir: one, now: '2026-12-01T10:00' });
    await ok(['review', 'session:1', '--rating', 'again'], { configDir: one, now: '2026-12-03T10:00' });
    const single = await exported(one, '2026-12-03T12:00');
    expect({ ...a.reviewItems['session:shared-responsibility'], changedAt: '-' }).toEqual({ ...single.reviewItems['session:shared-responsibility'], changedAt: '-' });
  });

  it('the same review synced twice is logged once: a second sync, and the same backup imported on two machines, add nothing', async () => {
    const remote = bareRemote();
    const [laptop, desktop, tablet] = [tempDir(), tempDir(), tempDir()];
    await ok(['done', '1', '--no-summary'], { configDir: laptop, now: tick() });
    await ok(['review', 'session:1', '--rating', 'easy'], { configDir: laptop, now: tick() });
    const backup = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', backup], { configDir: laptop, now: tick() });
    // The tablet restores the laptop's backup: the same answer, by the same id, is now the tablet's too.
    await ok(['import', backup], { configDir: tablet, now: tick() });
    for (const store of [laptop, tablet, desktop, desktop, laptop, tablet, desktop]) await syncOk(store, tick(), ['--remote', remote]);
    for (const store of [laptop, desktop, tablet]) {
      const answers = readStoreOnDisk(store).events.filter((event) => event.kind === 'review');
      expect(answers, store).toHaveLength(1);
      expect((await exported(store, tick())).reviewLog).toHaveLength(1);
    }
    const again = await json<{ sent: number; received: unknown[] }>(['sync'], { configDir: desktop, now: tick() });
    expect(again).toMatchObject({ sent: 0, received: [] });
    expect(await exported(desktop, tick())).toEqual(await exported(laptop, tick()));
  });

  it('sync --json says what was sent and received, from which machines', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--no-summary'], { configDir: laptop, now: tick() });
    const first = await json<Record<string, unknown>>(['sync', '--remote', remote], { configDir: laptop, now: tick() });
    expect(first).toMatchObject({ remote, setUp: true, sent: 1, pushed: true, received: [], machines: [] });
    const second = await json<{ machines: { id: string }[]; received: { plan: { id: string }; events: number }[] }>(['sync', '--remote', remote], { configDir: desktop, now: tick() });
    expect(second.received).toEqual([{ plan: { id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals' }, events: 1, reviews: 0, records: 9 }]);
    expect(second.machines.map((machine) => machine.id)).toEqual([(first.machine as { id: string }).id]);
  });
});

describe('sync and every plan', () => {
  it('a plan only another machine studies comes with its title; plans lists it, its file not known here, and due --all its items by id', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    const small = writePlan(smallPlan({ id: 'small-plan', title: 'Small Plan' }));
    await ok(['--plan', small, 'done', 'alpha', '--no-summary', '--at', '2026-12-01'], { configDir: laptop, now: '2026-12-01T10:00' });
    await syncOk(laptop, '2026-12-01T10:01', ['--remote', remote]);
    await syncOk(desktop, '2026-12-01T10:02', ['--remote', remote]);
    const { plans } = await json<{ plans: { id: string; title: string; file: string | null; fileState: string; sessions: unknown }[] }>(['plans'], { configDir: desktop, now: '2026-12-03T10:00' });
    expect(plans[1]).toEqual({ id: 'small-plan', title: 'Small Plan', current: false, file: null, fileState: 'unknown', sessions: { done: 1, total: null }, reviewsDue: 3, lab: null });
    expect(flat(await ok(['plans'], { configDir: desktop, now: '2026-12-03T10:00' }))).toContain('small-plan · its plan file is not known here point at it: k8s-study --plan FILE next');
    const due = await json<{ plans: { plan: { id: string }; due: { id: string }[] }[] }>(['due', '--all'], { configDir: desktop, now: '2026-12-03T10:00' });
    expect(due.plans[1]!.due.map((item) => item.id)).toEqual(['keypoint:point-one', 'session:alpha', 'term:term-one']);
    // Used here with its file, it is known from then on, with its titles.
    await ok(['--plan', small, 'check', 'beta', '1'], { configDir: desktop, now: '2026-12-03T10:05' });
    const after = await json<{ plans: { id: string; fileState: string; sessions: unknown }[] }>(['plans'], { configDir: desktop, now: '2026-12-03T10:06' });
    expect(after.plans[1]).toMatchObject({ id: 'small-plan', fileState: 'found', sessions: { done: 1, total: 3 } });
  });
});

describe('sync when it cannot', () => {
  it('says when the remote cannot be reached, and changes nothing: a folder that does not exist, a file:// URL to nowhere, a remote gone away', async () => {
    const store = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir: store, now: tick() });
    const before = storeSnapshot(store);
    for (const url of [join(tempDir(), 'no-such-repository.git'), 'file:///nonexistent/k8s-study.git']) {
      const result = await sync(store, tick(), ['--remote', url]);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: the remote .* cannot be reached \(git: .*\); nothing was changed\. Check the address, or run k8s-study sync again when it can be reached/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(storeSnapshot(store)).toEqual(before);
    }
    // Set up, then the shared disk goes away: the store keeps working and is left as it was.
    const remote = bareRemote();
    await syncOk(store, tick(), ['--remote', remote]);
    await ok(['done', '2', '--no-summary'], { configDir: store, now: tick() });
    renameSync(remote, `${remote}.away`);
    const records = readStoreOnDisk(store);
    const result = await sync(store, tick());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot be reached');
    expect(readStoreOnDisk(store)).toEqual(records);
    renameSync(`${remote}.away`, remote);
    expect(await syncOk(store, tick())).toContain('Sent 1 change made here.');
  });

  it('says when git is missing, and changes nothing', async () => {
    const store = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir: store, now: tick() });
    const before = storeSnapshot(store);
    const result = await cli(['sync', '--remote', bareRemote()], { configDir: store, now: tick(), env: { PATH: tempDir() } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: sync needs the git command, and there is none on PATH; nothing was changed\. Install git/);
    expect(storeSnapshot(store)).toEqual(before);
  });

  it('says how to set it up when no remote is set (a usage error)', async () => {
    const result = await cli(['sync'], { now: tick() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: sync has no remote yet: set it once with k8s-study sync --remote URL/);
  });

  it('refuses a remote holding data from a newer k8s-study, and changes nothing', async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await ok(['done', '1', '--no-summary'], { configDir: laptop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    // A newer k8s-study on another machine wrote its folder in sync format 2.
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', '-b', 'main', remote, clone);
    mkdirSync(join(clone, 'machines/newer0000000000'), { recursive: true });
    writeFileSync(join(clone, 'machines/newer0000000000/meta.json'), JSON.stringify({ format: 2, machine: 'newer0000000000', label: 'new laptop' }));
    git(clone, 'add', '-A');
    git(clone, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'newer');
    git(clone, 'push', '-q', 'origin', 'HEAD:main');
    await ok(['done', '2', '--no-summary'], { configDir: desktop, now: tick() });
    const before = storeSnapshot(desktop);
    const result = await sync(desktop, tick(), ['--remote', remote]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/holds data from a newer k8s-study \(sync format 2 in machines\/newer0000000000\/meta\.json; this one reads up to 1\); nothing was changed\. Upgrade k8s-study/);
    // Not even a sync folder is left of the attempt.
    expect(storeSnapshot(desktop)).toEqual(before);
    const laptopResult = await sync(laptop, tick());
    expect(laptopResult.status).toBe(1);
    expect(readStoreOnDisk(laptop).events.filter((event) => event.kind === 'merge')).toEqual([]);
  });

  it('refuses a repository that is not its own, and leaves it as it was', async () => {
    const remote = bareRemote();
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', remote, clone);
    writeFileSync(join(clone, 'README.md'), 'my dotfiles\n');
    git(clone, 'add', '-A');
    git(clone, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'mine');
    git(clone, 'push', '-q', 'origin', 'HEAD:main');
    const refs = git(remote, 'for-each-ref');
    const result = await sync(tempDir(), tick(), ['--remote', remote]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is not a k8s-study sync repository \(it holds README\.md\); nothing was changed/);
    expect(git(remote, 'for-each-ref')).toBe(refs);
  });

  it('a store folder copied from another machine is told apart, and --new-machine-id makes it its own with nothing lost', async () => {
    const remote = bareRemote();
    const laptop = tempDir();
    await ok(['done', '1', '--summary', 'first', '--at', '2026-12-01'], { configDir: laptop, now: tick() });
    await syncOk(laptop, tick(), ['--remote', remote]);
    // The whole folder copied to a second machine, which goes on studying and syncs first.
    const copy = tempDir();
    cpSync(laptop, copy, { recursive: true });
    await ok(['done', '2', '--summary', 'on the copy'], { configDir: copy, now: tick() });
    await syncOk(copy, tick());
    await ok(['done', '3', '--summary', 'on the laptop'], { configDir: laptop, now: tick() });
    const before = storeData(laptop);
    const refused = await sync(laptop, tick());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already holds 1 change of this machine's id \(\w+\) that this store never made: this store folder was copied from another machine.*nothing was changed\. Give this store an id of its own with k8s-study sync --new-machine-id/);
    expect(storeData(laptop)).toEqual(before);
    const renewed = await json<{ newMachineId: boolean; machine: { id: string } }>(['sync', '--new-machine-id'], { configDir: laptop, now: tick() });
    expect(renewed.newMachineId).toBe(true);
    await syncOk(copy, tick());
    const [a, b] = [await exported(laptop, tick()), await exported(copy, tick())];
    expect(a).toEqual(b);
    expect(Object.values(a.sessions).map((session) => session.summary).sort()).toEqual(['first', 'on the copy', 'on the laptop']);
  });
});

describe('sync keeps to its own folder', () => {
  it("never reads the person's git settings nor touches their other repositories", async () => {
    const home = tempDir();
    // Settings that would change what git does, or fail it: none may be used.
    const hook = join(home, 'hooks');
    mkdirSync(hook);
    writeFileSync(join(hook, 'pre-commit'), `#!/bin/sh\ntouch ${join(home, 'hook-ran')}\n`, { mode: 0o755 });
    const settings = `[user]\n\tname = Someone Else\n\temail = someone@example.org\n[commit]\n\tgpgsign = true\n[core]\n\thooksPath = ${hook}\n`;
    writeFileSync(join(home, '.gitconfig'), settings);
    // The store lives inside a repository of the person's own.
    const project = tempDir();
    git(project, 'init', '-q');
    writeFileSync(join(project, 'notes.txt'), 'mine\n');
    git(project, 'add', '-A');
    git(project, '-c', 'user.name=me', '-c', 'user.email=me@me', '-c', 'commit.gpgsign=false', '-c', `core.hooksPath=${tempDir()}`, 'commit', '-qm', 'mine');
    const store = join(project, 'k8s-study');
    await ok(['done', '1', '--no-summary'], { configDir: store, now: tick(), env: { HOME: home, GIT_DIR: join(project, '.git'), GIT_AUTHOR_NAME: 'Someone Else' } });
    const state = [git(project, 'log', '--format=%H %s'), git(project, 'status', '--porcelain'), git(project, 'config', '--list', '--local')];
    const remote = bareRemote();
    const result = await cli(['sync', '--remote', remote], { configDir: store, now: tick(), env: { HOME: home, GIT_DIR: join(project, '.git'), GIT_AUTHOR_NAME: 'Someone Else' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(git(project, 'log', '--format=%H %s')).toBe(state[0]);
    expect(git(project, 'status', '--porcelain')).toBe(state[1]);
    expect(git(project, 'config', '--list', '--local')).toBe(state[2]);
    expect(readFileSync(join(home, '.gitconfig'), 'utf8')).toBe(settings);
    expect(existsSync(join(home, 'hook-ran'))).toBe(false);
    expect(git(remote, 'log', '--format=%an <%ae>', 'main')).toMatch(/^k8s-study <k8s-study@\w+\.invalid>\n$/);
  });
});

describe('sync under way', () => {
  it('three machines syncing at the same moment all finish, and a round after leaves them the same', { timeout: 120_000 }, async () => {
    const remote = bareRemote();
    const stores = [tempDir(), tempDir(), tempDir()];
    for (const [index, store] of stores.entries()) {
      await workOn(store, index);
      await syncOk(store, tick(), ['--remote', remote]);
    }
    await ok(['done', '3', '--no-summary'], { configDir: stores[0]!, now: tick() });
    await ok(['done', '5', '--summary', 'at the same moment'], { configDir: stores[1]!, now: tick() });
    await ok(['note', '4', '--summary', 'written meanwhile'], { configDir: stores[2]!, now: tick() });
    const now = tick();
    const runs = stores.map((store) => startBinary(['sync'], { configDir: store, now }));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) {
      expect(result.stderr.replace(WAITING, '')).toBe('');
      expect(result.status).toBe(0);
    }
    for (const store of stores) await syncOk(store, tick());
    const at = tick();
    const after = await Promise.all(stores.map((store) => exported(store, at)));
    expect(after[1]).toEqual(after[0]);
    expect(after[2]).toEqual(after[0]);
  });

  it('a sync killed part way is finished by the next one, with nothing lost', { timeout: 120_000 }, async () => {
    const remote = bareRemote();
    const [laptop, desktop] = [tempDir(), tempDir()];
    await workOn(laptop, 0);
    await workOn(desktop, 1);
    await syncOk(laptop, tick(), ['--remote', remote]);
    await syncOk(desktop, tick(), ['--remote', remote]);
    await ok(['done', '5', '--summary', 'killed while sending'], { configDir: laptop, now: tick() });
    for (const delay of [40, 120, 250]) {
      const run = startBinary(['sync'], { configDir: laptop, now: tick() });
      await new Promise((resolve) => setTimeout(resolve, delay));
      run.child.kill('SIGKILL');
      await run.done;
    }
    await syncOk(laptop, tick());
    await syncOk(desktop, tick());
    await syncOk(laptop, tick());
    const [a, b] = [await exported(laptop, tick()), await exported(desktop, tick())];
    expect(a).toEqual(b);
    expect(a.sessions['review-lab-preparation']?.summary).toBe('killed while sending');
    expect(Object.keys(a.sessions).sort()).toEqual(['architecture-cloud-native-gaps', 'eks-security-architecture', 'review-lab-preparation', 'shared-responsibility']);
  });
});
