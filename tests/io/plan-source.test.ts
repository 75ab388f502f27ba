import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { itemOwnersOf, outlineOf } from '../../src/core/plan-outline.ts';
import { parsePlan } from '../../src/io/plan-file.ts';
import { openPlanSource, type PlanCache } from '../../src/io/plan-source.ts';
import { RecordStamps } from '../../src/io/record-stamps.ts';
import { changedJustNow, runBinary, SHIPPED_PLAN, STAMP_AT_ONCE, tempDir } from '../helpers.ts';

// The cache of validated plans (src/io/plan-source.ts): a plan validated once is kept as JSON and
// reused while its file is unchanged and the same build reads it. The cache is a file like any
// other: an entry edited by hand or damaged is not used, and the plan is validated again from its
// file, so what is printed is always the plan file's own (clean) text.

const planText = (title: string): string =>
  `version: 1\nid: tiny\ntitle: ${title}\nsessions:\n  - id: only\n    title: Only one\n    day: 1\n    duration: 20m\n    focus: [Read it]\n    keyPoints: [point]\nkeyPoints:\n  - id: point\n    title: The point\n    text: Why it matters.\n`;

/** The whole plan: from the cache, else validated from its file by `parse` (and cached). */
const loadPlan = (file: string, cache: PlanCache, parse: (text: string, file: string) => Plan): Plan => openPlanSource(file, cache, parse).plan();

/** The whole plan from the cache alone (no parser at hand), or null when the cache cannot serve it. */
function cachedPlan(file: string, cache: PlanCache): Plan | null {
  try {
    return openPlanSource(file, cache).plan();
  } catch {
    return null;
  }
}

/** The cache's file for the whole plan (its outline and session chunks are beside it). */
const wholePlanEntry = (cache: PlanCache): string => join(cache.directory, readdirSync(cache.directory).find((name) => /^plan-[0-9a-f]{8}\.json$/.test(name))!);

/** A parser that counts its calls. */
function countingParser(): { parse: (text: string, file: string) => Plan; calls: () => number } {
  let calls = 0;
  return {
    parse: (text, file) => {
      calls += 1;
      return parsePlan(text, file);
    },
    calls: () => calls,
  };
}

function setup(title = 'First'): { file: string; cache: PlanCache } {
  const folder = tempDir();
  const file = join(folder, 'plan.yaml');
  writeFileSync(file, planText(title));
  return { file, cache: { directory: join(folder, 'cache'), build: 'build-1' } };
}

/** As if the file was last changed a while ago: the cache trusts only files left alone for 2 s. */
function later(): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 10_000);
}

/** Validates and caches the plan, then rewrites its cache entry's plan with `edit`. */
function cacheThenEdit(edit: (plan: Record<string, unknown> & { sessions: Record<string, unknown>[] }) => void): { file: string; cache: PlanCache } {
  const { file, cache } = setup();
  later();
  loadPlan(file, cache, parsePlan);
  const entryFile = wholePlanEntry(cache);
  const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { content: Record<string, unknown> & { sessions: Record<string, unknown>[] } };
  edit(entry.content);
  writeFileSync(entryFile, JSON.stringify(entry));
  return { file, cache };
}

