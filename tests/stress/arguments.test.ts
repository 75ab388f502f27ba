import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, SEEDED_NOW, seedProgress, SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { argsOf, COMMANDS, run, STACK_TRACE } from './support.ts';

// Whatever the command line and environment hold, k8s-study ends with exit 0, 1 or 2 and a
// message, never an unhandled exception or a stack trace. Dates hold across DST changes, leap days
// and year ends. The random runs are in-process (thousands in a minute), with a fixed seed.

const SEED = Number(process.env.K8S_STUDY_SEED ?? 20261201);
const RUNS = Number(process.env.K8S_STUDY_ARGV_RUNS ?? 2000);

const NAMES = [...new Set(COMMANDS.map((command) => command.args[0] as string)), 'help', 'frobnicate', ''];
const FLAGS = [
  '--json', '--no-color', '--plan', '--summary', '--no-summary', '--minutes', '--at', '--uncheck', '--upcoming', '--rating',
  '--limit', '--clear', '--start', '--format', '-o', '--output', '--replace', '--dry-run', '-V', '--version', '-h', '--help',
  '--bogus', '--', '-', '-x', '--summary=', '--minutes=5', '--at=', '--plan=', '--upcoming=3',
];
// Paths stay inside the test's scratch folder (the runs may write files there: export -o, init).
const VALUES = [
  '0', '1', '3', '5', '6', '-5', '1.5', '1e9', '99999999999999999999', 'NaN', ' ', '', '1h30m', '90m', '0m', '25h',
  'today', 'tomorrow', 'yesterday', '+3d', '-2d', '+9999d', '-9999d', '+99999d', '2026-02-29', '2028-02-29', '2026-13-01', '2026-12-31',
  '0000-01-01', '1969-12-31', '1970-01-01', '2999-12-31', '3000-01-01', '9999-12-31',
  'shared', 'eks', 'zzz', 'SHARED-RESPONSIBILITY', 'session:1', 'session:shared-responsibility', 'keypoint:control-plane', 'term:etcd', 'term:', ':', 'session:',
  'again', 'hard', 'good', 'easy', 'json', 'ics', 'md', 'bash', 'zsh', 'fish', 'powershell',
  '\u001b[2J', '\u001b]52;c;ZXZpbA==\u0007', 'é', '😀', '../../x.txt', '/dev/null', '/', '.', 'constructor', '__proto__',
];

