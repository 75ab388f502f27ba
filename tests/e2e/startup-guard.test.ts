import { isAscii } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SLOW, tempDir, testEnv } from '../helpers.ts';
import { loadedFiles, loadRecorder } from './load-recorder.ts';

// A guard that is not a timing: which modules `next` loads. The bundles are built again into a
// private folder with esbuild's metafiles (which source files went into which output); that build
// is the same as dist/, and `next` runs from it with a recorder of the files Node loads.

/** Packages the entry (dist/k8s-study.cjs, loaded by every run) must never contain. */
const NEVER_IN_ENTRY = ['commander', '@inquirer/', 'yaml', 'zod', 'ts-fsrs', 'conf', 'ajv', 'ics', 'chalk', 'proper-lockfile'];
/** Packages the program (dist/program.cjs) must not contain: they are in dist/lib/, loaded only by the commands that need them. */
const NEVER_IN_PROGRAM = ['@inquirer/', 'yaml', 'zod', 'conf', 'ajv', 'ics', 'proper-lockfile'];
/**
 * The modules of the commands that look at every plan, draw statistics or sync through git: in
 * neither the entry nor the program, each in its part of dist/lib/ (so `next` never loads them).
 */
const ONLY_IN_LIBRARIES: Record<string, string[]> = {
  'every-plan': ['src/commands/every-plan.ts', 'src/core/overview.ts'],
  stats: ['src/commands/stats.ts', 'src/core/stats.ts', 'src/ui/stats.ts'],
  sync: ['src/commands/sync.ts', 'src/io/git.ts', 'src/io/sync-repo.ts', 'src/core/sync-merge.ts', 'src/ui/sync.ts'],
};

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let folder: string;
let recorder: NodeJS.ProcessEnv;
let meta: Record<string, Metafile>;

/** The packages (and source files) bundled into one output file of the private build. */
function contentsOf(part: Metafile, output: string): string[] {
  const entry = Object.entries(part.outputs).find(([path]) => resolve(ROOT, path) === output);
  if (!entry) throw new Error(`not an output of the build: ${output}`);
  return Object.keys(entry[1].inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? input);
}

const forbidden = (contents: string[], names: string[]): string[] =>
  [...new Set(contents)].filter((name) => names.some((banned) => name === banned || (banned.endsWith('/') && name.startsWith(banned))));

