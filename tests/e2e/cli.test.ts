import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_ID, readStoreOnDisk, ROOT, runBinary, SLOW, startBinary, storeFiles, tempDir } from '../helpers.ts';

// The built binary as a person runs it: what it prints, on which stream, and the exit code of the
// real process.

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A stack trace line as Node prints it. */
const STACK_TRACE = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[/;

/** The names of the commands `--help` lists (help itself left out). */
function commandsInHelp(help: string): string[] {
  return [...help.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1] as string).filter((name) => name !== 'help');
}

describe('the built binary', () => {
  it('next → check → done → next on the shipped plan, with a fresh store', { timeout: SLOW }, () => {
    const configDir = join(tempDir(), 'store');
    const first = runBinary(['next'], { configDir });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(first.stdout).toContain("[ ] 3. Understand AWS's responsibility");
    // Looking changes nothing: no store is made by a command that only reads.
    expect(readStoreOnDisk(configDir).root).toBeNull();

    const check = runBinary(['check', '1', '1', '2'], { configDir });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/\[x\] 1\. /);
    expect(check.stdout).toMatch(/\[x\] 2\. /);

    const done = runBinary(['done', '1', '--summary', 'AWS owns the control plane; I own RBAC and nodes', '--minutes', '1h10m'], { configDir });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('✔ Done: 1. Shared Responsibility and Compute Types (1 h 10 min of 1 h planned)');

    const next = runBinary(['next'], { configDir });
    expect(next.status).toBe(0);
    expect(next.stdout).toContain('Next: 2. Security Architecture Example and Cloud Native Gaps');
    expect(next.stdout).toContain('1 of 5 sessions done · 1 h 10 min spent of 5 h 30 min');

    const again = runBinary(['done', '1'], { configDir });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Session 1 was already done on 2026-12-01');

    const disk = readStoreOnDisk(configDir);
    expect(disk.sessions['shared-responsibility']).toMatchObject({ summary: 'AWS owns the control plane; I own RBAC and nodes', minutesSpent: 70 });
    expect(disk.sessions['shared-responsibility']?.ticks).toHaveLength(2);
    expect(Object.keys(disk.items)).toContain('session:shared-responsibility');
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
  });

  it('exit 1 for an unknown session or an invalid plan, with one line per error on stderr', { timeout: SLOW }, () => {
    const configDir = tempDir();
    const unknown = runBinary(['show', '9'], { configDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('error: unknown session "9": use a number from 1 to 5 or an id (k8s-study list shows them)\n');

    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'version: 1\nid: p\ntitle: T\nsessions:\n  - id: a\n    title: A\n    day: 0\n    duration: soon\n    focus: [x]\n');
    const invalid = runBinary(['--plan', bad, 'next'], { configDir });
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toBe('');
    const lines = invalid.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    // FILE:LINE:COL pointing at the offending nodes: `day: 0` on line 7, `duration: soon` on line 8.
    expect(lines[0]?.startsWith(`${bad}:7:`)).toBe(true);
    expect(lines[0]).toMatch(/day: must be a positive whole number/);
    expect(lines[1]?.startsWith(`${bad}:8:`)).toBe(true);
    expect(lines[1]).toMatch(/duration: must be a duration/);
    expect(storeFiles(configDir)).toEqual([]);
  });

  it('exit 2 for usage errors: unknown command or option, bad value, input needed without a terminal', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^error: unknown command "frobnicate"/],
      [['list', '--bogus'], /^error: unknown option '--bogus'/],
      [['done', '1', '--at', 'someday'], /"someday" is not a date/],
      [['check', '1'], /^error: check needs item numbers when not run on a terminal/],
      [['note', '1'], /^error: note needs --summary/],
      [['--json', 'review'], /^error: review --json records one answer/],
    ];
    const results = await Promise.all(cases.map(([args]) => startBinary(args, { configDir }).done));
    cases.forEach(([args, message], index) => {
      const result = results[index]!;
      const what = `${args.join(' ')}: ${result.stderr}`;
      expect(result.status, what).toBe(2);
      expect(result.stdout, what).toBe('');
      expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(result.stderr, what).toMatch(message);
    });
    expect(storeFiles(configDir)).toEqual([]);
  });

  it('--version prints the package version', { timeout: SLOW }, () => {
    for (const flag of ['--version', '-V']) {
      const result = runBinary([flag], { configDir: tempDir() });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${VERSION}\n`);
      expect(result.stderr).toBe('');
    }
  });

  it('--help lists the commands, and every command\'s --help shows an example', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const help = runBinary(['--help'], { configDir });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: k8s-study /);
    expect(help.stdout).toMatch(/Example:\n {2}\$ k8s-study /);
    const commands = commandsInHelp(help.stdout);
    expect(commands).toEqual(expect.arrayContaining(['next', 'list', 'show', 'check', 'done', 'undo', 'note', 'due', 'review', 'lab', 'validate', 'init', 'status', 'schedule', 'export', 'import', 'completion']));
    const results = await Promise.all(commands.map((command) => startBinary([command, '--help'], { configDir }).done));
    commands.forEach((command, index) => {
      const result = results[index]!;
      expect(result.status, command).toBe(0);
      expect(result.stderr, command).toBe('');
      expect(result.stdout, command).toMatch(new RegExp(`^Usage: k8s-study ${command}`));
      expect(result.stdout, command).toMatch(new RegExp(`Example:\\n {2}\\$ k8s-study .*${command}`));
    });
    const viaHelp = runBinary(['help', 'done'], { configDir });
    expect(viaHelp.status).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: k8s-study done/);
    expect(storeFiles(configDir)).toEqual([]);
  });

  it('`help --help` is the program\'s help', { timeout: SLOW }, () => {
    for (const flag of ['--help', '-h']) {
      const result = runBinary(['help', flag], { configDir: tempDir() });
      expect(result.status, flag).toBe(0);
      expect(result.stdout, flag).toMatch(/^Usage: k8s-study \[options\] \[command\]/);
      expect(result.stderr, flag).toBe('');
    }
  });

  it('`help nope` says in one line that there is no such command, and exits 2', { timeout: SLOW }, () => {
    const result = runBinary(['help', 'nope'], { configDir: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const first = result.stderr.split('\n')[0];
    expect(first).toMatch(/^error: .*nope/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('colours only when asked (FORCE_COLOR), never with --no-color, NO_COLOR or --json', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const colour = { NO_COLOR: undefined, FORCE_COLOR: '1' };
    // `list` is answered by the fast path, `schedule` by the full program: both decide alike.
    const runs: [string, string[], NodeJS.ProcessEnv, boolean][] = [
      ['list, FORCE_COLOR', ['list'], colour, true],
      ['schedule, FORCE_COLOR', ['schedule'], colour, true],
      ['list, a pipe and nothing asked', ['list'], { NO_COLOR: undefined }, false],
      ['list --no-color', ['list', '--no-color'], colour, false],
      ['schedule --no-color', ['--no-color', 'schedule'], colour, false],
      ['list, NO_COLOR=1', ['list'], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
      ['schedule, NO_COLOR=1', ['schedule'], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
      ['list --json', ['list', '--json'], colour, false],
    ];
    // One after another: the runs of one command line share their cache of views.
    for (const [what, args, env, coloured] of runs) {
      const result = await startBinary(args, { configDir, env }).done;
      expect(result.status, what).toBe(0);
      expect(ESCAPE.test(result.stdout), what).toBe(coloured);
      expect(result.stdout, what).toContain('Kubernetes Security Fundamentals');
    }
  });

  it('--json prints exactly one JSON document on stdout, and nothing else', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const runs: string[][] = [
      ['check', '1', '1'],
      ['done', '1', '--no-summary', '--at', 'yesterday'],
      ['next'],
      ['list'],
      ['show', '1'],
      ['due'],
      ['status'],
      ['lab', '2026-12-15'],
      ['schedule'],
      ['review', 'term:etcd', '--rating', 'good'],
      ['export', '--format', 'json'],
    ];
    const documents: Record<string, unknown> = {};
    for (const args of runs) {
      const result = await startBinary(['--json', ...args], { configDir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).done;
      const what = `${args.join(' ')}: ${result.stderr}`;
      expect(result.status, what).toBe(0);
      expect(result.stderr, what).toBe('');
      expect(() => JSON.parse(result.stdout), what).not.toThrow();
      expect(result.stdout, what).toMatch(/^[{[][\s\S]*[}\]]\n$/);
      expect(ESCAPE.test(result.stdout), what).toBe(false);
      documents[args[0]!] = JSON.parse(result.stdout);
    }
    expect(Object.keys(documents.next as object).sort()).toEqual(['lab', 'reviewsDue', 'session']);
    expect(documents.next).toMatchObject({ session: { number: 2, status: 'todo' }, lab: null });
    expect(documents.list).toMatchObject({ plan: { id: PLAN_ID }, progress: { done: 1, total: 5 } });
    expect(documents.show).toMatchObject({ id: 'shared-responsibility', number: 1, status: 'done', summary: null, minutesSpent: 60 });
    expect(Object.keys(documents.due as object).sort()).toEqual(['due', 'upcoming']);
    // An error with --json: the message on stderr, no prose on stdout.
    const failed = runBinary(['--json', 'show', '9'], { configDir });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^error: unknown session "9"/);
  });
});
