import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, readStoreOnDisk, testEnv, type CliResult } from '../helpers.ts';

// What the stress tests share: a seeded random generator, the built binary run asynchronously (many
// at once, or to be killed), the store's committed state in a form that compares, and what a run
// cut short may leave behind.

/** A small seeded generator (mulberry32), so that a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The long versions (K8S_STUDY_SOAK=1): more kills, more rounds. */
export const SOAK = Boolean(process.env.K8S_STUDY_SOAK);

export interface RunResult extends CliResult {
  signal: NodeJS.Signals | null;
  /** Killed by the hang guard (`hangMs`), not by the test on purpose. */
  hung: boolean;
}

export interface RunOptions {
  configDir: string;
  now?: string;
  env?: NodeJS.ProcessEnv;
  /** Standard input: closed (`ignore`, the default) or a pipe left open. */
  stdin?: 'ignore' | 'pipe';
  /** A run still going after this long is a hang: it is killed and reported as `hung`. */
  hangMs?: number;
}

/** Starts the built binary without waiting for it. */
export function startRun(args: string[], options: RunOptions): { child: ChildProcess; result: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: testEnv(options.configDir, options), stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, options.hangMs ?? 300_000);
  const result = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(guard);
      resolve({ status: status ?? -1, signal, stdout, stderr, hung });
    });
  });
  return { child, result };
}

/** Runs the built binary to its end, asynchronously, so that many can run at once. */
export function run(args: string[], options: RunOptions): Promise<RunResult> {
  return startRun(args, options).result;
}

/** A plan of `count` generated sessions, each with its own key point, in a new file in `folder`. */
export function writeGeneratedPlan(folder: string, id: string, count: number): string {
  const file = join(folder, `${id}.yaml`);
  const ids = Array.from({ length: count }, (_, index) => `s${String(index + 1).padStart(3, '0')}`);
  const sessions = ids.map((session, index) => `  - id: ${session}\n    title: Session ${session}\n    day: ${1 + Math.floor(index / 5)}\n    duration: 30m\n    focus: [read, write, explain]\n    keyPoints: [kp-${session}]\n`);
  const keyPoints = ids.map((session) => `  - id: kp-${session}\n    title: Point ${session}\n    text: About ${session}.\n`);
  writeFileSync(file, `version: 1\nid: ${id}\ntitle: Generated ${id}\nsessions:\n${sessions.join('')}keyPoints:\n${keyPoints.join('')}`);
  return file;
}

/** A plan's committed records and history, without what differs between equal stores (event ids, file names). */
export interface CommittedState {
  meta: { lab: unknown; startDate: unknown } | null;
  /** The running study clock (the root holds it for the whole store). */
  clock: unknown;
  sessions: Record<string, unknown>;
  items: Record<string, unknown>;
  /** The plan's journal events, oldest first, without their random ids. */
  events: Record<string, unknown>[];
}

/** The committed state of a plan, read straight from the store's files. */
export function committedState(configDir: string, planId: string): CommittedState {
  const disk = readStoreOnDisk(configDir, planId);
  const entry = (disk.root?.plans as Record<string, { lab: unknown; startDate: unknown }> | undefined)?.[planId];
  return {
    meta: entry ? { lab: entry.lab, startDate: entry.startDate } : null,
    clock: disk.root?.clock ?? null,
    sessions: { ...disk.sessions },
    items: { ...disk.items },
    events: disk.events.filter((event) => event.plan === planId).map(({ id: _id, ...rest }) => rest),
  };
}

/**
 * What runs cut short left in a store folder: temporary files, record files the root does not name,
 * journal bytes past the committed end, the lock. Empty once a writer has tidied up after them.
 */
