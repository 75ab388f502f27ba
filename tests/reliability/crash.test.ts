import { rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanProgress } from '../../src/core/progress.ts';
import { readStoreText, tempDir } from '../helpers.ts';
import { seedStore, spawnCli, startCli, strayFiles } from './support.ts';

// Writers killed with SIGKILL at random moments, the moment their temporary file appears
// (mid-write), or the moment the new store is in place: after each kill the store is the old one or
// the new one, valid, whole.
// K8S_STUDY_SOAK=1 runs 1,000 kills instead of 30.

const SOAK = Boolean(process.env.K8S_STUDY_SOAK);
const ROUNDS = SOAK ? 1000 : 30;
/** When each round's SIGKILL comes, in turn. */
const KILL_MODES = ['at a random moment', 'mid-write', 'after the write'] as const;
const PLAN_ID = 'k8s-security-fundamentals';
const SESSION_3 = 'eks-security-architecture';

type Plans = Record<string, PlanProgress>;

/** One round's change, and the store it must leave when it completes. */
function pickChange(round: number, random: () => number, known: Plans): { args: string[]; after: Plans } {
  const after = structuredClone(known);
  const progress = after[PLAN_ID] as PlanProgress;
  if (random() < 0.5) {
    const summary = `summary from round ${round}`;
    (progress.sessions[SESSION_3] ??= {}).summary = summary;
    return { args: ['note', '3', '--summary', summary], after };
  }
  const item = 1 + Math.floor(random() * 3);
  const record = (progress.sessions[SESSION_3] ??= {});
  const ticked = new Set(record.checked ?? []);
  const untick = ticked.has(item);
  if (untick) ticked.delete(item);
  else ticked.add(item);
  record.checked = [...ticked].sort((a, b) => a - b);
  return { args: ['check', '3', String(item), ...(untick ? ['--uncheck'] : [])], after };
}

/** A small seeded generator, so a failing round can be replayed (the seed is in the test name). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.K8S_STUDY_SEED ?? Date.now() % 100_000);

describe('writers killed at random moments', () => {
  it(`leave the old store or the new one, never a broken one (seed ${SEED})`, { timeout: SOAK ? 600_000 : 120_000 }, async () => {
    const random = seeded(SEED);
    const configDir = tempDir();
    seedStore(configDir);
    let known = JSON.parse(readStoreText(configDir) ?? '').plans as Plans;
    // How long an undisturbed run takes here, so kills land anywhere in one.
    const probe = await spawnCli(['check', '3', '1'], { configDir });
    expect(probe.status).toBe(0);
    known = JSON.parse(readStoreText(configDir) ?? '').plans as Plans;
    const span = Math.max(50, probe.elapsedMs * 1.2);
    const outcomes = { old: 0, new: 0, cutAfterWrite: 0, cutMidWrite: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const { args, after } = pickChange(round, random, known);
      const strayBefore = new Set(strayFiles(configDir));
      const { child, result } = startCli(args, { configDir });
      let watcher: ReturnType<typeof watch> | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const mode = KILL_MODES[round % KILL_MODES.length];
      if (mode === 'mid-write') {
        // The moment the atomic write's temporary file shows up.
        watcher = watch(configDir, (_event, name) => {
          if (name?.startsWith('config.json.tmp')) child.kill('SIGKILL');
        });
      } else if (mode === 'after the write') {
        // The moment the new store is renamed into place, before the lock is released.
        watcher = watch(configDir, (_event, name) => {
          if (name === 'config.json') child.kill('SIGKILL');
        });
      } else {
        timer = setTimeout(() => child.kill('SIGKILL'), random() * span);
      }
      const ended = await result;
      watcher?.close();
      clearTimeout(timer);
      const text = readStoreText(configDir);
      expect(text, `round ${round}: the store is gone`).not.toBeNull();
      let plans: Plans;
      try {
        plans = JSON.parse(text ?? '').plans as Plans;
      } catch (error) {
        throw new Error(`round ${round} (${args.join(' ')}, ${ended.signal ?? ended.status}): the store is not valid JSON: ${(error as Error).message}`);
      }
      const isOld = JSON.stringify(plans) === JSON.stringify(known);
      const isNew = JSON.stringify(plans) === JSON.stringify(after);
      expect(isOld || isNew, `round ${round} (${args.join(' ')}): neither the old store nor the new one`).toBe(true);
      if (ended.signal === null) {
        // It finished before the kill: then it must have succeeded.
        expect(ended.status, ended.stderr).toBe(0);
        expect(isNew).toBe(true);
      }
      outcomes[isNew ? 'new' : 'old'] += 1;
      if (ended.signal === 'SIGKILL' && isNew && !isOld) outcomes.cutAfterWrite += 1;
      if (strayFiles(configDir).some((name) => name.includes('.tmp-') && !strayBefore.has(name))) outcomes.cutMidWrite += 1;
      known = plans;
      // Nothing but temporary files and a left lock may stay behind.
      for (const name of strayFiles(configDir)) expect(name).toMatch(/^config\.json\.(?:tmp-.+|lock)$/);
      // A lock the killed run left would make the next runs wait 5 s for it to go stale (tested in
      // concurrency.test.ts); its holder is dead, so clear it now and the next kill lands in real
      // work. The last one stays, with the temporary files, for the final run to cope with.
      if (round < ROUNDS - 1) rmSync(join(configDir, 'config.json.lock'), { recursive: true, force: true });
    }
    // Runs were cut before their write, in the middle of it (their temporary file proves it) and
    // after it: the test really cut runs short everywhere.
    expect(outcomes.old, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.cutMidWrite, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.cutAfterWrite, JSON.stringify(outcomes)).toBeGreaterThan(0);
    // Whatever the kills left (temporary files, a lock) does not stop the next run.
    const final = await spawnCli(['note', '3', '--summary', 'after the crashes'], { configDir });
    expect(final.status, final.stderr).toBe(0);
    expect(final.elapsedMs).toBeLessThan(15_000);
    const plans = JSON.parse(readStoreText(configDir) ?? '').plans as Plans;
    expect(plans[PLAN_ID]?.sessions[SESSION_3]?.summary).toBe('after the crashes');
    // The rest of the fixture came through every kill untouched.
    expect(plans[PLAN_ID]?.sessions['shared-responsibility']).toEqual(known[PLAN_ID]?.sessions['shared-responsibility']);
    expect(plans[PLAN_ID]?.reviewItems).toEqual(known[PLAN_ID]?.reviewItems);
    // ...and leaves the folder clean: the lock released, the temporary files of cut writes removed.
    expect(strayFiles(configDir)).toEqual([]);
  });
});