/** Runs the private build's `next` (or `args`) on a store; returns its output and the files of the build it loaded (relative to the folder). */
function runNext(configDir: string, args: string[] = ['next']): { stdout: string; loaded: string[] } {
  const result = spawnSync(process.execPath, [join(folder, 'bin/k8s-study.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...testEnv(configDir), ...recorder },
    timeout: SLOW,
  });
  const { files, stderr } = loadedFiles(result.stderr);
  expect(stderr).toBe('');
  expect(result.status).toBe(0);
  return { stdout: result.stdout, loaded: files.filter((file) => file.startsWith(`${folder}/`)).map((file) => file.slice(folder.length + 1)).sort() };
}

beforeAll(() => {
  // Kept for all the tests of this file (tempDir folders go after each test).
  folder = mkdtempSync(join(tmpdir(), 'k8s-study-guard-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--outdir', join(folder, 'dist'), '--metafile', join(folder, 'meta.json')], { cwd: ROOT });
  meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as typeof meta;
  mkdirSync(join(folder, 'bin'));
  cpSync(join(ROOT, 'bin/k8s-study.cjs'), join(folder, 'bin/k8s-study.cjs'));
  cpSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
  // The shipped plan itself, not a fresh copy: a plan file is cached only once left alone for 2 s.
  symlinkSync(join(ROOT, 'data'), join(folder, 'data'));
  recorder = loadRecorder(folder);
}, SLOW);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('start-up guard: what `next` loads', () => {
  it('checks the bundles that ship (the private build is the same as dist/)', () => {
    for (const file of ['k8s-study.cjs', 'program.cjs', 'lib/plan-parser.cjs', 'lib/prompts.cjs', 'lib/every-plan.cjs', 'lib/stats.cjs', 'lib/sync.cjs']) {
      expect(readFileSync(join(folder, 'dist', file), 'utf8'), file).toBe(readFileSync(join(ROOT, 'dist', file), 'utf8'));
    }
  });

  it('the entry holds no command-line parser, prompts, YAML, schema, FSRS, store-writing or calendar library; the program no prompts, YAML or calendar', () => {
    const entry = contentsOf(meta.entry!, join(folder, 'dist/k8s-study.cjs'));
    expect(entry).toContain('src/main.ts');
    expect(forbidden(entry, NEVER_IN_ENTRY)).toEqual([]);
    const program = contentsOf(meta.program!, join(folder, 'dist/program.cjs'));
    expect(program).toContain('src/commands/next.ts');
    expect(forbidden(program, NEVER_IN_PROGRAM)).toEqual([]);
    // The parts loaded only sometimes have them: the checks above look in the right places.
    expect(forbidden(contentsOf(meta['plan-parser']!, join(folder, 'dist/lib/plan-parser.cjs')), ['yaml', 'zod'])).toEqual(['yaml', 'zod']);
    expect(forbidden(contentsOf(meta.prompts!, join(folder, 'dist/lib/prompts.cjs')), ['@inquirer/']).length).toBeGreaterThan(0);
  });

  it('the entry and the program write their Unicode-property expressions as literals (compiled when first used, not as each run loads)', () => {
    for (const file of ['k8s-study.cjs', 'program.cjs']) {
      const text = readFileSync(join(folder, 'dist', file), 'utf8');
      expect(text, file).not.toMatch(/new RegExp\([^)]*\\\\p\{/);
    }
    expect(readFileSync(join(folder, 'dist', 'program.cjs'), 'utf8')).toContain('\\p{Emoji_Presentation}');
  });

  it('the entry and the program are ASCII, which the code cache reads as Latin-1 (a copy, not a decoding)', () => {
    for (const file of ['k8s-study.cjs', 'program.cjs']) expect(isAscii(readFileSync(join(folder, 'dist', file))), file).toBe(true);
  });

  it('the entry and the program hold none of plans, stats or sync: each is a part of dist/lib/ of its own', () => {
    const entry = contentsOf(meta.entry!, join(folder, 'dist/k8s-study.cjs'));
    const program = contentsOf(meta.program!, join(folder, 'dist/program.cjs'));
    for (const [library, modules] of Object.entries(ONLY_IN_LIBRARIES)) {
      expect(forbidden(entry, modules), library).toEqual([]);
      expect(forbidden(program, modules), library).toEqual([]);
      expect(forbidden(contentsOf(meta[library]!, join(folder, `dist/lib/${library}.cjs`)), modules).sort(), library).toEqual([...modules].sort());
    }
  });

  it('a run served from the cache of views loads nothing but the launcher and the entry', { timeout: SLOW }, () => {
    const configDir = tempDir();
    // The first run validates the plan (the YAML parser) and caches it for the runs that follow.
    expect(runNext(configDir, ['schedule']).loaded).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs', 'dist/lib/plan-parser.cjs', 'dist/program.cjs']);
    // A cache miss of the views, with the plan cached: the program, without the YAML parser.
    const miss = runNext(configDir);
    expect(miss.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(miss.loaded).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs', 'dist/program.cjs']);
    // Then the view it kept.
    const hit = runNext(configDir);
    expect(hit.stdout).toBe(miss.stdout);
    expect(hit.loaded).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs']);
  });

  it('`review` with nothing due and `lab` load no prompt library, and are then answered from the cache of views', { timeout: SLOW }, () => {
    const configDir = tempDir();
    runNext(configDir);
    for (const args of [['review'], ['lab']]) {
      const first = runNext(configDir, args);
      expect(first.loaded, args.join(' ')).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs', 'dist/program.cjs']);
      const again = runNext(configDir, args);
      expect(again.stdout).toBe(first.stdout);
      expect(again.loaded, args.join(' ')).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs']);
    }
  });

  it('after a change to the store, the next `next` computes again, without the YAML parser', { timeout: SLOW }, () => {
    const configDir = tempDir();
    runNext(configDir);
    runNext(configDir);
    const done = spawnSync(process.execPath, [join(folder, 'bin/k8s-study.cjs'), 'done', '1', '--no-summary'], { encoding: 'utf8', env: testEnv(configDir), timeout: SLOW });
    expect(done.status, done.stderr).toBe(0);
    const after = runNext(configDir);
    expect(after.stdout).toContain('Next: 2. Security Architecture Example and Cloud Native Gaps');
    expect(after.loaded).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs', 'dist/program.cjs']);
    const again = runNext(configDir);
    expect(again.stdout).toBe(after.stdout);
    expect(again.loaded).toEqual(['bin/k8s-study.cjs', 'dist/k8s-study.cjs']);
  });
});
