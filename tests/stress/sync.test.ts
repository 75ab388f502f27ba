import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.ts';
import { bareRemote, exported, syncOk, WAITING } from '../sync-support.ts';
import { leftovers, run, seeded, SOAK, startRun } from './support.ts';

// sync with many processes and kills (fixed seeds): every order of three machines, machines syncing
// all at once, syncs killed at random moments (the next one finishes the job), and after everyone
// has synced, the same records everywhere with nothing lost.

let minute = 0;
const tick = (): string => {
  minute += 1;
  return new Date(Date.UTC(2026, 11, 2, 8, minute)).toISOString().slice(0, 16);
};

/** A change the commands make, picked at random: done, note, check, review, lab. */
async function randomChange(store: string, random: () => number): Promise<void> {
  const session = String(1 + Math.floor(random() * 5));
  const choice = Math.floor(random() * 5);
  const now = tick();
  const args =
    choice === 0
      ? ['done', session, '--summary', `words ${Math.floor(random() * 1000)}`, '--minutes', String(10 + Math.floor(random() * 80))]
      : choice === 1
        ? ['note', session, '--summary', `note ${Math.floor(random() * 1000)}`]
        : choice === 2
          ? ['check', session, '1']
          : choice === 3
            ? ['review', `session:${session}`, '--rating', ['again', 'hard', 'good', 'easy'][Math.floor(random() * 4)]!]
            : ['lab', `2026-12-${String(20 + Math.floor(random() * 9)).padStart(2, '0')}`];
  // A review of an item not started yet is refused (exit 1): that is the product's answer, not a failure here.
  const result = await cli(args, { configDir: store, now });
  expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.status);
}

/** Everyone syncs, twice round; then every store must hold the same records. */
async function settle(stores: string[]): Promise<void> {
  for (let round = 0; round < 2; round += 1) for (const store of stores) await syncOk(store, tick());
  const now = tick();
  const all = await Promise.all(stores.map((store) => exported(store, now)));
  for (const other of all.slice(1)) expect(other).toEqual(all[0]);
}

describe('sync, many processes', () => {
  const permutations = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  it.each(permutations)('random changes on three machines, synced in the order %i %i %i: the same records everywhere, every answer kept (seeded)', async (...order) => {
    const random = seeded(4000 + order.join('').charCodeAt(0) + order[1]! * 7);
    const remote = bareRemote();
    const stores = [tempDir(), tempDir(), tempDir()];
    for (const store of stores) await syncOk(store, tick(), ['--remote', remote]);
    const answers = new Set<string>();
    for (let round = 0; round < (SOAK ? 6 : 3); round += 1) {
      for (const store of stores) for (let count = 0; count < 3; count += 1) await randomChange(store, random);
      for (const store of stores) for (const entry of (await exported(store, tick())).reviewLog) answers.add(entry.id);
      for (const index of order) await syncOk(stores[index]!, tick());
    }
    await settle(stores);
    const merged = await exported(stores[0]!, tick());
    expect(new Set(merged.reviewLog.map((entry) => entry.id))).toEqual(answers);
  });

  it('machines syncing all at once, again and again, all finish and end the same', { timeout: 600_000 }, async () => {
    const random = seeded(777);
    const remote = bareRemote();
    const stores = [tempDir(), tempDir(), tempDir()];
    for (const store of stores) await syncOk(store, tick(), ['--remote', remote]);
    for (let round = 0; round < (SOAK ? 10 : 4); round += 1) {
      for (const store of stores) await randomChange(store, random);
      const now = tick();
      // Two syncs of each store at once too: the second waits for the first.
      const results = await Promise.all([...stores, stores[0]!].map((store) => run(['sync'], { configDir: store, now, hangMs: 120_000 })));
      for (const result of results) {
        expect(result.stderr.replace(WAITING, '')).toBe('');
        expect(result.status).toBe(0);
      }
    }
    await settle(stores);
  });

  it('syncs killed at random moments leave nothing half done: the next sync finishes the job, nothing is lost (seed 99)', { timeout: 600_000 }, async () => {
    const random = seeded(99);
    const remote = bareRemote();
    const stores = [tempDir(), tempDir()];
    for (const store of stores) await syncOk(store, tick(), ['--remote', remote]);
    const answers = new Set<string>();
    const done = new Set<string>();
    for (let round = 0; round < (SOAK ? 30 : 10); round += 1) {
      const store = stores[round % 2]!;
      await randomChange(store, random);
      const mine = await exported(store, tick());
      for (const entry of mine.reviewLog) answers.add(entry.id);
      const started = startRun(['sync'], { configDir: store, now: tick(), hangMs: 120_000 });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      started.child.kill('SIGKILL');
      const result = await started.result;
      expect(result.hung).toBe(false);
      for (const [id, session] of Object.entries(mine.sessions)) if (session.completedAt) done.add(id);
      // Killed or finished: the store reads as a whole either way (what a killed commit left goes with the next writer).
      expect((await cli(['status'], { configDir: store, now: tick() })).status).toBe(0);
    }
    await settle(stores);
    const merged = await exported(stores[0]!, tick());
    expect(new Set(merged.reviewLog.map((entry) => entry.id))).toEqual(answers);
    // Nothing is undone here, so every session done anywhere is done in the merged records.
    expect(Object.entries(merged.sessions).filter(([, session]) => session.completedAt).map(([id]) => id).sort()).toEqual([...done].sort());
    expect(leftovers(stores[0]!)).toEqual([]);
  });
});
