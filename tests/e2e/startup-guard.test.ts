import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, SHIPPED_PLAN, tempDir } from '../helpers.ts';

// A guard that is not a timing: which modules `next` loads. The bundle is built again into a private
// folder with esbuild's metafile (which source files went into which chunk); the build is the same as
// dist/ (its main.js is compared), and `next` runs from it with a loader hook that records every module
// Node loads. Each loaded chunk is traced back to the packages inside it.

/** Packages `next` must never load: only some commands use them (SPEC §6). */
const NEVER = ['@inquirer/', 'ts-fsrs', 'ics'];
/** Packages `next` must not load when the plan is cached: plan parsing and store writing. */
const NOT_WHEN_CACHED = ['yaml', 'zod', 'conf', 'ajv', 'proper-lockfile', 'graceful-fs'];

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

let folder: string;
let meta: Metafile;

/** The packages (and source files) bundled into one output file of the private build. */
function contentsOf(output: string): string[] {
  const entry = Object.entries(meta.outputs).find(([path]) => resolve(ROOT, path) === output);
  if (!entry) throw new Error(`not an output of the build: ${output}`);
  return Object.keys(entry[1].inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? input);
}

/** Runs the private build's `next`; returns the files of the bundle that Node loaded. */
function loadedByNext(configDir: string): string[] {
  const log = join(folder, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(folder, 'register-hook.mjs')).href, join(folder, 'bin/k8s-study.js'), 'next'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: configDir, K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00', NO_COLOR: '1', K8S_STUDY_LOAD_LOG: log },
    timeout: 20_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return urls.filter((url) => url.startsWith('file:') && url.includes('/dist/')).map((url) => new URL(url).pathname);
}

const packagesIn = (files: string[]): Set<string> => new Set(files.flatMap(contentsOf));
const forbidden = (packages: Set<string>, names: string[]): string[] => [...packages].filter((name) => names.some((banned) => name === banned || name.startsWith(banned)));

beforeAll(async () => {
  // Kept for all the tests of this file (tempDir folders go after each test).
  folder = mkdtempSync(join(tmpdir(), 'k8s-study-guard-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--outdir', join(folder, 'dist'), '--metafile', join(folder, 'meta.json')], { cwd: ROOT });
  meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as Metafile;
  mkdirSync(join(folder, 'bin'));
  cpSync(join(ROOT, 'bin/k8s-study.js'), join(folder, 'bin/k8s-study.js'));
  cpSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
  // The shipped plan itself (not a fresh copy): a plan is cached once left alone for 2 s.
  symlinkSync(join(ROOT, 'data'), join(folder, 'data'));
  const age = Date.now() - statSync(SHIPPED_PLAN).ctimeMs;
  if (age < 2100) await sleep(2100 - age);
  writeFileSync(
    join(folder, 'register-hook.mjs'),
    "import { register } from 'node:module';\nregister('./load-hook.mjs', import.meta.url, { data: { log: process.env.K8S_STUDY_LOAD_LOG } });\n",
  );
  writeFileSync(
    join(folder, 'load-hook.mjs'),
    "import { appendFileSync } from 'node:fs';\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function load(url, context, nextLoad) { appendFileSync(log, `${url}\\n`); return nextLoad(url, context); }\n",
  );
}, 60_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('start-up guard: what `next` loads', () => {
  it('checks the bundle that ships (the private build is the same as dist/)', () => {
    expect(readFileSync(join(folder, 'dist/main.js'), 'utf8')).toBe(readFileSync(join(ROOT, 'dist/main.js'), 'utf8'));
  });

  it('never loads the prompt library, ts-fsrs or the calendar library; with the plan cached, no YAML, schema or store-writing code either', () => {
    const configDir = tempDir();
    const first = packagesIn(loadedByNext(configDir));
    expect(forbidden(first, NEVER)).toEqual([]);
    // The first run validated the plan (and cached it); the next one must not even load the parser.
    expect(first.has('yaml')).toBe(true);
    const cached = packagesIn(loadedByNext(configDir));
    expect(forbidden(cached, [...NEVER, ...NOT_WHEN_CACHED])).toEqual([]);
    expect(cached.has('commander')).toBe(true);
    expect(cached.has('src/commands/next.ts')).toBe(true);
  });

  it('cannot reach them through static imports from main.js or the next command', () => {
    const outputs = Object.keys(meta.outputs).map((path) => resolve(ROOT, path));
    const mainFile = join(folder, 'dist/main.js');
    const nextChunk = outputs.find((output) => contentsOf(output).includes('src/commands/next.ts'));
    expect(nextChunk).toBeDefined();
    const reached = new Set<string>();
    const visit = (output: string): void => {
      if (reached.has(output)) return;
      reached.add(output);
      const entry = Object.entries(meta.outputs).find(([path]) => resolve(ROOT, path) === output)!;
      for (const imported of entry[1].imports) if (imported.kind === 'import-statement' && !imported.external) visit(resolve(ROOT, imported.path));
    };
    visit(mainFile);
    visit(nextChunk!);
    expect(forbidden(packagesIn([...reached]), [...NEVER, ...NOT_WHEN_CACHED])).toEqual([]);
  });
});
