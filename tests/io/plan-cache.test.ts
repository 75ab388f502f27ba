import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { parsePlan } from '../../src/io/plan-file.ts';
import { cachedPlan, loadPlan, type PlanCache } from '../../src/io/plan-source.ts';
import { tempDir } from '../helpers.ts';

const planText = (title: string): string =>
  `version: 1\nid: tiny\ntitle: ${title}\nsessions:\n  - id: only\n    title: Only one\n    day: 1\n    duration: 20m\n    focus: [Read it]\n`;

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

afterEach(() => {
  vi.useRealTimers();
});

describe('the validated-plan cache', () => {
  it('validates a plan once, then serves it without reading or parsing the file', () => {
    const { file, cache } = setup();
    later();
    const parser = countingParser();
    expect(cachedPlan(file, cache)).toBeNull();
    expect(loadPlan(file, cache, parser.parse).title).toBe('First');
    expect(loadPlan(file, cache, parser.parse).title).toBe('First');
    expect(cachedPlan(file, cache)?.title).toBe('First');
    expect(parser.calls()).toBe(1);
    expect(readdirSync(cache.directory)).toHaveLength(1);
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

  it('does not cache a file changed in the last moments (it could change again unseen)', () => {
    const { file, cache } = setup();
    const parser = countingParser();
    loadPlan(file, cache, parser.parse);
    loadPlan(file, cache, parser.parse);
    expect(parser.calls()).toBe(2);
    expect(cachedPlan(file, cache)).toBeNull();
  });

  it('ignores what another build cached, and a damaged cache file', () => {
    const { file, cache } = setup();
    later();
    const parser = countingParser();
    loadPlan(file, cache, parser.parse);
    expect(cachedPlan(file, { ...cache, build: 'build-2' })).toBeNull();
    const [entry] = readdirSync(cache.directory);
    writeFileSync(join(cache.directory, entry!), '{"format": 1, "plan": ');
    expect(cachedPlan(file, cache)).toBeNull();
    expect(loadPlan(file, cache, parser.parse).title).toBe('First');
    expect(parser.calls()).toBe(2);
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
