import { crc32 } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { createContext, type Context, type GlobalOptions, type Streams } from '../src/context.ts';
import { loadPlanFile } from '../src/io/plan-file.ts';
import type { Choice, Prompts } from '../src/io/prompts.ts';

export const ROOT = new URL('..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/k8s-study.js');
export const SHIPPED_PLAN = join(ROOT, 'data/k8s-security-fundamentals.yaml');

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
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary with a private store folder and clock; never the user's home. */
export function runCli(args: string[], options: { configDir: string; now?: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH,
      HOME: options.configDir,
      TZ: process.env.TZ ?? 'UTC',
      K8S_STUDY_CONFIG_DIR: options.configDir,
      K8S_STUDY_NOW: options.now ?? '2026-12-01T10:00',
      NO_COLOR: '1',
      ...options.env,
    },
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The store file's text, or null when there is none. */
export function readStoreText(configDir: string): string | null {
  try {
    return readFileSync(join(configDir, 'config.json'), 'utf8');
  } catch {
    return null;
  }
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
    wholeNumber: async (message: string) => next<number>(message),
    choose: async <T>(message: string, _choices: Choice<T>[]) => next<T>(message),
  };
}

export interface FakeRun {
  context: Context;
  stdout: () => string;
  stderr: () => string;
}

/** A command context over in-memory streams, a temp store and a fixed clock. */
export function fakeContext(options: {
  configDir?: string;
  now?: string;
  plan?: string;
  json?: boolean;
  interactive?: boolean;
  prompts?: Prompts;
  stdin?: string;
  env?: NodeJS.ProcessEnv;
}): FakeRun {
  let out = '';
  let err = '';
  // Plain collectors: what a command wrote is readable at once, with no stream buffering.
  const stdout = { isTTY: options.interactive ?? false, columns: 80, write: (chunk: string) => ((out += chunk), true) } as unknown as Streams['stdout'];
  const stderr = { write: (chunk: string) => ((err += chunk), true) } as unknown as Streams['stderr'];
  const stdin = Object.assign(new PassThrough(), { isTTY: options.interactive ?? false });
  stdin.end(options.stdin ?? '');
  const env = {
    K8S_STUDY_CONFIG_DIR: options.configDir ?? tempDir(),
    K8S_STUDY_NOW: options.now ?? '2026-12-01T10:00',
    NO_COLOR: '1',
    ...options.env,
  };
  const globals: GlobalOptions = { plan: options.plan, json: options.json, color: false };
  const context = createContext(env, globals, { stdout, stderr, stdin }, options.prompts ? async () => options.prompts as Prompts : undefined, loadPlanFile);
  return { context, stdout: () => out, stderr: () => err };
}

/**
 * Store text with its read-index checksum made to match again, as if k8s-study had written it: lets a
 * test damage the plans in place yet still be read through the index (to show what is parsed lazily).
 */
export function resealed(text: string): string {
  const marker = '"checksum": "';
  const digitsAt = text.indexOf(marker) + marker.length;
  const zeroed = `${text.slice(0, digitsAt)}${'0'.repeat(8)}${text.slice(digitsAt + 8)}`;
  const checksum = crc32(zeroed).toString(16).padStart(8, '0');
  return `${text.slice(0, digitsAt)}${checksum}${text.slice(digitsAt + 8)}`;
}
