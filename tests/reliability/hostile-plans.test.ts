import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { validatePlan } from '../../src/core/plan.ts';
import { loadPlanFile, parsePlan, PlanError } from '../../src/io/plan-file.ts';
import { SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { argsOf, COMMANDS, CONTROL, runInProcess, seedStore, spawnCli, STACK_TRACE } from './support.ts';

// A plan file is untrusted input: whatever it holds, the tool answers with clean FILE:LINE:COL
// errors or a working plan, promptly, and never lets the file drive the terminal.

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
  it('any text at all', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 400 }), expectCleanOutcome), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), expectCleanOutcome), { numRuns: 200 });
  });

  it('any YAML value', () => {
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
      { numRuns: 300 },
    );
  });

  const LINES = SHIPPED_TEXT.split('\n');
  const lineMutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
    fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('&a', '*a', '<<: *a', '!!binary', '- ', ': ', '"', "'", '{', '[', '#', '|', '>', '---', '...', '\t', '%YAML 1.1', '? ')) }),
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

  it('the shipped plan with its lines mutated', () => {
    fc.assert(
      fc.property(fc.array(lineMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        expectCleanOutcome(mutations.reduce(mutate, LINES).join('\n'));
      }),
      { numRuns: 400 },
    );
  });

  it('the shipped plan with values replaced, keys removed or unknown keys added', () => {
    const paths = (function all(value: unknown, path: (string | number)[]): (string | number)[][] {
      const here = path.length > 0 ? [path] : [];
      if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => all(item, [...path, index]))];
      if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => all(item, [...path, key]))];
      return here;
    })(SHIPPED_DATA, []);
    const change = fc.record({
      at: fc.nat(),
      action: fc.constantFrom('replace', 'remove', 'add-key'),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText, fc.constantFrom('', ' ', '0', '-1', '1e400', 'NaN', 'null', 'Shared-Responsibility', 'a b', '99999999999999999999')),
      key: fc.oneof(fc.string({ maxLength: 10 }), hostileText),
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
              if (node && typeof node === 'object' && !Array.isArray(node)) node[key] = value;
            }
          } catch {
            // An earlier change removed the path: this change has nothing to act on.
          }
        }
        expectCleanOutcome(stringifyYaml(data));
      }),
      { numRuns: 300 },
    );
  });
});

