import { cpSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, PLAN_ID, SEEDED_NOW, seedProgress, tempDir } from '../helpers.ts';
import { committedState, leftovers, run, seeded, SOAK, startRun, type CommittedState } from './support.ts';

// Writers of the built binary killed with SIGKILL: at a random moment, the moment a temporary file
// appears (a record file or the root being written), the moment a new record file is in place, and
// right after the root (the commit point) is replaced. After every kill the store is valid and
// holds either the state before that change or the state after it, nothing in between; whatever
// the killed run left behind is tidied by the next writer. The state after a change is known from
// a copy of the store on which the same command ran undisturbed.
// K8S_STUDY_SOAK=1 runs 1,000 kills instead of 30; K8S_STUDY_SEED replays another seed.

const ROUNDS = SOAK ? 1000 : 30;
const SEED = Number(process.env.K8S_STUDY_SEED ?? 20261201);
const KILL_MODES = ['at a random moment', 'when a temporary file appears', 'when a new record file appears', 'right after the root is replaced'] as const;
type KillMode = (typeof KILL_MODES)[number];

/** One round's change: notes and ticks (the sessions file), reviews (an items file), done and undo (both), the clock (the root and the sessions file). */
function pickChange(round: number, random: () => number): string[] {
  const roll = random();
  if (roll < 0.3) return ['note', '3', '--summary', `summary from round ${round}`];
  if (roll < 0.55) return ['check', '3', String(1 + Math.floor(random() * 3)), ...(random() < 0.5 ? ['--uncheck'] : [])];
  if (roll < 0.8) return ['review', ['session:shared-responsibility', 'term:etcd', 'keypoint:iam-access-control'][Math.floor(random() * 3)]!, '--rating', ['again', 'hard', 'good', 'easy'][Math.floor(random() * 4)]!];
  if (roll < 0.9) return random() < 0.5 ? ['done', '4', '--summary', `done in round ${round}`] : ['undo', '4'];
  // The study clock (the root): started, moved to another session, stopped.
  return random() < 0.6 ? ['start', String(4 + Math.floor(random() * 2))] : ['stop'];
}

/** The store's committed state after `args` runs undisturbed on a copy of it. */
async function stateAfter(configDir: string, scratch: string, args: string[]): Promise<CommittedState> {
  const copy = join(scratch, `copy-${Math.random().toString(36).slice(2)}`);
  cpSync(configDir, copy, { recursive: true, filter: (source) => !/[\\/](?:cache|config\.json\.lock)$/.test(source) });
  const result = await cli(args, { configDir: copy, now: SEEDED_NOW });
  expect(result.status, `${args.join(' ')} on a copy: ${result.stderr}`).toBe(0);
  return committedState(copy, PLAN_ID);
}