export function leftovers(configDir: string): string[] {
  const found: string[] = [];
  const disk = readStoreOnDisk(configDir);
  const plans = (disk.root?.plans ?? {}) as Record<string, { sessionFiles: string[]; itemFiles: string[] }>;
  for (const name of readdirSync(configDir)) {
    if (name.includes('.tmp-') || name.endsWith('.tmp')) found.push(name);
    if (name === 'config.json.lock') found.push(name);
  }
  const plansFolder = join(configDir, 'plans');
  if (existsSync(plansFolder)) {
    for (const planId of readdirSync(plansFolder)) {
      const named = new Set([...(plans[planId]?.sessionFiles ?? []), ...(plans[planId]?.itemFiles ?? [])]);
      for (const name of readdirSync(join(plansFolder, planId))) if (!named.has(name)) found.push(`plans/${planId}/${name}`);
    }
  }
  if (disk.uncommittedBytes > 0) found.push(`journal.jsonl: ${disk.uncommittedBytes} bytes past the committed end`);
  return found;
}

/** The size of a file, or -1 when there is none. */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/** A stack trace line as Node prints it (`    at fn (file:1:2)`). */
export const STACK_TRACE = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;

/** Control characters other than newline: what must never come from plan or store text. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** The line a writer prints when it has waited a while for another run's lock: not an error. */
export const WAITING = /^waiting for another k8s-study(?: \(process \d+\))? to finish with the store…$/;

/** Standard error of a run that succeeded: empty, or only saying that it waited for the lock. */
export function onlyWaited(stderr: string): boolean {
  return stderr.split('\n').every((line) => line === '' || WAITING.test(line));
}

export interface CommandCase {
  /** Its arguments; `{dir}` becomes a scratch folder of the test, `{backup}` a backup of the seeded store. */
  args: string[];
  /** What it does with the store: reads it, changes it, or never opens it. */
  store: 'reads' | 'writes' | 'none';
}

/**
 * Every command, with arguments that make it do its real work on the shipped plan and a store
 * seeded by `seedProgress`. A new command is one more line here, and the stress tests cover it.
 */
export const COMMANDS: CommandCase[] = [
  { args: ['next'], store: 'reads' },
  { args: ['list'], store: 'reads' },
  { args: ['ls'], store: 'reads' },
  { args: ['show', '1'], store: 'reads' },
  { args: ['show', '3'], store: 'reads' },
  { args: ['check', '3', '2'], store: 'writes' },
  { args: ['check', '3', '1', '--uncheck'], store: 'writes' },
  { args: ['done', '3', '--summary', 'IAM roles for service accounts', '--minutes', '50'], store: 'writes' },
  { args: ['undo', '2'], store: 'writes' },
  { args: ['note', '1', '--summary', 'Shared responsibility, in my words'], store: 'writes' },
  { args: ['due', '--upcoming', '7'], store: 'reads' },
  { args: ['review', 'session:shared-responsibility', '--rating', 'good'], store: 'writes' },
  { args: ['review', 'term:etcd', '--rating', 'again'], store: 'writes' },
  { args: ['lab', '2026-12-20'], store: 'writes' },
  { args: ['lab', '--clear'], store: 'writes' },
  { args: ['lab'], store: 'reads' },
  { args: ['status'], store: 'reads' },
  { args: ['schedule'], store: 'reads' },
  { args: ['schedule', '--start', '2026-11-27'], store: 'writes' },
  { args: ['export', '--format', 'json'], store: 'reads' },
  { args: ['export', '--format', 'ics', '-o', '{dir}/study.ics'], store: 'reads' },
  { args: ['export', '--format', 'md', '-o', '{dir}/journal.md'], store: 'reads' },
  { args: ['import', '{backup}'], store: 'writes' },
  { args: ['import', '{backup}', '--replace'], store: 'writes' },
  { args: ['validate'], store: 'none' },
  { args: ['init', '{dir}/my-plan.yaml'], store: 'none' },
  { args: ['completion', 'bash'], store: 'none' },
];

/** The arguments of a case with its placeholders filled in. */
export function argsOf(command: CommandCase, dir: string, backup: string): string[] {
  return command.args.map((arg) => arg.replaceAll('{dir}', dir).replaceAll('{backup}', backup));
}