describe('plans built to exhaust the tool are refused quickly', () => {
  function timed(text: string): { lines: string[]; ms: number } {
    const started = performance.now();
    const outcome = outcomeOf(text);
    const ms = performance.now() - started;
    if (!('lines' in outcome)) throw new Error('expected a refusal');
    return { lines: outcome.lines, ms };
  }

  it('alias bombs, in lists and in mappings', () => {
    const listBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    const mapBomb = ['a: &a {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}'];
    for (let level = 1; level < 12; level += 1) {
      const previous = `l${level - 1}`.replace('l0', 'a');
      listBomb.push(`l${level}: &l${level} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      mapBomb.push(`l${level}: &l${level} {${Array.from({ length: 10 }, (_, index) => `k${index}: *${previous}`).join(', ')}}`);
    }
    for (const bomb of [listBomb, mapBomb]) {
      const { lines, ms } = timed(bomb.join('\n'));
      expect(lines).toEqual([expect.stringMatching(/^hostile\.yaml:1:1: YAML aliases expand too far/)]);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('deep nesting', () => {
    for (const text of ['a: ' + '['.repeat(100_000), 'a: ' + '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000), '- '.repeat(5000) + 'x']) {
      const { lines, ms } = timed(text);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(ERROR_LINE);
      expect(ms).toBeLessThan(5000);
    }
  });

  it('tens of thousands of keys: linear time, at most 100 errors and a count of the rest', () => {
    // yaml's own unique-key check is quadratic: this took 16 s before the tool checked keys itself.
    const keys = Array.from({ length: 40_000 }, (_, index) => `key${index}: value`).join('\n');
    const unknown = timed(`version: 1\nid: p\ntitle: T\nsessions: []\n${keys}\n`);
    expect(unknown.ms).toBeLessThan(4000);
    expect(unknown.lines).toHaveLength(101);
    expect(unknown.lines.at(-1)).toMatch(/^hostile\.yaml:\d+:1: and 39901 more errors from here on$/);
    const duplicated = timed('a: b\n'.repeat(40_000));
    expect(duplicated.ms).toBeLessThan(4000);
    expect(duplicated.lines[0]).toBe('hostile.yaml:2:1: Map keys must be unique');
  });

  it('a file over 5 MiB is refused before it is read', () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `title: ${'x'.repeat(6 * 1024 * 1024)}\n`);
    const started = performance.now();
    expect(() => loadPlanFile(file)).toThrow(/huge\.yaml is 6\.0 MiB, over the 5 MiB limit for plan files/);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('escape sequences in plan text never reach the terminal raw', () => {
  // In-process runs of every command on plans with escape sequences in random prose fields, in the
  // three ways output is made: plain text, colour (stdout a terminal) and --json.
  const MODES: { name: string; flags: string[]; env: NodeJS.ProcessEnv; tty: boolean }[] = [
    { name: 'text', flags: [], env: {}, tty: false },
    { name: 'colour', flags: [], env: { NO_COLOR: '', FORCE_COLOR: '1' }, tty: true },
    { name: 'json', flags: ['--json'], env: {}, tty: false },
  ];
  // The theme's own colours (SGR) are allowed in colour mode; nothing else is.
  // eslint-disable-next-line no-control-regex
  const THEME_SGR = /\u001b\[[0-9;]*m/g;

  function expectSafe(output: string, mode: string, what: string): void {
    const visible = mode === 'colour' ? output.replace(THEME_SGR, '') : output;
    const found = CONTROL.exec(visible);
    expect(found, `${what}: raw ${JSON.stringify(found?.[0])} near ${JSON.stringify(visible.slice(Math.max(0, (found?.index ?? 0) - 30), (found?.index ?? 0) + 30))}`).toBeNull();
  }

  it('in every command and output mode, whatever prose field carries them', async () => {
    const scratch = tempDir();
    const planFile = join(scratch, 'plan.yaml');
    let sample = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), hostileText), { minLength: 1, maxLength: 8 }), async (replacements) => {
        writeFileSync(planFile, withHostileTexts(replacements));
        sample += 1;
        for (const command of COMMANDS) {
          for (const mode of MODES) {
            const configDir = join(scratch, `store-${sample}-${COMMANDS.indexOf(command)}-${mode.name}`);
            seedStore(configDir);
            const argv = [...mode.flags, '--plan', planFile, ...argsOf(command, configDir)];
            const result = await runInProcess(argv, { K8S_STUDY_CONFIG_DIR: configDir, ...mode.env }, { stdoutIsTTY: mode.tty });
            expect([0, 1, 2], `${argv.join(' ')}: ${result.stderr}`).toContain(result.status);
            expectSafe(result.stdout + result.stderr, mode.name, `${mode.name}: ${argv.join(' ')}`);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('in every field at once, through the built binary, and in summaries and unknown keys too', async () => {
    const scratch = tempDir();
    const planFile = join(scratch, 'plan.yaml');
    const all = ESCAPES.join(' ');
    writeFileSync(planFile, withHostileTexts(TEXT_PATHS.map((_, index) => [index, `text ${index} ${all}`])));
    const configDir = join(scratch, 'store');
    seedStore(configDir);
    // A summary is the user's text, but a backup or a paste can carry escapes as well.
    const storeFile = join(configDir, 'config.json');
    const store = JSON.parse(readFileSync(storeFile, 'utf8'));
    store.plans['k8s-security-fundamentals'].sessions['shared-responsibility'].summary = `mine ${all}`;
    writeFileSync(storeFile, JSON.stringify(store));
    for (const command of COMMANDS) {
      for (const flags of [[], ['--json']]) {
        const args = [...flags, '--plan', planFile, ...argsOf(command, mkdtempSync(join(scratch, 'out-')))];
        const result = await spawnCli(args, { configDir });
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expectSafe(result.stdout + result.stderr, 'text', args.join(' '));
        expect(result.stdout + result.stderr).not.toMatch(STACK_TRACE);
      }
    }
    const keyed = join(scratch, 'keyed.yaml');
    writeFileSync(keyed, stringifyYaml({ ...SHIPPED_DATA, [`colour${all}`]: 'x', sessions: [{ ...(SHIPPED_DATA.sessions as object[])[0], [`k${all}`]: 1 }] }));
    for (const flags of [[], ['--json']]) {
      const result = await spawnCli([...flags, 'validate', keyed], { configDir });
      expect(result.status).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/unknown key/);
      expectSafe(result.stdout + result.stderr, 'text', `validate ${flags.join(' ')}`);
    }
  });
});