/** Kills the child as `mode` says; returns what to undo once it has ended. */
function armKill(mode: KillMode, child: { kill(signal: NodeJS.Signals): boolean }, folders: { store: string; plan: string }, delayMs: number): () => void {
  const watchers: FSWatcher[] = [];
  const kill = (): void => void child.kill('SIGKILL');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const on = (folder: string, hit: (name: string) => boolean): void => {
    watchers.push(watch(folder, (_event, name) => (name && hit(String(name)) ? kill() : undefined)));
  };
  if (mode === 'at a random moment') timer = setTimeout(kill, delayMs);
  else if (mode === 'when a temporary file appears') {
    on(folders.store, (name) => name.includes('.tmp-'));
    on(folders.plan, (name) => name.includes('.tmp-'));
  } else if (mode === 'when a new record file appears') on(folders.plan, (name) => /^(?:sessions|items)-[\d-]+\.json$/.test(name));
  else on(folders.store, (name) => name === 'config.json');
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

describe('writers killed at any moment', () => {
  it(`leave the state before or after their change, valid, and the next writer tidies up (seed ${SEED}, ${ROUNDS} rounds)`, { timeout: SOAK ? 3_600_000 : 600_000 }, async () => {
    const random = seeded(SEED);
    const scratch = tempDir();
    const configDir = join(scratch, 'store');
    mkdirSync(configDir);
    await seedProgress(configDir);
    const folders = { store: configDir, plan: join(configDir, 'plans', PLAN_ID) };
    // How long an undisturbed run takes here, so that random kills land anywhere in one.
    const started = Date.now();
    const probe = await run(['note', '3', '--summary', 'probe'], { configDir, now: SEEDED_NOW });
    expect(probe.status, probe.stderr).toBe(0);
    const span = Math.max(50, (Date.now() - started) * 1.2);
    let known = committedState(configDir, PLAN_ID);
    const outcomes = { killed: 0, before: 0, after: 0, leftBehind: 0, clockRuns: 0 };
    const killedAfterCommit: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      const mode = KILL_MODES[round % KILL_MODES.length]!;
      // A kill after the commit needs a change that commits: a new summary always does, and so
      // (mostly) does moving the clock to another session, which changes the root's clock too.
      const committing = (round >> 2) % 2 === 0 ? ['note', '3', '--summary', `summary from round ${round}`] : ['start', String(4 + ((round >> 3) % 2))];
      const args = mode === 'right after the root is replaced' ? committing : pickChange(round, random);
      const what = `round ${round} (${mode}: ${args.join(' ')})`;
      if (args[0] === 'start' || args[0] === 'stop') outcomes.clockRuns += 1;
      const after = await stateAfter(configDir, scratch, args);
      const { child, result } = startRun(args, { configDir, now: SEEDED_NOW, hangMs: 120_000 });
      const disarm = armKill(mode, child, folders, random() * span);
      const ended = await result;
      disarm();
      expect(ended.hung, what).toBe(false);
      let state: CommittedState;
      try {
        state = committedState(configDir, PLAN_ID);
      } catch (error) {
        throw new Error(`${what}: the store cannot be read: ${(error as Error).message}`);
      }
      const isBefore = JSON.stringify(state) === JSON.stringify(known);
      const isAfter = JSON.stringify(state) === JSON.stringify(after);
      expect(isBefore || isAfter, `${what}: neither the state before the change nor the state after it`).toBe(true);
      if (ended.signal === null) {
        // It finished before the kill: then it succeeded.
        expect(ended.status, `${what}: ${ended.stderr}`).toBe(0);
        expect(isAfter, what).toBe(true);
      } else {
        outcomes.killed += 1;
        if (isAfter && !isBefore) killedAfterCommit[mode] = (killedAfterCommit[mode] ?? 0) + 1;
      }
      outcomes[isAfter && !isBefore ? 'after' : 'before'] += 1;
      if (leftovers(configDir).length > 0) outcomes.leftBehind += 1;
      // The product reads it as a whole store too.
      const list = await cli(['--json', 'list'], { configDir, now: SEEDED_NOW });
      expect(list.status, `${what}: ${list.stderr}`).toBe(0);
      known = state;
    }
    if (process.env.K8S_STUDY_DEBUG) console.log(outcomes, killedAfterCommit);
    // The kills really cut runs short, and some of them in the middle of a commit.
    expect(outcomes.killed, JSON.stringify(outcomes)).toBeGreaterThan(ROUNDS / 4);
    expect(outcomes.leftBehind, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.clockRuns, JSON.stringify(outcomes)).toBeGreaterThan(0);
    // ...and some after it: the new state, committed by a run that never finished.
    expect(killedAfterCommit['right after the root is replaced'] ?? 0, JSON.stringify(killedAfterCommit)).toBeGreaterThan(0);
    // Whatever the kills left (temporary files, unnamed record files, journal bytes, a lock) does
    // not stop the next writer, which leaves the folder tidy.
    const final = await run(['note', '3', '--summary', 'after the crashes'], { configDir, now: SEEDED_NOW, hangMs: 120_000 });
    expect(final.hung).toBe(false);
    expect(final.status, final.stderr).toBe(0);
    const state = committedState(configDir, PLAN_ID);
    expect(state.sessions['eks-security-architecture']).toMatchObject({ summary: 'after the crashes' });
    expect(state.sessions['shared-responsibility']).toMatchObject({ summary: 'AWS runs the control plane; I own RBAC, images, nodes' });
    expect(leftovers(configDir)).toEqual([]);
  });
});
