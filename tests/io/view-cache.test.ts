import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnTerminal } from '@lydell/node-pty';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cli, PLAN_ID, runBinary, SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { VIEW_COMMANDS } from '../../src/views.ts';
import { planFolder, readRoot } from './support.ts';

// The cache of views (src/io/view-cache.ts, src/fast.ts): the built binary keeps what `next`,
// `status`, `due`, `list`, `show` and `lab` printed, and prints it again while nothing it came from
// has changed: the build, the plan file, the store's files, the study day, the width and colours.
// In-process runs from the sources never cache, so they are the fresh computation to compare with.
//
// To tell a cached view from a fresh one, a test marks the cached text: a run that prints the mark
// was answered from the cache. Views are cached only once the plan is in the cache of validated
// plans, which takes a plan file left alone for two seconds (src/io/plan-source.ts), and a first run
// that validates it: so the plan files here are copied once, early, and each view is run twice.

const MARK = 'FROM THE CACHE\n';

function viewFiles(configDir: string): string[] {
  const folder = join(configDir, 'cache', 'views');
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
}

interface ViewEntry {
  key: string;
  planId: string;
  planStamp: string;
  output: string;
}

/** Puts the mark in front of every cached view, keeping everything else of the entry. */
function markViews(configDir: string): void {
  const files = viewFiles(configDir);
  expect(files.length, 'no view was cached').toBeGreaterThan(0);
  for (const file of files) {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as ViewEntry;
    if (!entry.output.startsWith(MARK)) writeFileSync(file, JSON.stringify({ ...entry, output: MARK + entry.output }));
  }
}

/** A store with two sessions done, reviews due on 2026-12-03, a lab date and one review logged. */
async function studiedStore(): Promise<string> {
  const { configDir } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40'], { now: '2026-12-01T10:00' });
  for (const args of [['done', '2', '--no-summary'], ['lab', '2026-12-20'], ['review', 'term:etcd', '--rating', 'good']]) {
    const result = await cli(args, { configDir, now: '2026-12-02T10:00' });
    expect(result.status, result.stderr).toBe(0);
  }
  return configDir;
}

const NOW = '2026-12-03T10:00';

/** Copies of the shipped plan, one per test that uses a plan file of its own, made at once. */
const planCopies = mkdtempSync(join(tmpdir(), 'k8s-study-plans-'));
const copiedAt = Date.now();
for (let index = 0; index < 12; index += 1) copyFileSync(SHIPPED_PLAN, join(planCopies, `plan-${index}.yaml`));
afterAll(() => rmSync(planCopies, { recursive: true, force: true }));
let nextCopy = 0;

/** A plan file of its own for one test, left alone long enough to be cached (the tests before it took that long, mostly). */
async function planCopy(): Promise<string> {
  const wait = copiedAt + 2500 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return join(planCopies, `plan-${nextCopy++}.yaml`);
}

/** Runs a view with the built binary until it is cached (the first run validates the plan), then marks it. */
function cacheView(args: string[], configDir: string, options: { now?: string } = {}): void {
  for (let run = 0; run < 2; run += 1) expect(runBinary(args, { configDir, now: options.now ?? NOW }).status).toBe(0);
  markViews(configDir);
  expect(runBinary(args, { configDir, now: options.now ?? NOW }).stdout, `${args.join(' ')} was not cached`).toMatch(/^FROM THE CACHE\n/);
}

const VIEWS = [['next'], ['status'], ['due', '--upcoming', '7'], ['list'], ['ls'], ['show', '2'], ['lab'], ['--json', 'status']];

describe('views printed from the cache', () => {
  it('are exactly what a fresh computation prints, for every cached command', async () => {
    const configDir = await studiedStore();
    for (const args of VIEWS) {
      const fresh = await cli(args, { configDir, now: NOW });
      expect(fresh.status, fresh.stderr).toBe(0);
      const first = runBinary(args, { configDir, now: NOW });
      const second = runBinary(args, { configDir, now: NOW });
      expect(first.stdout, args.join(' ')).toBe(fresh.stdout);
      expect(second.stdout, args.join(' ')).toBe(fresh.stdout);
      expect(second.status).toBe(0);
    }
    // And they did come from the cache.
    markViews(configDir);
    for (const args of VIEWS) expect(runBinary(args, { configDir, now: NOW }).stdout, args.join(' ')).toMatch(/^FROM THE CACHE\n/);
  });

  it('include review when nothing is due', () => {
    cacheView(['review'], tempDir());
  });

  it('are looked for on every command that may offer one (a command missing from the list would never be cached)', () => {
    const folder = join(import.meta.dirname, '..', '..', 'src', 'commands');
    const offering = readdirSync(folder).filter((name) => readFileSync(join(folder, name), 'utf8').includes('offerView('));
    expect(offering.length).toBeGreaterThan(5);
    for (const name of offering) expect(VIEW_COMMANDS, name).toContain(name.replace(/\.ts$/, ''));
  });

  it('are kept in a folder only the user can enter (0700), in files only the user can read or write (0600)', async () => {
    const configDir = await studiedStore();
    cacheView(['next'], configDir);
    cacheView(['status'], configDir);
    for (const folder of [join(configDir, 'cache'), join(configDir, 'cache', 'views')]) expect(statSync(folder).mode & 0o777, folder).toBe(0o700);
    const files = [...viewFiles(configDir), ...readdirSync(join(configDir, 'cache')).filter((name) => name.endsWith('.json')).map((name) => join(configDir, 'cache', name))];
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
      expect(statSync(file).uid, file).toBe(process.getuid!());
    }
  });
});