describe('the validated-plan cache', () => {
  it('validates a plan once, then serves it without parsing the file', () => {
    const { file, cache } = setup();
    later();
    const parser = countingParser();
    expect(cachedPlan(file, cache)).toBeNull();
    expect(loadPlan(file, cache, parser.parse).title).toBe('First');
    expect(loadPlan(file, cache, parser.parse).title).toBe('First');
    expect(cachedPlan(file, cache)?.title).toBe('First');
    expect(parser.calls()).toBe(1);
  });

  it('is kept in a folder of mode 0700, in files of mode 0600 (the plan, its outline, its sessions), with no temporary file beside them', () => {
    const { file, cache } = setup();
    later();
    loadPlan(file, cache, parsePlan);
    expect(statSync(cache.directory).mode & 0o777).toBe(0o700);
    const names = readdirSync(cache.directory).sort();
    expect(names).toEqual([expect.stringMatching(/^plan-[0-9a-f]{8}\.json$/), expect.stringMatching(/^plan-[0-9a-f]{8}\.outline\.json$/), expect.stringMatching(/^plan-[0-9a-f]{8}\.sessions-0\.json$/)]);
    for (const name of names) expect(statSync(join(cache.directory, name)).mode & 0o777).toBe(0o600);
  });

  it('serves the outline and one session in full without the whole plan, checked against each other', () => {
    const { file, cache } = setup();
    later();
    loadPlan(file, cache, parsePlan);
    const source = openPlanSource(file, cache);
    expect(source.needsParser).toBe(false);
    expect(source.outline().sessions.map((session) => session.id)).toEqual(['only']);
    // The item layout's fingerprint comes worked out with the outline, the same as from the plan itself.
    expect(source.outline().layoutFingerprint).toBe(itemOwnersOf(outlineOf(parsePlan(readFileSync(file, 'utf8'), file))).fingerprint);
    expect(itemOwnersOf(source.outline()).fingerprint).toBe(source.outline().layoutFingerprint);
    expect(source.detail({ id: 'only', number: 1 })).toMatchObject({ session: { focus: ['Read it'] }, keyPoints: [{ id: 'point', title: 'The point' }] });
    // A session chunk edited by hand: not used; the session comes from the whole plan instead.
    const chunk = join(cache.directory, readdirSync(cache.directory).find((name) => name.includes('.sessions-0'))!);
    const entry = JSON.parse(readFileSync(chunk, 'utf8')) as { content: { session: { focus: string[] }; keyPoints: { id: string }[] }[] };
    entry.content[0]!.session.focus = ['Planted \u001b[2J line'];
    entry.content[0]!.keyPoints = [];
    writeFileSync(chunk, JSON.stringify(entry));
    expect(openPlanSource(file, cache).detail({ id: 'only', number: 1 })).toMatchObject({ session: { focus: ['Read it'] }, keyPoints: [{ id: 'point' }] });
    // An outline edited by hand: not used; the parser is needed again.
    const outline = join(cache.directory, readdirSync(cache.directory).find((name) => name.includes('.outline'))!);
    const edited = JSON.parse(readFileSync(outline, 'utf8')) as { content: { title: string } };
    edited.content.title = '\u001b]0;owned\u0007';
    writeFileSync(outline, JSON.stringify(edited));
    expect(openPlanSource(file, cache).needsParser).toBe(true);
  });

  it('does not use an outline whose list of who lists each item holds anything but item ids and session numbers', () => {
    const { file, cache } = setup();
    later();
    loadPlan(file, cache, parsePlan);
    const outline = join(cache.directory, readdirSync(cache.directory).find((name) => name.includes('.outline'))!);
    const entry = JSON.parse(readFileSync(outline, 'utf8')) as { content: { listings: string } };
    expect(entry.content.listings).toBe('\nkeypoint:point 1');
    expect(openPlanSource(file, cache).needsParser).toBe(false);
    for (const listings of ['\nkeypoint:point 1\u001b[2J', 'keypoint:point 1', '\nkeypoint:Point 1', 7]) {
      writeFileSync(outline, JSON.stringify({ ...entry, content: { ...entry.content, listings } }));
      expect(openPlanSource(file, cache).needsParser, JSON.stringify(listings)).toBe(true);
    }
  });

  it('validates again when the file changes, even to the same size with its old mtime put back', () => {
    const { file, cache } = setup('First');
    const { atime, mtime } = statSync(file);
    later();
    const parser = countingParser();
    loadPlan(file, cache, parser.parse);
    writeFileSync(file, planText('Other'));
    utimesSync(file, atime, mtime);
    expect(cachedPlan(file, cache)).toBeNull();
    expect(loadPlan(file, cache, parser.parse).title).toBe('Other');
    expect(parser.calls()).toBe(2);
  });

  it('does not cache a file changed in the last two seconds (it could change again unseen)', () => {
    const { file, cache } = setup();
    changedJustNow(file);
    const parser = countingParser();
    loadPlan(file, cache, parser.parse);
    loadPlan(file, cache, parser.parse);
    expect(parser.calls()).toBe(2);
    expect(cachedPlan(file, cache)).toBeNull();
  });

  it('checks a cached plan field by field once, then takes it as it is while its file keeps its identity', () => {
    const { file, cache } = setup();
    later();
    loadPlan(file, cache, parsePlan);
    expect(cachedPlan(file, cache)?.title).toBe('First');
    const entryFile = wholePlanEntry(cache);
    expect(readFileSync(join(cache.directory, 'checked-plan-cache'), 'utf8')).toContain(` ${basename(entryFile)}\n`);
    // Edited since (a longer title holding escape sequences): checked again, and refused.
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { content: { title: string } };
    entry.content.title = '\u001b]0;owned\u0007First';
    writeFileSync(entryFile, JSON.stringify(entry));
    expect(cachedPlan(file, cache)).toBeNull();
    // What the check is spared: a stamp for these very bytes, as if they had been found good, is taken at its word.
    const stamps = new RecordStamps(join(cache.directory, 'checked-plan-cache'), cache.build, STAMP_AT_ONCE);
    stamps.markChecked(basename(entryFile), statSync(entryFile), Date.now());
    stamps.save(() => true);
    expect(cachedPlan(file, cache)?.title).toContain('owned');
  });

  it('ignores what another build cached', () => {
    const { file, cache } = setup();
    later();
    loadPlan(file, cache, parsePlan);
    expect(cachedPlan(file, { ...cache, build: 'build-2' })).toBeNull();
  });

  it('never caches an invalid plan, and reports it every time', () => {
    const { file, cache } = setup();
    writeFileSync(file, 'version: 1\nid: tiny\n');
    later();
    const parser = countingParser();
    expect(() => loadPlan(file, cache, parser.parse)).toThrow(/sessions/);
    expect(() => loadPlan(file, cache, parser.parse)).toThrow(/sessions/);
    expect(parser.calls()).toBe(2);
  });
});

