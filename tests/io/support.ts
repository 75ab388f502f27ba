import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { ROOT, SLOW } from '../helpers.ts';

// What the store and lock tests share: a byte-for-byte picture of a store folder, generated plans of
// any size, the store's modules bundled for child processes (a process that holds the lock, a
// read that must not hang), and a child process run with a time limit.

/** Every file under a folder (caches left out), by relative path, with its bytes. */
export function snapshot(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      const name = relative(folder, path);
      if (name === 'cache') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(name, readFileSync(path));
      else files.set(name, Buffer.from(`<${statSync(path).mode.toString(8)}>`));
    }
  };
  if (existsSync(folder)) walk(folder);
  return files;
}

/** Asserts that a folder holds exactly the files of an earlier snapshot, byte for byte. */
export function expectSameFiles(folder: string, before: Map<string, Buffer>, what: string): void {
  const after = snapshot(folder);
  expect([...after.keys()].sort(), what).toEqual([...before.keys()].sort());
  for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), `${what}: ${name} changed`).toBe(true);
}

/** The folder holding a plan's record files. */
export const planFolder = (configDir: string, planId: string): string => join(configDir, 'plans', planId);

/** The record files of a plan, as the folder holds them (sorted). */
export const recordFiles = (configDir: string, planId: string): string[] => (existsSync(planFolder(configDir, planId)) ? readdirSync(planFolder(configDir, planId)).sort() : []);

/** The root file, parsed. */
export interface RootOnDisk {
  generation: number;
  journal: { bytes: number; events: number };
  plans: Record<string, { sessionFiles: string[]; itemFiles: string[]; lab: string | null }>;
}

export const readRoot = (configDir: string): RootOnDisk => JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as RootOnDisk;

export interface PlanShape {
  id?: string;
  sessions: number;
  /** Key points per session (each its own), default 1. */
  keyPointsPerSession?: number | ((index: number) => number);
}

/** Writes a valid plan file with `sessions` sessions (ids s1, s2, …, three checklist lines each); returns its path. */
export function writePlan(folder: string, shape: PlanShape): string {
  const id = shape.id ?? 'generated';
  const perSession = typeof shape.keyPointsPerSession === 'function' ? shape.keyPointsPerSession : () => (shape.keyPointsPerSession as number | undefined) ?? 1;
  const sessions: string[] = [];
  const keyPoints: string[] = [];
  for (let index = 0; index < shape.sessions; index += 1) {
    const points = Array.from({ length: perSession(index) }, (_, n) => `kp-${index + 1}-${n + 1}`);
    for (const point of points) keyPoints.push(`  - id: ${point}\n    title: Point ${point}\n    text: About ${point}.\n`);
    sessions.push(
      `  - id: s${index + 1}\n    title: Session ${index + 1}\n    day: ${1 + Math.floor(index / 5)}\n    duration: 30m\n    focus: [Read it, Write it, Explain it]\n    keyPoints: [${points.join(', ')}]\n`,
    );
  }
  const file = join(folder, `${id}.yaml`);
  writeFileSync(file, `version: 1\nid: ${id}\ntitle: Plan ${id}\nsessions:\n${sessions.join('')}keyPoints:\n${keyPoints.length > 0 ? keyPoints.join('') : '  []\n'}`);
  return file;
}

const bundles = new Map<string, Promise<string>>();
let bundleFolder: string | undefined;

/**
 * A source module bundled into one CommonJS file, for a child process to require: the module as the
 * product builds it, run in a process of its own (which can hold a lock, be stopped, or hang).
 */
export function bundleOf(source: string): Promise<string> {
  let bundled = bundles.get(source);
  if (!bundled) {
    bundleFolder ??= mkdtempSync(join(tmpdir(), 'k8s-study-bundles-'));
    const outfile = join(bundleFolder, `${source.replace(/[^a-z0-9]+/gi, '-')}.cjs`);
    bundled = build({ entryPoints: [join(ROOT, source)], bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'error' }).then(() => outfile);
    bundles.set(source, bundled);
  }
  return bundled;
}

/** Removes the bundles (call from afterAll). */
export function removeBundles(): void {
  if (bundleFolder) rmSync(bundleFolder, { recursive: true, force: true });
  bundleFolder = undefined;
  bundles.clear();
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed by the time limit: it hung. */
  hung: boolean;
}

/** Runs `node -e script` with a time limit that only catches a hang; resolves with what it printed. */
export function runNodeScript(script: string, options: { env?: NodeJS.ProcessEnv; limitMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.limitMs ?? SLOW / 2);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, hung });
    });
  });
}

/** Waits until `check` holds, polling; fails with `what` when it never does within the limit. */
export async function waitFor(check: () => boolean, what: string, limitMs = SLOW / 2): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