describe('random command lines', () => {
  let cwd: string;
  let scratch: string;
  beforeAll(() => {
    // Relative paths (init's default file, export -o x) land in a scratch folder, not the repository.
    cwd = process.cwd();
    scratch = mkdtempSync(join(tmpdir(), 'k8s-study-argv-'));
    const deeper = join(scratch, 'a', 'b', 'c');
    mkdirSync(deeper, { recursive: true });
    process.chdir(deeper);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  });

  it(`end with exit 0, 1 or 2 and a message: never a stack trace or an unexpected failure (seed ${SEED}, ${RUNS} runs)`, { timeout: 600_000 }, async () => {
    const folder = tempDir();
    const configDir = join(folder, 'store');
    await seedProgress(configDir);
    const badPlan = join(folder, 'bad.yaml');
    writeFileSync(badPlan, 'version: 2\nid: Not A Slug\n');
    mkdirSync(join(folder, 'a-folder'));
    // Copies: a random `export -o FILE` may write over any path it is given.
    const plan = join(folder, 'plan.yaml');
    copyFileSync(SHIPPED_PLAN, plan);
    const backup = join(folder, 'backup.json');
    expect((await cli(['export', '--format', 'json', '-o', backup], { configDir, now: SEEDED_NOW })).status).toBe(0);
    const oldBackup = join(folder, 'backup-format-1.json');
    copyFileSync(join(ROOT, 'tests/fixtures/backup-format-1.json'), oldBackup);
    const paths = [plan, backup, oldBackup, badPlan, join(folder, 'a-folder'), join(folder, 'missing.yaml'), join(folder, 'out.json'), join(configDir, 'config.json'), join(configDir, 'journal.jsonl')];
    // Random text never names a path outside the scratch folder.
    const text = fc.string({ maxLength: 12 }).map((value) => value.replace(/^[/~]+/, '').replaceAll('..', '_'));
    const token = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FLAGS) },
      { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
      { weight: 2, arbitrary: fc.constantFrom(...NAMES) },
      { weight: 1, arbitrary: fc.constantFrom(...paths) },
      { weight: 1, arbitrary: text },
    );
    const anyArgv = fc.tuple(fc.constantFrom(...NAMES), fc.array(token, { maxLength: 7 })).map(([name, rest]) => (name === '' ? rest : [name, ...rest]));
    // A real command line with one or two of its words changed: gets deep into each command.
    const nearArgv = fc
      .tuple(fc.constantFrom(...COMMANDS), fc.array(fc.tuple(fc.nat(), token), { minLength: 1, maxLength: 2 }), fc.boolean())
      .map(([command, changes, json]) => {
        const args = argsOf(command, folder, backup);
        for (const [at, value] of changes) args.splice(1 + (at % args.length), at % 3 === 0 ? 0 : 1, value);
        return json ? ['--json', ...args] : args;
      });
    const argv = fc.oneof(anyArgv, nearArgv);
    const env = fc.record(
      {
        // Mostly good values, so that most runs get past the environment into the commands.
        K8S_STUDY_NOW: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('2026-12-01T10:00', '2028-02-29T03:59', '2026-12-31T23:59', '2026-12-01', '2027-03-28T02:30') },
          { weight: 1, arbitrary: fc.constantFrom('yesterday-ish', '2026-02-30', '', '2026-12-01T25:00', '9999-12-30T10:00', '1000-01-01', '2999-12-31T23:00', '1970-01-01T00:00') },
        ),
        K8S_STUDY_DAY_START: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('4', '0', '12', '04:00', '') }, { weight: 1, arbitrary: fc.constantFrom('13', '-1', 'four') }),
        K8S_STUDY_PLAN: fc.oneof({ weight: 4, arbitrary: fc.constant(plan) }, { weight: 1, arbitrary: fc.constantFrom(...paths) }),
      },
      { requiredKeys: ['K8S_STUDY_NOW'] },
    );
    const shipped = readFileSync(SHIPPED_PLAN, 'utf8');
    const exits = { 0: 0, 1: 0, 2: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(argv, env, async (args, variables) => {
        const result = await cli(args, { configDir, env: variables });
        const what = `${JSON.stringify(args)} ${JSON.stringify(variables)}: exit ${result.status}\n${result.stderr}`;
        expect([0, 1, 2], what).toContain(result.status);
        expect(result.stdout + result.stderr, what).not.toMatch(STACK_TRACE);
        expect(result.stderr, what).not.toMatch(/unexpected failure/);
        if (result.status !== 0) {
          // The message is on stderr, or, for validate --json, in the one JSON document on stdout.
          const jsonReport = args.includes('--json') && /^\{[\s\S]*\}\n$/.test(result.stdout);
          expect(result.stderr.trim() !== '' || jsonReport, what).toBe(true);
        }
        exits[result.status] = (exits[result.status] ?? 0) + 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(readFileSync(SHIPPED_PLAN, 'utf8')).toBe(shipped);
    // The generator reached all three outcomes, so it tested more than one error path.
    expect([exits[0], exits[1], exits[2]].every((count) => (count ?? 0) > 0), JSON.stringify(exits)).toBe(true);
  });

  it('the built binary too: missing values, unknown commands and options, bad dates', { timeout: 600_000 }, async () => {
    const configDir = tempDir();
    const cases: [string[], number, RegExp][] = [
      [['--plan'], 2, /option '--plan <file>' argument missing/],
      [['done'], 2, /missing required argument 'session'/],
      [['review', 'term:etcd', '--rating'], 2, /argument missing/],
      [['review', 'term:etcd', '--rating', 'meh'], 2, /"meh"/],
      [['lab', 'someday'], 2, /"someday" is not a date/],
      [['done', '1', '--at', '2027-02-29'], 2, /"2027-02-29" is not a date/],
      [['schedule', '--start', '9999-12-31'], 2, /9999-12-31/],
      [['lab', '1969-12-31'], 2, /1969-12-31/],
      [['export', '--format', 'pdf'], 2, /"pdf" is not one of json, ics, md/],
      [['completion', 'powershell'], 2, /"powershell" is not a shell k8s-study knows/],
      [['\u001b[2J'], 2, /unknown command/],
      [['list', '--bogus'], 2, /unknown option '--bogus'/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args, { configDir, now: SEEDED_NOW })));
    cases.forEach(([args, status, message], index) => {
      const result = results[index]!;
      expect(result.status, `${JSON.stringify(args)}: ${result.stderr}`).toBe(status);
      expect(result.stderr, JSON.stringify(args)).toMatch(message);
      expect(result.stderr, JSON.stringify(args)).toMatch(/^error: /);
      expect(result.stderr, JSON.stringify(args)).not.toMatch(STACK_TRACE);
      // eslint-disable-next-line no-control-regex
      expect(result.stderr, JSON.stringify(args)).not.toMatch(/\u001b/);
    });
  });
});

