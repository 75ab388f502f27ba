import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { validatePlan } from '../../src/core/plan.ts';
import { loadPlanFile, parsePlan, PlanError } from '../../src/io/plan-file.ts';
import { cli, PLAN_ID, SEEDED_NOW, seedProgress, SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { argsOf, COMMANDS, CONTROL, run, STACK_TRACE } from './support.ts';

// A plan file is untrusted input: whatever it holds, the tool answers with clean FILE:LINE:COL
// errors or a working plan, and never lets the file drive the terminal. Bombs (alias expansion,
// deep nesting, tens of thousands of keys, huge files) are refused or handled without hanging; no
// test here measures time, the time-outs only catch a hang. Fixed seeds.

const SEED = Number(process.env.K8S_STUDY_SEED ?? 20261201);
const SHIPPED_TEXT = readFileSync(SHIPPED_PLAN, 'utf8');
const SHIPPED_DATA = parseYaml(SHIPPED_TEXT) as Record<string, unknown>;
const FILE = 'hostile.yaml';
const ERROR_LINE = /^hostile\.yaml:\d+:\d+: \S/;

/** The plan, or the PlanError's lines; anything else thrown fails the property. */
function outcomeOf(text: string): { lines: string[] } | { planId: string } {
  try {
    return { planId: parsePlan(text, FILE).id };
  } catch (error) {
    if (error instanceof PlanError) return { lines: error.lines };
    throw new Error(`not a clean plan error: ${(error as Error)?.stack ?? String(error)}`);
  }
}

function expectCleanOutcome(text: string): void {
  const outcome = outcomeOf(text);
  if ('planId' in outcome) return;
  expect(outcome.lines.length).toBeGreaterThan(0);
  expect(outcome.lines.length).toBeLessThanOrEqual(101);
  for (const line of outcome.lines) {
    expect(line).toMatch(ERROR_LINE);
    expect(line).not.toMatch(CONTROL);
    expect(line).not.toContain('\n');
  }
}

/** Escape sequences a hostile plan may carry: CSI, OSC 8 links, OSC 52 clipboard, BEL, DCS, C1. */
const ESCAPES = [
  '\u001b[2J\u001b[H',
  '\u001b[31;1m',
  '\u001b[?1049h',
  '\u009b6n',
  '\u001b]8;;https://evil.example/\u001b\\click me\u001b]8;;\u001b\\',
  '\u001b]52;c;cm0gLXJmIH4vKg==\u0007',
  '\u009d52;c;ZXZpbA==\u009c',
  '\u001b]0;pwned\u0007',
  '\u0007',
  '\u001bP+q544e\u001b\\',
  '\u001bc',
  '\u001b7\u001b8',
  '\b\b\b\r',
  '\u0000\u007f',
];

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...ESCAPES), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((parts) => `x${parts.join('')}`);

/** Every path of the shipped plan that holds prose (not an id, number or duration). */
function textPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') {
    const key = path.at(-1);
    const isProse = typeof key === 'number' ? path.at(-2) === 'focus' : !['id', 'duration', 'firstAfter'].includes(String(key));
    return isProse ? [path] : [];
  }
  if (Array.isArray(value)) {
    // Lists of ids (a session's keyPoints and terms) are references, not prose.
    if (value.every((item) => typeof item === 'string') && path.at(-1) !== 'focus') return [];
    return value.flatMap((item, index) => textPaths(item, [...path, index]));
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => textPaths(item, [...path, key]));
  return [];
}

const TEXT_PATHS = textPaths(SHIPPED_DATA);