describe('a view is computed again when what it came from changed', () => {
  /** Caches `args`, marks it, makes the change, then expects a fresh view (no mark) equal to the sources'. */
  async function expectRecomputed(args: string[], change: (context: { configDir: string; planFile: string }) => void | Promise<void>, options: { now?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
    const configDir = await studiedStore();
    const planFile = await planCopy();
    const full = ['--plan', planFile, ...args];
    cacheView(full, configDir);
    await change({ configDir, planFile });
    const now = options.now ?? NOW;
    const after = runBinary(full, { configDir, now, env: options.env });
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).not.toContain('FROM THE CACHE');
    expect(after.stdout).toBe((await cli(full, { configDir, now, env: options.env })).stdout);
  }

  it('a change to the store by another run', () =>
    expectRecomputed(['next'], ({ configDir, planFile }) => {
      expect(runBinary(['--plan', planFile, 'check', '3', '1'], { configDir, now: NOW }).status).toBe(0);
    }));

  it('the plan file touched (its time stamps moved, its text the same)', () =>
    expectRecomputed(['status'], ({ planFile }) => {
      const later = new Date(Date.now() + 60_000);
      utimesSync(planFile, later, later);
    }));

  it('the plan file edited, to the same size, its time stamps put back', () =>
    expectRecomputed(['next'], ({ planFile }) => {
      const { atime, mtime } = statSync(planFile);
      writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('title: EKS Security Architecture', 'title: EKS Security Blueprint!!!'));
      utimesSync(planFile, atime, mtime);
    }));

  it('the next study day', () => expectRecomputed(['due'], () => undefined, { now: '2026-12-04T10:00' }));

  it('colour asked for', () => expectRecomputed(['list'], () => undefined, { env: { NO_COLOR: '', FORCE_COLOR: '1' } }));

  it('a record file edited by hand, to the same size, its time stamps put back', () =>
    expectRecomputed(['show', '1'], ({ configDir }) => {
      const file = join(planFolder(configDir, PLAN_ID), readRoot(configDir).plans[PLAN_ID]!.sessionFiles[0]!);
      const { atime, mtime } = statSync(file);
      writeFileSync(file, readFileSync(file, 'utf8').replace('AWS runs the control plane', 'AWS RUNS THE CONTROL PLANE'));
      utimesSync(file, atime, mtime);
    }));

  it('the root edited by hand (the lab date)', () =>
    expectRecomputed(['lab'], ({ configDir }) => {
      const file = join(configDir, 'config.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"lab": "2026-12-20"', '"lab": "2026-12-24"'));
    }));

  it('the store moved aside (a fresh start)', () =>
    expectRecomputed(['next'], ({ configDir }) => {
      rmSync(join(configDir, 'config.json'));
      rmSync(join(configDir, 'plans'), { recursive: true });
    }));

  it('the width of the terminal', async () => {
    const configDir = await studiedStore();
    const onTerminal = (columns: number): Promise<string> =>
      new Promise((resolve) => {
        const terminal = spawnTerminal(process.execPath, [BIN, 'next'], {
          cols: columns,
          rows: 40,
          env: { PATH: process.env.PATH ?? '', TZ: 'UTC', K8S_STUDY_CONFIG_DIR: configDir, HOME: configDir, K8S_STUDY_NOW: NOW, NO_COLOR: '1' },
        });
        let output = '';
        terminal.onData((data) => (output += data));
        terminal.onExit(() => setTimeout(() => resolve(output.replace(/\r\n/g, '\n')), 100));
      });
    await onTerminal(110);
    const wide = await onTerminal(110);
    markViews(configDir);
    expect(await onTerminal(110)).toMatch(/^FROM THE CACHE\n/);
    const narrow = await onTerminal(60);
    expect(narrow).not.toContain('FROM THE CACHE');
    expect(narrow).not.toBe(wide);
    expect(Math.max(...narrow.trimEnd().split('\n').map((line) => line.length))).toBeLessThanOrEqual(60);
  });
});

describe('a cache file that was tampered with', () => {
  it('a view with escape sequences under a key that does not match is not printed; the fresh view is', async () => {
    const configDir = await studiedStore();
    cacheView(['next'], configDir);
    const [file] = viewFiles(configDir);
    const entry = JSON.parse(readFileSync(file!, 'utf8')) as ViewEntry;
    writeFileSync(file!, JSON.stringify({ ...entry, key: entry.key.replace('2026-12-03', '2026-12-02'), output: '\u001b]0;owned\u0007\u001b[2Jplanted\n' }));
    const result = runBinary(['next'], { configDir, now: NOW });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('planted');
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/\u001b/);
    expect(result.stdout).toBe((await cli(['next'], { configDir, now: NOW })).stdout);
  });

  it('a damaged cache file (not JSON, wrong shape, a folder) costs only time', async () => {
    const configDir = await studiedStore();
    const fresh = (await cli(['status'], { configDir, now: NOW })).stdout;
    cacheView(['status'], configDir);
    const [file] = viewFiles(configDir);
    for (const damage of ['{"key": ', '[1, 2, 3]', '{"key": 1, "planId": null, "output": 5}', '']) {
      writeFileSync(file!, damage);
      const result = runBinary(['status'], { configDir, now: NOW });
      expect(result.status, damage).toBe(0);
      expect(result.stderr, damage).toBe('');
      expect(result.stdout, damage).toBe(fresh);
    }
    rmSync(file!);
    const views = join(configDir, 'cache', 'views');
    rmSync(views, { recursive: true });
    writeFileSync(views, 'a file where the folder was');
    const result = runBinary(['status'], { configDir, now: NOW });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(fresh);
  });
});