interface Step {
  now: string;
  args: string[];
  /** Checks the JSON the step printed. */
  check?: (json: Record<string, unknown>) => void;
}

const dueIds = (json: Record<string, unknown>): string[] => (json.due as { id: string }[]).map((item) => item.id);

/** Calendar scenarios: each runs its steps in order on one store, in its time zone, with the built binary. */
const SCENARIOS: { name: string; tz: string; steps: Step[] }[] = [
  {
    name: 'Berlin, clocks go forward (2027-03-28, 02:00 → 03:00): the study day still turns at 04:00',
    tz: 'Europe/Berlin',
    steps: [
      { now: '2027-03-27T23:30', args: ['done', '1', '--no-summary'] },
      { now: '2027-03-28T03:30', args: ['due'], check: (json) => expect(dueIds(json)).toEqual([]) },
      { now: '2027-03-28T04:00', args: ['due'], check: (json) => expect(dueIds(json)).toContain('session:shared-responsibility') },
      // 02:30 does not exist that night: still a valid clock, still the study day before.
      { now: '2027-03-28T02:30', args: ['next'], check: (json) => expect(json.reviewsDue).toBe(0) },
      { now: '2027-03-28T12:00', args: ['lab', '2027-04-01'], check: (json) => expect(json.daysLeft).toBe(4) },
    ],
  },
  {
    name: 'Berlin, clocks go back (2026-10-25, 03:00 → 02:00): a 25-hour day is one day',
    tz: 'Europe/Berlin',
    steps: [
      { now: '2026-10-24T22:00', args: ['lab', '2026-10-26'], check: (json) => expect(json.daysLeft).toBe(2) },
      { now: '2026-10-24T22:00', args: ['done', '1', '--no-summary'] },
      { now: '2026-10-25T02:30', args: ['due'], check: (json) => expect(dueIds(json)).toEqual([]) },
      { now: '2026-10-25T12:00', args: ['due'], check: (json) => expect(dueIds(json)).toContain('session:shared-responsibility') },
      { now: '2026-10-25T23:59', args: ['lab'], check: (json) => expect(json.daysLeft).toBe(1) },
      { now: '2026-10-26T09:00', args: ['done', '2', '--no-summary', '--at', 'yesterday'], check: (json) => expect(String(json.completedAt)).toMatch(/^2026-10-25T/) },
    ],
  },
  {
    name: 'Los Angeles, clocks go back (2026-11-01) and forward (2027-03-14)',
    tz: 'America/Los_Angeles',
    steps: [
      { now: '2026-10-31T21:00', args: ['done', '1', '--no-summary'], check: (json) => expect(json.completedAt).toBe('2026-10-31T21:00:00-07:00') },
      { now: '2026-11-01T01:30', args: ['due'], check: (json) => expect(dueIds(json)).toEqual([]) },
      { now: '2026-11-01T09:00', args: ['due'], check: (json) => expect((json.due as { due: string }[])[0]?.due).toBe('2026-11-01') },
      { now: '2026-11-01T09:00', args: ['schedule', '--start', '2026-10-31'] },
      { now: '2026-11-01T09:00', args: ['schedule'], check: (json) => expect((json.days as { date: string }[]).map((day) => day.date)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']) },
      { now: '2027-03-13T22:00', args: ['done', '2', '--no-summary'] },
      { now: '2027-03-14T12:00', args: ['due'], check: (json) => expect(dueIds(json)).toContain('session:architecture-cloud-native-gaps') },
      { now: '2027-03-14T12:00', args: ['done', '3', '--no-summary', '--at', '-1d'], check: (json) => expect(String(json.completedAt)).toMatch(/^2027-03-13T12:00:00-08:00$/) },
    ],
  },
  {
    name: 'a clock set back after a review: the next review counts from the day of the last one, no crash',
    tz: 'UTC',
    steps: [
      { now: '2026-11-27T10:00', args: ['done', '1', '--no-summary'] },
      { now: '2026-12-05T10:00', args: ['review', 'term:etcd', '--rating', 'good'], check: (json) => expect(json.nextDue).toBe('2026-12-08') },
      { now: '2026-12-03T10:00', args: ['review', 'term:etcd', '--rating', 'again'], check: (json) => expect(json.nextDue).toBe('2026-12-06') },
      { now: '2026-12-03T10:00', args: ['due', '--upcoming', '5'], check: (json) => expect(JSON.stringify(json)).toContain('term:etcd') },
    ],
  },
  {
    name: '29 February: a real day in 2028, a usage error in 2027',
    tz: 'UTC',
    steps: [
      { now: '2028-02-29T10:00', args: ['done', '1', '--no-summary'] },
      { now: '2028-02-29T10:00', args: ['due', '--upcoming', '2'], check: (json) => expect((json.upcoming as { due: string }[])[0]?.due).toBe('2028-03-01') },
      { now: '2028-03-01T10:00', args: ['done', '2', '--no-summary', '--at', 'yesterday'], check: (json) => expect(String(json.completedAt)).toMatch(/^2028-02-29T/) },
      { now: '2028-03-01T10:00', args: ['lab', '+365d'], check: (json) => expect(json.date).toBe('2029-03-01') },
      { now: '2028-02-28T10:00', args: ['lab', 'tomorrow'], check: (json) => expect(json.date).toBe('2028-02-29') },
    ],
  },
  {
    name: 'year end: 01:00 on New Year’s Day still belongs to 31 December',
    tz: 'Europe/Berlin',
    steps: [
      { now: '2027-01-01T01:00', args: ['done', '1', '--no-summary'], check: (json) => expect(json.completedAt).toBe('2027-01-01T01:00:00+01:00') },
      { now: '2027-01-01T03:59', args: ['due'], check: (json) => expect(dueIds(json)).toEqual([]) },
      { now: '2027-01-01T04:00', args: ['due'], check: (json) => expect((json.due as { due: string }[])[0]?.due).toBe('2027-01-01') },
      { now: '2027-01-01T12:00', args: ['schedule', '--start', '2026-12-30'] },
      { now: '2027-01-01T12:00', args: ['schedule'], check: (json) => expect((json.days as { date: string }[]).at(-1)?.date).toBe('2027-01-01') },
      { now: '2026-12-31T12:00', args: ['lab', '+1d'], check: (json) => expect(json.date).toBe('2027-01-01') },
    ],
  },
];

describe('dates across DST changes, leap days and year ends', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', { timeout: 600_000 }, async (_name, scenario) => {
    const configDir = tempDir();
    for (const step of scenario.steps) {
      const result = await run(['--json', ...step.args], { configDir, now: step.now, env: { TZ: scenario.tz } });
      const what = `${step.now} ${step.args.join(' ')}: ${result.stderr}`;
      expect(result.status, what).toBe(0);
      step.check?.(JSON.parse(result.stdout) as Record<string, unknown>);
    }
  });
});
