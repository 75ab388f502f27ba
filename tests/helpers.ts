import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, vi } from 'vitest';
import type { Streams } from '../src/context.ts';
import type { JournalEvent } from '../src/core/events.ts';
import type { ItemRecord, SessionRecord } from '../src/core/records.ts';
import type { Choice, KeyChoice, Prompts } from '../src/io/prompts.ts';
import { run } from '../src/main.ts';

// What the tests share: temporary folders, the CLI run in-process (most tests) or as the built
// binary (a few), a look at what the store holds on disk, and scripted prompts.

export const ROOT = new URL('..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/k8s-study.cjs');
export const SHIPPED_PLAN = join(ROOT, 'data/k8s-security-fundamentals.yaml');
export const PLAN_ID = 'k8s-security-fundamentals';

/**
 * Time-outs of tests that wait on other processes leave room for a machine three times slower than
 * the one they were written on, busy with other work: they catch a hang, never a slow run.
 */
export const SLOW = 60_000;

/**
 * For stores and stamps in tests that must stamp a file however recently it changed (the product
 * waits SETTLED_MS). Not 0: a file's change time can be a fraction of a millisecond after the
 * Date.now() that follows the change, since Date.now() drops the fraction.
 */
export const STAMP_AT_ONCE = -Infinity;

/**
 * Stops Date.now() (only: timers run on) 1 ms after the oldest change of `files`, until the test
 * ends: each of them looks changed just now, however long the machine took to get here.
 */
export function changedJustNow(...files: string[]): void {
  const oldest = Math.min(...files.map((file) => statSync(file).ctimeMs));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Math.floor(oldest) + 1);
}
afterEach(() => {
  vi.useRealTimers();
});

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'k8s-study-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The store folder (K8S_STUDY_CONFIG_DIR); a fresh temporary one when not given. */
  configDir?: string;
  /** The clock (K8S_STUDY_NOW); default 2026-12-01T10:00. */
  now?: string;
  env?: NodeJS.ProcessEnv;
  /** Standard input's text (for `--summary -`). */
  input?: string;
  /** Pretend standard input and output are a terminal (prompts are allowed then). */
  terminal?: boolean;
  /** The prompts to answer with when `terminal` is set. */
  prompts?: Prompts;
  /** Columns of the pretended terminal. */
  columns?: number;
}

/** The environment every test run gets: a private store and clock, never the user's home. */
export function testEnv(configDir: string, options: Pick<CliOptions, 'now' | 'env'> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: configDir,
    TZ: process.env.TZ ?? 'UTC',
    K8S_STUDY_CONFIG_DIR: configDir,
    K8S_STUDY_NOW: options.now ?? '2026-12-01T10:00',
    NO_COLOR: '1',
    ...options.env,
  };
}

let promptsForNextRun: Prompts | undefined;

/** Used by the prompt module's test double (tests/prompts-double.ts) to answer prompts in-process. */
export function currentTestPrompts(): Prompts | undefined {
  return promptsForNextRun;
}

/**
 * Runs k8s-study in this process, as `k8s-study ARGS` would run: the same entry (the fast path, then
 * the full program), with standard output and error collected. Fast: thousands of runs a second.
 */