describe('an entry edited by hand or damaged is not used: the plan is validated again from its file', () => {
  const edits: [string, (plan: Record<string, unknown> & { sessions: Record<string, unknown>[] }) => void][] = [
    ['a title holding escape sequences', (plan) => void (plan.title = '\u001b]0;owned\u0007\u001b[2JFirst')],
    ['a focus line holding a C1 control', (plan) => void (plan.sessions[0]!.focus = ['Read \u009b31m it'])],
    ['sessions: [{}]', (plan) => void (plan.sessions = [{}])],
    ['no sessions at all', (plan) => void (plan.sessions = [])],
    ['a huge day', (plan) => void (plan.sessions[0]!.day = 1e12)],
    ['minutes that are not a number', (plan) => void (plan.sessions[0]!.minutes = '20')],
    ['a session id that is no slug', (plan) => void (plan.sessions[0]!.id = '../../etc')],
    ['a key point the plan does not have', (plan) => void (plan.sessions[0]!.keyPoints = ['no-such-point'])],
    ['two sessions with one id', (plan) => void (plan.sessions = [plan.sessions[0]!, { ...plan.sessions[0]!, number: 2 }])],
  ];
  for (const [name, edit] of edits) {
    it(name, () => {
      const { file, cache } = cacheThenEdit(edit);
      const parser = countingParser();
      expect(cachedPlan(file, cache)).toBeNull();
      const plan = loadPlan(file, cache, parser.parse);
      expect(parser.calls()).toBe(1);
      expect(plan.title).toBe('First');
      expect(plan.sessions).toHaveLength(1);
      expect(plan.sessions[0]).toMatchObject({ id: 'only', day: 1, minutes: 20, focus: ['Read it'], keyPoints: ['point'] });
    });
  }

  it('not JSON, or a folder where the entry was: validated again, no error', () => {
    const { file, cache } = cacheThenEdit(() => undefined);
    writeFileSync(wholePlanEntry(cache), '{"format": 1, "plan": ');
    expect(loadPlan(file, cache, parsePlan).title).toBe('First');
    rmSync(cache.directory, { recursive: true });
    writeFileSync(cache.directory, 'a file where the cache folder was');
    expect(loadPlan(file, cache, parsePlan).title).toBe('First');
  });
});

