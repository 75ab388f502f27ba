import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Streams } from '../../src/context.ts';
import { run } from '../../src/main.ts';
import { BIN, ROOT, type CliResult } from '../helpers.ts';

// What the reliability tests share: the table of commands, the stored fixture, an asynchronous
// spawn (many processes at once) and an in-process run (thousands of runs in seconds).

/** The store a format-1 build wrote: sessions 1 and 2 done (with summaries), ticks on 2 and 3. A first write upgrades it. */
export const STORE_FIXTURE = join(ROOT, 'tests/fixtures/store-format-1.json');
/** A backup (export --format json) of the fixture with a summary for session 4 and a lab date added. */
export const BACKUP_FIXTURE = join(ROOT, 'tests/fixtures/backup-format-1.json');
/** The clock for runs on the fixture: the reviews of sessions 1 and 2 are due. */
export const FIXTURE_NOW = '2026-12-01T10:00';

export interface CommandCase {
  /** Its arguments; `{dir}` becomes a scratch folder of the test. */
  args: string[];
  /** What it does with the store: reads it, changes it, or never opens it. */
  store: 'reads' | 'writes' | 'none';
}

/**
 * Every command, with arguments that make it do its real work on the shipped plan and the stored
 * fixture. A new command is one more line here, and every reliability test covers it.
 */
export const COMMANDS: CommandCase[] = [
  { args: ['next'], store: 'reads' },
  { args: ['list'], store: 'reads' },
  { args: ['ls'], store: 'reads' },
  { args: ['show', '1'], store: 'reads' },
  { args: ['show', '3'], store: 'reads' },
  { args: ['check', '3', '2'], store: 'writes' },
  { args: ['check', '2', '1', '--uncheck'], store: 'writes' },
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
  { args: ['import', BACKUP_FIXTURE], store: 'writes' },
  { args: ['import', BACKUP_FIXTURE, '--replace'], store: 'writes' },
  { args: ['validate'], store: 'none' },
  { args: ['init', '{dir}/my-plan.yaml'], store: 'none' },
  { args: ['completion', 'bash'], store: 'none' },
];
/**
 * Commands that ask on a terminal when an answer is missing. Without one they never wait: `done`
 * records the session without a summary (exit 0); the others say what to pass instead (exit 2).
 */
export const ASKING_COMMANDS: { args: string[]; withoutTerminal: 0 | 2 }[] = [
  { args: ['done', '4'], withoutTerminal: 0 },
  { args: ['check', '3'], withoutTerminal: 2 },
  { args: ['note', '3'], withoutTerminal: 2 },
  { args: ['review'], withoutTerminal: 2 },
  { args: ['review', 'term:etcd'], withoutTerminal: 2 },
];

/** The arguments of a case with `{dir}` filled in. */
export function argsOf(command: CommandCase, dir: string): string[] {
  return command.args.map((arg) => arg.replaceAll('{dir}', dir));
}

/** Puts the stored fixture into a store folder. */
export function seedStore(configDir: string): void {
  mkdirSync(configDir, { recursive: true });
  copyFileSync(STORE_FIXTURE, join(configDir, 'config.json'));
}

/**
 * Files in the store folder other than the store itself, the copy an upgrade keeps of the older
 * format (the fixture is format 1: a first write upgrades it) and the cache of validated plans.
 */
export function strayFiles(configDir: string): string[] {
  return readdirSync(configDir).filter((name) => name !== 'config.json' && !/^config\.json\.format-\d+\.bak$/.test(name) && name !== 'cache');
}

export interface SpawnOptions {
  configDir: string;
  now?: string;
  env?: NodeJS.ProcessEnv;
  /** `ignore`: standard input is /dev/null (closed); `pipe`: a pipe left open, never written. */
  stdin?: 'ignore' | 'pipe';
  /** Kills the process (SIGKILL) after this long, reporting it as `timedOut`. */
  timeoutMs?: number;
}

export interface SpawnResult extends CliResult {
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  elapsedMs: number;
}

/** Starts the built binary without waiting for it, with a private store and clock. */
export function startCli(args: string[], options: SpawnOptions): { child: ChildProcess; result: Promise<SpawnResult> } {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: options.configDir,
      TZ: process.env.TZ ?? 'UTC',
      K8S_STUDY_CONFIG_DIR: options.configDir,
      K8S_STUDY_NOW: options.now ?? FIXTURE_NOW,
      NO_COLOR: '1',
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const result = new Promise<SpawnResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut, elapsedMs: Date.now() - started });
    });
  });
  return { child, result };
}

/** Runs the built binary to its end, asynchronously, so many can run at once. */
export function spawnCli(args: string[], options: SpawnOptions): Promise<SpawnResult> {
  return startCli(args, { timeoutMs: 30_000, ...options }).result;
}

export interface InProcessResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs k8s-study inside this process (`run` from src/main.ts) over in-memory streams. */
export async function runInProcess(argv: string[], env: NodeJS.ProcessEnv, options: { stdoutIsTTY?: boolean; stdin?: string } = {}): Promise<InProcessResult> {
  let out = '';
  let err = '';
  const stdout = { isTTY: options.stdoutIsTTY ?? false, columns: 80, write: (chunk: string) => ((out += chunk), true) } as unknown as Streams['stdout'];
  const stderr = { write: (chunk: string) => ((err += chunk), true) } as unknown as Streams['stderr'];
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end(options.stdin ?? '');
  const status = await run(argv, { NO_COLOR: '1', K8S_STUDY_NOW: FIXTURE_NOW, ...env }, { stdout, stderr, stdin });
  return { status, stdout: out, stderr: err };
}

/** A stack trace line as Node prints it (`    at fn (file:1:2)`). */
export const STACK_TRACE = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;

/** Control characters other than newline: what must never come from plan or store text. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
