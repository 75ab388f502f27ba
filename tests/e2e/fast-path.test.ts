import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Streams } from '../../src/context.ts';
import { runProgram } from '../../src/program.ts';
import { loadedFiles, loadRecorder } from './load-recorder.ts';
import { cli, ROOT, runBinary, SEEDED_NOW, seedProgress, SHIPPED_PLAN, SLOW, startBinary, testEnv, type CliResult } from '../helpers.ts';

// The commands that only read are answered three ways: by the built program (dist/program.cjs),
// from the cache of views the entry keeps of what it printed, and by the program run from the
// sources in this process. A person must not be able to tell which one answered.

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the full program (src/program.ts, commander) in this process, as the entry does when the fast path declines. */
async function runFullProgram(args: string[], configDir: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end('');
  const streams: Streams = {
    stdout: { isTTY: false, columns: 80, write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    stdin,
  };
  await runProgram(args, testEnv(configDir, { now: SEEDED_NOW }), streams, VERSION);
  return { status: 0, stdout, stderr };
}

const READS = [['next'], ['due'], ['due', '--upcoming', '7'], ['list'], ['ls'], ['show', '2'], ['status'], ['lab']];

/** Runs the built binary on each command line, a few at a time, with Node reporting the files it loads. */
async function runAll(lines: string[][]): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let start = 0; start < lines.length; start += 4) {
    const batch = lines.slice(start, start + 4).map((args) => startBinary(args, { configDir, now: SEEDED_NOW, env: recorder }).done);
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

const PROGRAM = /\/dist\/program\.cjs$/;

let folder: string;
/** The environment that makes a run report the files it loaded. */
let recorder: NodeJS.ProcessEnv;
let configDir: string;
let planFile: string;

/** Every command line compared: each read with and without --json, with the shipped plan and with --plan FILE. */
const LINES: string[][] = [];

beforeAll(async () => {
  // Kept for every test of this file (tempDir folders go after each test).
  folder = mkdtempSync(join(tmpdir(), 'k8s-study-fast-'));
  recorder = loadRecorder(folder);
  configDir = join(folder, 'store');
  planFile = join(folder, 'my-plan.yaml');
  // A plan of one's own: the shipped one with another id and title, and session 2 reworded.
  writeFileSync(
    planFile,
    readFileSync(SHIPPED_PLAN, 'utf8')
      .replace(/^id: .*$/m, 'id: my-plan')
      .replace(/^title: .*$/m, 'title: My own plan')
      .replace('title: Security Architecture Example and Cloud Native Gaps', 'title: Architecture, in my words'),
  );
  await seedProgress(configDir);
  await seedProgress(configDir, planFile);
  const lab = await cli(['lab', '2026-12-15'], { configDir, now: SEEDED_NOW });
  expect(lab.status, lab.stderr).toBe(0);
  for (const args of READS) {
    for (const json of [[], ['--json']]) {
      LINES.push([...args, ...json]);
      LINES.push(['--plan', planFile, ...json, ...args]);
    }
  }
  // A plan file changed in the last two seconds is not cached (its stamp cannot be trusted yet), and
  // neither are views made from it: wait until it has settled, then let one run cache it.
  const age = Date.now() - statSync(planFile).ctimeMs;
  if (age < 2100) await sleep(2100 - age);
  for (const args of [['validate'], ['next'], ['--plan', planFile, 'next']]) {
    const primed = runBinary(args, { configDir, now: SEEDED_NOW });
    expect(primed.status, primed.stderr).toBe(0);
  }
  // The plans are cached; the views those runs kept go, so that the first runs below compute.
  rmSync(join(configDir, 'cache', 'views'), { recursive: true, force: true });
}, SLOW);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the built program, its cached views and the sources agree', () => {
  it('on every read command, with and without --json and --plan FILE: the binary, its cached views, the sources', { timeout: SLOW * 2 }, async () => {
    // First runs (the program computes, and the entry keeps the view), then the same lines again,
    // answered from the cache of views; in both, a preloaded recorder says which files were loaded.
    const first = await runAll(LINES);
    const second = await runAll(LINES);
    for (const [index, args] of LINES.entries()) {
      const what = args.join(' ');
      const built = first[index]!;
      const cached = second[index]!;
      const builtLoaded = loadedFiles(built.stderr);
      const cachedLoaded = loadedFiles(cached.stderr);
      expect(builtLoaded.stderr, what).toBe('');
      expect(built.status, what).toBe(0);
      expect(built.stdout, what).not.toBe('');
      // The program answered the first time, with none of the parts only some commands load (dist/lib/).
      expect(builtLoaded.files.some((file) => PROGRAM.test(file)), what).toBe(true);
      expect(builtLoaded.files.filter((file) => /\/dist\/lib\//.test(file)), what).toEqual([]);
      const full = await runFullProgram(args, configDir);
      expect(full.stderr, what).toBe('');
      const sources = await cli(args, { configDir, now: SEEDED_NOW });
      expect(sources.status, what).toBe(0);
      expect(built.stdout, `${what}: the built program and the program from the sources`).toBe(full.stdout);
      expect(sources.stdout, `${what}: the entry from the sources`).toBe(full.stdout);
      expect(cached.status, what).toBe(0);
      expect(cachedLoaded.stderr, what).toBe('');
      expect(cached.stdout, `${what}: the cached view`).toBe(built.stdout);
      // It really was the cached view: the program was not loaded.
      expect(cachedLoaded.files.map((file) => file.slice(ROOT.length - 1)).sort(), what).toEqual(['/bin/k8s-study.cjs', '/dist/k8s-study.cjs']);
      if (args.includes('--json')) expect(() => JSON.parse(built.stdout), what).not.toThrow();
    }
    // The two plans gave different answers: --plan was not lost on the way.
    expect(first[LINES.findIndex((args) => args.join(' ') === 'list')]!.stdout).toContain('Kubernetes Security Fundamentals');
    expect(first[LINES.findIndex((args) => args.join(' ') === `--plan ${planFile} list`)]!.stdout).toContain('My own plan');
    expect(first[LINES.findIndex((args) => args.join(' ') === `--plan ${planFile} show 2`)]!.stdout).toContain('Architecture, in my words');
  });

  it('a change to the store is seen at once: a cached view is never shown stale', { timeout: SLOW }, async () => {
    const before = runBinary(['next'], { configDir, now: SEEDED_NOW });
    expect(before.stdout).toContain('Next: 3. EKS Security Architecture');
    const done = runBinary(['done', '3', '--no-summary'], { configDir, now: SEEDED_NOW });
    expect(done.status, done.stderr).toBe(0);
    const after = runBinary(['next'], { configDir, now: SEEDED_NOW });
    expect(after.stdout).toContain('Next: 4. Additional Kubernetes Security Components');
    expect(after.stdout).toBe((await cli(['next'], { configDir, now: SEEDED_NOW })).stdout);
    // The next study day shows the next day's reviews, not yesterday's view.
    const tomorrow = runBinary(['due'], { configDir, now: '2026-12-02T10:00' });
    expect(tomorrow.stdout).toBe((await cli(['due'], { configDir, now: '2026-12-02T10:00' })).stdout);
    expect(tomorrow.stdout).not.toBe(runBinary(['due'], { configDir, now: SEEDED_NOW }).stdout);
  });

  it('a command line that is not a view still gets the program\'s answer, the same from the binary and the sources', { timeout: SLOW }, async () => {
    const cases: { args: string[]; status: number; check: (result: CliResult) => void }[] = [
      { args: ['next', '--help'], status: 0, check: (result) => expect(result.stdout).toMatch(/^Usage: k8s-study next[\s\S]*Example:\n {2}\$ k8s-study next/) },
      { args: ['show'], status: 2, check: (result) => expect(result.stderr).toBe("error: missing required argument 'session|item' (add --help to the command to see its arguments and options)\n") },
      { args: ['show', 'nope'], status: 1, check: (result) => expect(result.stderr).toMatch(/^error: unknown session or review item "nope"/) },
      { args: ['--json', 'show', 'nope'], status: 1, check: (result) => expect(result.stdout).toBe('') },
      { args: ['due', '--upcoming', 'soon'], status: 2, check: (result) => expect(result.stderr).toMatch(/soon/) },
      { args: ['list', 'extra'], status: 2, check: (result) => expect(result.stderr).toMatch(/^error: /) },
      { args: ['--plan', join(folder, 'missing.yaml'), 'next'], status: 1, check: (result) => expect(result.stderr).toMatch(/missing\.yaml/) },
    ];
    for (const { args, status, check } of cases) {
      const what = args.join(' ');
      const built = runBinary(args, { configDir, now: SEEDED_NOW });
      const sources = await cli(args, { configDir, now: SEEDED_NOW });
      expect(built.status, `${what}: ${built.stderr}`).toBe(status);
      expect(built.stdout, what).toBe(sources.stdout);
      expect(built.stderr, what).toBe(sources.stderr);
      expect(sources.status, what).toBe(status);
      check(built);
      if (status !== 0) expect(built.stderr.trim().split('\n'), what).toHaveLength(1);
    }
  });
});