describe('the built binary with an edited plan cache', () => {
  it('prints the plan file\'s own text, never the escape sequences put in the cache', () => {
    const configDir = tempDir();
    // The shipped plan has been left alone long enough: the first run caches it.
    expect(runBinary(['list'], { configDir }).status).toBe(0);
    const cacheFolder = join(configDir, 'cache');
    // Every part of the cache entry: the whole plan, its outline, its sessions in full.
    for (const name of readdirSync(cacheFolder).filter((entry) => entry.startsWith('plan-'))) {
      const entryFile = join(cacheFolder, name);
      const text = readFileSync(entryFile, 'utf8');
      expect(text).toContain('Kubernetes Security Fundamentals'.slice(0, 10));
      writeFileSync(entryFile, text.replaceAll('Kubernetes Security Fundamentals', '\\u001b]52;c;cm0gLXJmIH4=\\u0007Planted title').replaceAll('Shared Responsibility and Compute Types', 'Planted\\u001b[2J session'));
    }
    rmSync(join(cacheFolder, 'views'), { recursive: true, force: true });
    for (const args of [['next'], ['list'], ['schedule'], ['--json', 'show', '1']]) {
      const result = runBinary(args, { configDir });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout, args.join(' ')).not.toContain('Planted');
      // eslint-disable-next-line no-control-regex
      expect(result.stdout, args.join(' ')).not.toMatch(/[\u001b\u009b]/);
    }
    expect(runBinary(['next'], { configDir }).stdout).toContain('Kubernetes Security Fundamentals');
    expect(readFileSync(SHIPPED_PLAN, 'utf8')).not.toContain('Planted');
  });
});

describe('the built binary with a damaged list of who lists each item', () => {
  it('changes nothing and says how to have the cache made again', () => {
    const configDir = tempDir();
    expect(runBinary(['done', '1', '--summary', 'first', '--minutes', '30'], { configDir }).status).toBe(0);
    const backup = join(tempDir(), 'backup.json');
    expect(runBinary(['export', '--format', 'json', '-o', backup], { configDir }).status).toBe(0);
    const cacheFolder = join(configDir, 'cache');
    const outline = join(cacheFolder, readdirSync(cacheFolder).find((name) => name.endsWith('.outline.json'))!);
    const entry = JSON.parse(readFileSync(outline, 'utf8')) as { content: { listings: string } };
    // Session 2 among the listers of its own first key point, written twice: out of order, so damaged.
    const damaged = entry.content.listings.replace(/(\nkeypoint:[a-z0-9-]+ )(\d+,)*2(?=[,\n]|$)/, (line) => `${line},2`);
    expect(damaged).not.toBe(entry.content.listings);
    writeFileSync(outline, JSON.stringify({ ...entry, content: { ...entry.content, listings: damaged } }));
    const store = readdirSync(configDir).filter((name) => name !== 'cache').map((name) => [name, statSync(join(configDir, name)).mtimeMs]);

    for (const args of [['done', '2', '--summary', 'second', '--minutes', '30'], ['import', '--replace', backup]]) {
      const refused = runBinary(args, { configDir });
      expect(refused.status, args.join(' ')).toBe(1);
      expect(refused.stderr).toMatch(/cached outline of plan "k8s-security-fundamentals" is damaged .*nothing was changed\. Remove k8s-study's cache folder/);
      expect(readdirSync(configDir).filter((name) => name !== 'cache').map((name) => [name, statSync(join(configDir, name)).mtimeMs])).toEqual(store);
    }

    rmSync(cacheFolder, { recursive: true });
    const again = runBinary(['done', '2', '--summary', 'second', '--minutes', '30'], { configDir });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('Done: 2.');
  });
});