export async function cli(args: string[], options: CliOptions = {}): Promise<CliResult & { configDir: string }> {
  const configDir = options.configDir ?? tempDir();
  let stdout = '';
  let stderr = '';
  const terminal = options.terminal ?? false;
  const stdin = Object.assign(new PassThrough(), { isTTY: terminal });
  stdin.end(options.input ?? '');
  const streams: Streams = {
    stdout: { isTTY: terminal, columns: options.columns ?? 80, write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    stdin,
  };
  promptsForNextRun = options.prompts;
  try {
    const status = await run(args, testEnv(configDir, options), streams);
    return { status, stdout, stderr, configDir };
  } finally {
    promptsForNextRun = undefined;
  }
}

/** Runs the built binary (dist/, built once by tests/global-setup.ts) with a private store and clock. */
export function runBinary(args: string[], options: { configDir: string; now?: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: testEnv(options.configDir, options),
    timeout: SLOW,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the built binary without waiting (for many runs at once, or to kill one). */
export function startBinary(args: string[], options: { configDir: string; now?: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, [BIN, ...args], { env: testEnv(options.configDir, options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ status: code ?? (signal ? -1 : 0), stdout, stderr })));
  return { child, done };
}

/** What the store in a folder holds on disk, read directly from its files (not through the product). */
export interface StoreOnDisk {
  root: Record<string, unknown> | null;
  sessions: Record<string, SessionRecord>;
  items: Record<string, ItemRecord>;
  events: JournalEvent[];
  /** The journal's bytes past the committed end (left by a run killed mid-commit). */
  uncommittedBytes: number;
}

/** Reads a plan's records and the journal straight from the store's files. */
export function readStoreOnDisk(configDir: string, planId = PLAN_ID): StoreOnDisk {
  const rootFile = join(configDir, 'config.json');
  if (!existsSync(rootFile)) return { root: null, sessions: {}, items: {}, events: [], uncommittedBytes: 0 };
  const root = JSON.parse(readFileSync(rootFile, 'utf8')) as Record<string, unknown> & {
    journal?: { bytes: number };
    plans?: Record<string, { sessionFiles: string[]; itemFiles: string[] }>;
  };
  const entry = root.plans?.[planId];
  const folder = join(configDir, 'plans', planId);
  const sessions: Record<string, SessionRecord> = {};
  for (const name of entry?.sessionFiles ?? []) Object.assign(sessions, JSON.parse(readFileSync(join(folder, name), 'utf8')));
  const items: Record<string, ItemRecord> = {};
  for (const name of entry?.itemFiles ?? []) Object.assign(items, JSON.parse(readFileSync(join(folder, name), 'utf8')));
  const journalFile = join(configDir, 'journal.jsonl');
  const journal = existsSync(journalFile) ? readFileSync(journalFile) : Buffer.alloc(0);
  const committed = root.journal?.bytes ?? 0;
  const events = journal
    .subarray(0, committed)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalEvent);
  return { root, sessions, items, events, uncommittedBytes: Math.max(0, journal.length - committed) };
}

/** Every file and folder under a store folder (relative paths, sorted), caches left out. */
export function storeFiles(configDir: string): string[] {
  if (!existsSync(configDir)) return [];
  return (readdirSync(configDir, { recursive: true }) as string[]).map(String).filter((name) => !name.startsWith('cache')).sort();
}

/** Prompts that answer from a script, in order; fails the test when asked something unexpected. */
export function scriptedPrompts(answers: unknown[]): Prompts & { asked: string[] } {
  const asked: string[] = [];
  const next = <T>(message: string): T => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer as T;
  };
  return {
    asked,
    checkboxes: async <T>(message: string, _choices: Choice<T>[]) => next<T[]>(message),
    text: async (message: string) => next<string>(message),
    duration: async (message: string, options: { parse: (typed: string) => number }) => options.parse(next<string>(message)),
    choose: async <T>(message: string, _choices: Choice<T>[]) => next<T>(message),
    key: async <T>(message: string, choices: KeyChoice<T>[]) => {
      const value = next<T>(message);
      // A scripted key must be one the prompt offered, as a real key press would be.
      if (!choices.some((choice) => choice.value === value)) throw new Error(`"${String(value)}" is not offered at: ${message} (${choices.map((choice) => String(choice.value)).join(', ')})`);
      return value;
    },
    // An answer that is a function edits the text it is given, as a person in their editor would.
    editor: async (message: string, options?: { default?: string }) => {
      const answer = next<string | ((text: string) => string)>(message);
      return typeof answer === 'function' ? answer(options?.default ?? '') : answer;
    },
    confirm: async (message: string) => next<boolean>(message),
  };
}

/** The clock of runs on a store seeded by `seedProgress`: the reviews of sessions 1 and 2 are due. */
export const SEEDED_NOW = '2026-12-01T10:00';

/**
 * Records some progress in a store (in-process, through the product's own commands): session 1
 * done on 28 November with a summary, session 2 done on 29 November without one, items 1 and 3 of
 * session 3 ticked. At SEEDED_NOW the reviews of sessions 1 and 2 are due.
 */
export async function seedProgress(configDir: string, planFile?: string): Promise<void> {
  const plan = planFile === undefined ? [] : ['--plan', planFile];
  const steps = [
    ['done', '1', '--at', '2026-11-28', '--summary', 'AWS runs the control plane; I own RBAC, images, nodes', '--minutes', '55'],
    ['done', '2', '--at', '2026-11-29', '--no-summary'],
    ['check', '3', '1', '3'],
  ];
  for (const step of steps) {
    const result = await cli([...plan, ...step], { configDir, now: SEEDED_NOW });
    if (result.status !== 0) throw new Error(`seeding ${step.join(' ')} failed: ${result.stderr}`);
  }
}

/** Every file of a store folder with its bytes (caches left out), to tell whether anything at all changed. */
export function storeSnapshot(configDir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const name of storeFiles(configDir)) {
    const file = join(configDir, name);
    try {
      snapshot[name] = readFileSync(file).toString('base64');
    } catch {
      snapshot[name] = '(folder)';
    }
  }
  return snapshot;
}