function setIn(data: unknown, path: (string | number)[], value: unknown): void {
  let node = data as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

function withHostileTexts(replacements: [number, string][]): string {
  const data = structuredClone(SHIPPED_DATA);
  for (const [index, text] of replacements) setIn(data, TEXT_PATHS[index % TEXT_PATHS.length] ?? [], text);
  return stringifyYaml(data);
}

describe('random and mutated plans give clean validation errors, never a crash', () => {
  it('any text at all', { timeout: 600_000 }, () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 400 }), expectCleanOutcome), { numRuns: 300, seed: SEED });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), expectCleanOutcome), { numRuns: 200, seed: SEED });
  });

  it('any YAML value', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (value) => {
        expect(() => validatePlan(value)).not.toThrow();
        let text: string | undefined;
        try {
          text = stringifyYaml(value);
        } catch {
          // Not every JavaScript value has a YAML form.
        }
        if (typeof text === 'string') expectCleanOutcome(text);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  const LINES = SHIPPED_TEXT.split('\n');
  const lineMutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
    fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('&a', '*a', '<<: *a', '!!binary', '- ', ': ', '"', "'", '{', '[', '#', '|', '>', '---', '...', '\t', '%YAML 1.1', '? ', ...ESCAPES)),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  type LineMutation = typeof lineMutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(lines: string[], mutation: LineMutation): string[] {
    const next = [...lines];
    const at = mutation.at % Math.max(1, next.length);
    switch (mutation.kind) {
      case 'delete':
        next.splice(at, 1);
        break;
      case 'duplicate':
        next.splice(at, 0, next[at] ?? '');
        break;
      case 'swap': {
        const other = mutation.other % Math.max(1, next.length);
        [next[at], next[other]] = [next[other] ?? '', next[at] ?? ''];
        break;
      }
      case 'indent':
        next[at] = mutation.by >= 0 ? ' '.repeat(mutation.by) + (next[at] ?? '') : (next[at] ?? '').replace(new RegExp(`^ {0,${-mutation.by}}`), '');
        break;
      case 'insert': {
        const line = next[at] ?? '';
        const column = mutation.at % (line.length + 1);
        next[at] = line.slice(0, column) + mutation.text + line.slice(column);
        break;
      }
      case 'truncate':
        return next.join('\n').slice(0, mutation.at % (SHIPPED_TEXT.length + 1)).split('\n');
    }
    return next;
  }

  it('the shipped plan with its lines mutated', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(fc.array(lineMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        expectCleanOutcome(mutations.reduce(mutate, LINES).join('\n'));
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('the shipped plan with values replaced, keys removed or unknown keys added', { timeout: 600_000 }, () => {
    const paths = (function all(value: unknown, path: (string | number)[]): (string | number)[][] {
      const here = path.length > 0 ? [path] : [];
      if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => all(item, [...path, index]))];
      if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => all(item, [...path, key]))];
      return here;
    })(SHIPPED_DATA, []);
    const change = fc.record({
      at: fc.nat(),
      action: fc.constantFrom('replace', 'remove', 'add-key'),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText, fc.constantFrom('', ' ', '0', '-1', '1e400', 'NaN', 'null', 'Shared-Responsibility', 'a b', '99999999999999999999', '__proto__', 'constructor')),
      key: fc.oneof(fc.string({ maxLength: 10 }), hostileText, fc.constantFrom('__proto__', 'constructor', 'toString')),
    });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 4 }), (changes) => {
        const data = structuredClone(SHIPPED_DATA);
        for (const { at, action, value, key } of changes) {
          const path = paths[at % paths.length] ?? [];
          try {
            if (action === 'replace') setIn(data, path, value);
            else if (action === 'remove') {
              let node = data as Record<string | number, unknown>;
              for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
              if (Array.isArray(node)) node.splice(Number(path.at(-1)), 1);
              else delete node[path.at(-1) as string];
            } else {
              let node = data as Record<string | number, unknown>;
              for (const part of path) node = node[part] as Record<string | number, unknown>;
              if (node && typeof node === 'object' && !Array.isArray(node)) Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
            }
          } catch {
            // An earlier change removed the path: this change has nothing to act on.
          }
        }
        expectCleanOutcome(stringifyYaml(data));
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('plans built to exhaust the tool are refused, without hanging', () => {
  function refusal(text: string): string[] {
    const outcome = outcomeOf(text);
    if (!('lines' in outcome)) throw new Error('expected a refusal');
    return outcome.lines;
  }

  it('alias bombs, in lists and in mappings', { timeout: 600_000 }, () => {
    const listBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    const mapBomb = ['a: &a {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}'];
    for (let level = 1; level < 12; level += 1) {
      const previous = `l${level - 1}`.replace('l0', 'a');
      listBomb.push(`l${level}: &l${level} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      mapBomb.push(`l${level}: &l${level} {${Array.from({ length: 10 }, (_, index) => `k${index}: *${previous}`).join(', ')}}`);
    }
    for (const bomb of [listBomb, mapBomb]) {
      const lines = refusal(bomb.join('\n'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^hostile\.yaml:\d+:\d+: .*alias/i);
    }
  });

  it('deep nesting', { timeout: 600_000 }, () => {
    for (const text of ['a: ' + '['.repeat(100_000), 'a: ' + '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000), '- '.repeat(5000) + 'x']) {
      const lines = refusal(text);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(ERROR_LINE);
    }
  });

  it('tens of thousands of keys: at most 100 errors and a count of the rest', { timeout: 600_000 }, () => {
    const keys = Array.from({ length: 40_000 }, (_, index) => `key${index}: value`).join('\n');
    const unknown = refusal(`version: 1\nid: p\ntitle: T\nsessions: []\n${keys}\n`);
    expect(unknown).toHaveLength(101);
    expect(unknown.at(-1)).toMatch(/^hostile\.yaml:\d+:\d+: and \d+ more errors from here on$/);
    const duplicated = refusal('a: b\n'.repeat(40_000));
    expect(duplicated.length).toBeLessThanOrEqual(101);
    expect(duplicated[0]).toMatch(/^hostile\.yaml:2:1: .*unique/i);
  });

  it('a file over 5 MiB is refused, by the loader and by every command of the built binary', { timeout: 600_000 }, async () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `title: ${'x'.repeat(6 * 1024 * 1024)}\n`);
    expect(() => loadPlanFile(file)).toThrow(/huge\.yaml.*5 MiB/);
    for (const args of [['next'], ['validate', file]]) {
      const result = await run(args[0] === 'validate' ? args : ['--plan', file, ...args], { configDir: tempDir(), hangMs: 120_000 });
      expect(result.hung).toBe(false);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/5 MiB/);
    }
  });
});

describe('escape sequences in plan text never reach the terminal raw', () => {
  // In-process runs of every command on plans with escape sequences in random prose fields, in the
  // three ways output is made: plain text, colour (stdout a terminal) and --json.
  const MODES: { name: string; flags: string[]; env: NodeJS.ProcessEnv; terminal: boolean }[] = [
    { name: 'text', flags: [], env: {}, terminal: false },
    { name: 'colour', flags: [], env: { NO_COLOR: '', FORCE_COLOR: '1' }, terminal: false },
    { name: 'json', flags: ['--json'], env: {}, terminal: false },
  ];
  // The theme's own colours (SGR) are allowed in colour mode; nothing else is.
  // eslint-disable-next-line no-control-regex
  const THEME_SGR = /\u001b\[[0-9;]*m/g;

  function expectSafe(output: string, mode: string, what: string): void {
    const visible = mode === 'colour' ? output.replace(THEME_SGR, '') : output;
    const found = CONTROL.exec(visible);
    expect(found, `${what}: raw ${JSON.stringify(found?.[0])} near ${JSON.stringify(visible.slice(Math.max(0, (found?.index ?? 0) - 30), (found?.index ?? 0) + 30))}`).toBeNull();
  }

  /** A seeded store to copy from, and a backup of it (for import). */
  async function seededStore(scratch: string): Promise<{ store: string; backup: string }> {
    const store = join(scratch, 'seed');
    await seedProgress(store);
    const backup = join(scratch, 'backup.json');
    const exported = await cli(['export', '--format', 'json', '-o', backup], { configDir: store, now: SEEDED_NOW });
    expect(exported.status, exported.stderr).toBe(0);
    return { store, backup };
  }

  it('in every command and output mode, whatever prose field carries them', { timeout: 600_000 }, async () => {
    const scratch = tempDir();
    const { store, backup } = await seededStore(scratch);
    const planFile = join(scratch, 'plan.yaml');
    let sample = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), hostileText), { minLength: 1, maxLength: 8 }), async (replacements) => {
        writeFileSync(planFile, withHostileTexts(replacements));
        sample += 1;
        for (const [index, command] of COMMANDS.entries()) {
          for (const mode of MODES) {
            const configDir = join(scratch, `store-${sample}-${index}-${mode.name}`);
            cpSync(store, configDir, { recursive: true });
            const out = join(scratch, `out-${sample}-${index}-${mode.name}`);
            mkdirSync(out);
            const argv = [...mode.flags, '--plan', planFile, ...argsOf(command, out, backup)];
            const result = await cli(argv, { configDir, now: SEEDED_NOW, env: mode.env, terminal: mode.terminal });
            expect([0, 1, 2], `${argv.join(' ')}: ${result.stderr}`).toContain(result.status);
            expectSafe(result.stdout + result.stderr, mode.name, `${mode.name}: ${argv.join(' ')}`);
            // Files written for the user (calendar, journal) are data too; iCalendar's folds (CRLF and
            // a space or tab) and line ends are its own.
            for (const name of readdirSync(out)) {
              const text = readFileSync(join(out, name), 'utf8').replace(/\r\n[ \t]/g, '').replaceAll('\r\n', '\n');
              expectSafe(text, 'text', `${argv.join(' ')}: ${name}`);
            }
          }
        }
      }),
      { numRuns: 12, seed: SEED },
    );
  });

  it('in every field at once, through the built binary, and in summaries and unknown keys too', { timeout: 600_000 }, async () => {
    const scratch = tempDir();
    const { store, backup } = await seededStore(scratch);
    const planFile = join(scratch, 'plan.yaml');
    const all = ESCAPES.join(' ');
    writeFileSync(planFile, withHostileTexts(TEXT_PATHS.map((_, index) => [index, `text ${index} ${all}`])));
    const configDir = join(scratch, 'store');
    cpSync(store, configDir, { recursive: true });
    // A summary is the user's text, but a backup or a paste can carry escapes as well: put them in
    // the stored record, as a hand edit would.
    const root = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { plans: Record<string, { sessionFiles: string[] }> };
    const sessionsFile = join(configDir, 'plans', PLAN_ID, root.plans[PLAN_ID]!.sessionFiles[0]!);
    const sessions = JSON.parse(readFileSync(sessionsFile, 'utf8')) as Record<string, { summary: string | null }>;
    sessions['shared-responsibility']!.summary = `mine ${all}`;
    writeFileSync(sessionsFile, JSON.stringify(sessions));
    for (const command of COMMANDS) {
      for (const flags of [[], ['--json']]) {
        const args = [...flags, '--plan', planFile, ...argsOf(command, mkdtempSync(join(scratch, 'out-')), backup)];
        const result = await run(args, { configDir, now: SEEDED_NOW, hangMs: 120_000 });
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expectSafe(result.stdout + result.stderr, 'text', args.join(' '));
        expect(result.stdout + result.stderr).not.toMatch(STACK_TRACE);
      }
    }
    const keyed = join(scratch, 'keyed.yaml');
    writeFileSync(keyed, stringifyYaml({ ...SHIPPED_DATA, [`colour${all}`]: 'x', sessions: [{ ...(SHIPPED_DATA.sessions as object[])[0], [`k${all}`]: 1 }] }));
    for (const flags of [[], ['--json']]) {
      const result = await run([...flags, 'validate', keyed], { configDir, now: SEEDED_NOW });
      expect(result.status).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/unknown key/);
      expectSafe(result.stdout + result.stderr, 'text', `validate ${flags.join(' ')}`);
    }
  });
});
