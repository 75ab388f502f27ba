import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { COMMAND_NAMES, namedCommand } from '../../src/command-word.ts';
import type { Streams } from '../../src/context.ts';
import { cli, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { ctrlC, ok, storeSnapshot, writePlan } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// Exit codes (0 success, 1 error, 2 usage, 130 cancelled at a prompt), one line on stderr for each
// error naming what went wrong, and `--json`: exactly one JSON document on stdout, no prose.

/** A store with session 1 done on 2026-12-01, so its review items are due on the 2nd. */
async function studied(): Promise<string> {
  const configDir = tempDir();
  await ok(['done', '1', '--summary', 'mine'], { configDir, now: '2026-12-01T10:00' });
  return configDir;
}

describe('exit 1: errors', () => {
  it('an unknown session or review item, a missing or invalid plan, an unreadable store', async () => {
    const configDir = await studied();
    const folder = tempDir();
    const badPlan = writePlan('version: 1\nid: x\ntitle: X\nsessions: []\n', 'bad.yaml', folder);
    const missingPlan = join(folder, 'missing.yaml');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['show', '9'], {}, /^error: unknown session "9": use a number from 1 to 5 or an id/],
      [['done', 'nope', '--no-summary'], {}, /^error: unknown session "nope"/],
      [['check', 'zzz', '1'], {}, /^error: unknown session "zzz"/],
      [['note', '0', '--summary', 'x'], {}, /^error: unknown session "0"/],
      [['review', 'keypoint:nope', '--rating', 'good'], {}, /^error: unknown review item "keypoint:nope"/],
      [['review', 'nonsense', '--rating', 'good'], {}, /^error: unknown review item "nonsense"/],
      [['--plan', missingPlan, 'next'], {}, new RegExp(`^error: cannot read plan ${missingPlan}: no such file`)],
      [['next'], { K8S_STUDY_PLAN: missingPlan }, new RegExp(`^error: cannot read plan ${missingPlan}: no such file`)],
      [['--plan', badPlan, 'list'], {}, new RegExp(`^${badPlan}:4:11: sessions: `)],
      [['--plan', badPlan, 'done', '1'], {}, new RegExp(`^${badPlan}:4:11: sessions: `)],
    ];
    const before = storeSnapshot(configDir);
    for (const [args, env, message] of cases) {
      const result = await cli(args, { configDir, env, now: '2026-12-02T10:00' });
      const what = `${args.join(' ')}: ${result.stderr}`;
      expect(result.status, what).toBe(1);
      expect(result.stderr.trimEnd(), what).toMatch(message);
      expect(result.stderr.trimEnd().split('\n'), what).toHaveLength(1);
      expect(result.stdout, what).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('a store that is not valid is never overwritten; the error names the file', async () => {
    const configDir = tempDir();
    mkdirSync(configDir, { recursive: true });
    const file = join(configDir, 'config.json');
    for (const content of ['{"plans": {', JSON.stringify({ __internal__: { migrations: { version: '9.0.0' } }, plans: {} })]) {
      writeFileSync(file, content);
      for (const args of [['next'], ['done', '1', '--no-summary'], ['check', '1', '1'], ['lab', '+3d']]) {
        const result = await cli(args, { configDir });
        expect(result.status, `${args.join(' ')} on ${content}`).toBe(1);
        expect(result.stderr).toContain(file);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(readFileSync(file, 'utf8')).toBe(content);
      }
    }
  });
});

describe('exit 2: usage', () => {
  it('an unknown command or option, a missing argument, a bad value, input needed without a terminal', async () => {
    const configDir = await studied();
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^error: unknown command "frobnicate": k8s-study --help lists the commands$/],
      [['next', 'extra'], /^error: too many arguments for 'next'\. Expected 0 arguments but got 1\. \(add --help to the command to see its arguments and options\)$/],
      [['stauts'], /^error: unknown command "stauts": did you mean status or stats\? k8s-study --help lists the commands$/],
      [['lsit'], /^error: unknown command "lsit": did you mean list\? k8s-study --help lists the commands$/],
      // An alias counts as its command; a word of one or two letters is too short to be a typo of one.
      [['lst'], /^error: unknown command "lst": did you mean list\? k8s-study --help lists the commands$/],
      [['s'], /^error: unknown command "s": k8s-study --help lists the commands$/],
      [['help', 'stauts'], /^error: unknown command "stauts": did you mean status or stats\? k8s-study --help lists the commands$/],
      [['done', '2', '--sumary', 'x'], /^error: unknown option '--sumary' \(did you mean --summary\?\)$/],
      [['list', '--bogus'], /^error: unknown option '--bogus'/],
      [['--bogus'], /^error: unknown option '--bogus'/],
      [['done'], /^error: missing required argument 'session' \(add --help to the command to see its arguments and options\)$/],
      [['--plan'], /^error: option '--plan <file>' argument missing \(add --help to the command to see its arguments and options\)$/],
      // A day something was done: only the forms that can name one are suggested.
      [['done', '2', '--at', 'someday'], /"someday" is not a date: use YYYY-MM-DD, today, yesterday or -2d$/],
      [['done', '2', '--minutes', 'lots'], /"lots" is not a time from 1 minute to 24 hours/],
      [['review', 'term:etcd', '--rating', 'meh'], /"meh" is not one of again, hard, good, easy/],
      [['review', '--limit', '0'], /"0" is not a whole number of items/],
      [['due', '--upcoming', 'x'], /"x" is not a whole number of days/],
      [['lab', 'someday'], /"someday" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday or \+3d$/],
      [['lab', '1969-12-31'], /"1969-12-31" is outside the years 1970 to 2999/],
      [['schedule', '--start', 'soon'], /"soon" is not a date/],
      [['export', '--format', 'pdf'], /^error: --format: "pdf" is not one of json, ics, md$/],
      // An option typed where a text was forgotten is not taken for the text (the session stays as it was, no file is written).
      [['done', '2', '--summary', '--help'], /^error: --summary: "--help" is an option, not a summary: write a summary after the option \("-" reads it from standard input\)$/],
      [['done', '2', '--summary', '-h'], /^error: --summary: "-h" is an option, not a summary/],
      [['note', '1', '--summary', '--clear'], /^error: --summary: "--clear" is an option, not a summary/],
      [['export', '--format', 'json', '-o', '--help'], /^error: --output: "--help" is an option, not a file name: write a file name after the option$/],
      [['check', '1', '7'], /^error: checklist item "7" does not exist: session 1 has items 1 to 3$/],
      [['check', '2'], /^error: check needs item numbers when not run on a terminal, e\.g\. k8s-study check 2 1 2$/],
      [['check', '2', '--uncheck'], /^error: check needs item numbers when not run on a terminal, e\.g\. k8s-study check 2 1 2 --uncheck$/],
      [['note', '2'], /^error: note needs --summary TEXT/],
      [['review'], /^error: review asks on a terminal/],
      [['review', 'term:etcd'], /^error: review asks on a terminal/],
      [['--json', 'review'], /^error: review --json records one answer/],
    ];
    const before = storeSnapshot(configDir);
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir, now: '2026-12-02T10:00' });
      const what = `${args.join(' ')}: ${result.stderr}`;
      expect(result.status, what).toBe(2);
      expect(result.stderr.trimEnd(), what).toMatch(message);
      expect(result.stderr.trimEnd().split('\n'), what).toHaveLength(1);
      expect(result.stdout, what).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('a clock that is not a date is a usage error naming it', async () => {
    const result = await cli(['next'], { now: 'yesterday-ish' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('K8S_STUDY_NOW="yesterday-ish"');
  });
});

describe('exit 0 for --help and --version', () => {
  it('help shows an example for every command, on stdout', async () => {
    const help = await cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]!).filter((name) => name !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['next', 'list', 'show', 'check', 'done', 'undo', 'note', 'due', 'review', 'lab', 'status', 'schedule', 'export', 'import', 'validate', 'init', 'completion']));
    for (const command of commands) {
      const commandHelp = await cli([command, '--help']);
      expect(commandHelp.status, command).toBe(0);
      expect(commandHelp.stdout, command).toMatch(/Example:\n {2}\$ k8s-study /);
    }
    const version = await cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+(?:-[\w.]+)?\n$/);
    for (const args of [['--json', '--version'], ['-V', '--json']]) {
      const asJson = await cli(args);
      expect(asJson.status, args.join(' ')).toBe(0);
      expect(JSON.parse(asJson.stdout), args.join(' ')).toBe(version.stdout.trim());
    }
  });
});

describe('a command line that names a command declares only that one', () => {
  const streams = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, stdin: process.stdin } as unknown as Streams;
  const declared = (argv?: string[]): string[] => buildProgram({ env: {}, streams, version: '0.0.0', ...(argv ? { argv } : {}) }).commands.flatMap((command) => [command.name(), ...command.aliases()]);

  it('knows every command the program has, and its aliases', () => {
    const all = declared();
    expect([...COMMAND_NAMES].sort()).toEqual(all.filter((name) => name !== 'ls').sort());
    for (const name of all) expect(namedCommand([name]), name).not.toBeNull();
  });

  it('declares the command named (after --plan FILE or other options), all of them otherwise', () => {
    expect(declared(['done', '1'])).toEqual(['done']);
    expect(declared(['--plan', 'done', 'ls'])).toEqual(['list', 'ls']);
    expect(declared(['--json', 'review', 'etcd', '--rating', 'good'])).toEqual(['review']);
    for (const argv of [[], ['--help'], ['-h', 'status'], ['--plan', 'x.yaml', '--help', 'ls'], ['help', 'done'], ['dne'], ['completion', 'bash'], ['--', 'done']]) expect(declared(argv), argv.join(' ')).toEqual(declared());
  });

  it('the program help lists every command however it is asked for; a command help is that command; completion knows them all', async () => {
    for (const argv of [['--help'], ['--help', 'done'], ['-h', 'status'], ['--json', '-h', 'ls'], ['help']]) {
      const help = await cli(argv);
      expect(help.status, argv.join(' ')).toBe(0);
      const listed = [...help.stdout.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]!).filter((name) => name !== 'help');
      expect(listed.sort(), argv.join(' ')).toEqual([...COMMAND_NAMES].sort());
    }
    const help = await cli(['done', '--help']);
    expect(help.stdout).toMatch(/^Usage: k8s-study done /);
    expect(help.stdout).not.toMatch(/^Commands:/m);
    const unknown = await cli(['dne']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "dne"/);
    const completion = await cli(['completion', 'bash']);
    for (const name of COMMAND_NAMES) expect(completion.stdout, name).toContain(name);
  });
});

describe('--json', () => {
  it('prints exactly one JSON document and no prose, for every command', async () => {
    const configDir = await studied();
    const folder = tempDir();
    const backup = join(folder, 'backup.json');
    await ok(['export', '--format', 'json', '-o', backup], { configDir });
    const commands: string[][] = [
      ['next'],
      ['list'],
      ['ls'],
      ['show', '1'],
      ['check', '2', '1', '3'],
      ['check', '2', '3', '--uncheck'],
      ['note', '2', '--summary', 'gaps'],
      ['done', '2', '--no-summary', '--minutes', '50'],
      ['done', '2'],
      ['done', '2', '--minutes', '40'],
      ['undo', '2'],
      ['undo', '2'],
      ['due'],
      ['due', '--upcoming', '7'],
      ['review', 'term:etcd', '--rating', 'good'],
      ['lab', '+9d'],
      ['lab'],
      ['lab', '--clear'],
      ['lab'],
      ['status'],
      ['schedule'],
      ['schedule', '--start', 'yesterday'],
      ['export', '--format', 'json'],
      ['export', '--format', 'ics', '-o', join(folder, 'study.ics')],
      ['import', backup],
      ['import', backup, '--dry-run'],
      ['validate'],
      ['init', join(folder, 'mine.yaml')],
      ['completion', 'zsh'],
    ];
    for (const args of commands) {
      for (const place of ['before', 'after'] as const) {
        if (place === 'after' && (args[0] === 'init' || args[0] === 'undo' || args[0] === 'import')) continue;
        const argv = place === 'before' ? ['--json', ...args] : [...args, '--json'];
        const result = await cli(argv, { configDir, now: '2026-12-02T10:00', terminal: true, prompts: scriptedPrompts([]), env: { NO_COLOR: '', FORCE_COLOR: '1' } });
        const what = `${argv.join(' ')}: ${result.stderr}`;
        expect(result.status, what).toBe(0);
        expect(result.stderr, what).toBe('');
        expect(result.stdout, what).toMatch(/\n$/);
        expect(() => JSON.parse(result.stdout), what).not.toThrow();
        expect(result.stdout, what).not.toContain('\u001b');
      }
    }
  });

  it('never prompts on a terminal: what would be asked is left out, or is a usage error with nothing on stdout', async () => {
    const configDir = await studied();
    const done = await cli(['--json', 'done', '3'], { configDir, terminal: true, prompts: scriptedPrompts([]) });
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ id: 'eks-security-architecture', summary: null, minutesSpent: 90 });
    for (const args of [['check', '2'], ['note', '2'], ['review']]) {
      const result = await cli(['--json', ...args], { configDir, now: '2026-12-02T10:00', terminal: true, prompts: scriptedPrompts([]) });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('an error is on stderr only, with stdout empty', async () => {
    const configDir = await studied();
    for (const [args, status] of [
      [['show', '9'], 1],
      [['list', '--bogus'], 2],
      [['done', '1', '--at', 'tomorrow'], 2],
    ] as const) {
      const result = await cli(['--json', ...args], { configDir });
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toMatch(/^error: /);
    }
  });
});

describe('exit 130: Ctrl-C at a prompt', () => {
  const cases: { name: string; args: string[]; answers: unknown[] }[] = [
    { name: 'done, at the summary prompt', args: ['done', '4'], answers: [ctrlC()] },
    { name: 'done, at the time prompt after the summary was answered', args: ['done', '4'], answers: ['pods run as non-root', ctrlC()] },
    { name: 'note, at the summary prompt', args: ['note', '3'], answers: [ctrlC()] },
    { name: 'check, at the checkbox list', args: ['check', '3'], answers: [ctrlC()] },
    { name: 'review of one item, at "recall it"', args: ['review', 'keypoint:control-plane'], answers: [ctrlC()] },
  ];

  it.each(cases.map((entry) => [entry.name, entry] as const))('%s: nothing saved', async (_name, entry) => {
    const configDir = await studied();
    const before = storeSnapshot(configDir);
    const result = await cli(entry.args, { configDir, now: '2026-12-02T10:00', terminal: true, prompts: scriptedPrompts(entry.answers) });
    expect(result.stderr).toBe('cancelled: nothing was saved\n');
    expect(result.status).toBe(130);
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('review, at the second item: the answer already given is kept', async () => {
    const configDir = await studied();
    const result = await cli(['review'], { configDir, now: '2026-12-02T10:00', terminal: true, prompts: scriptedPrompts(['', 'good', ctrlC()]) });
    expect(result.status).toBe(130);
    expect(result.stderr).toMatch(/^cancelled/);
    const disk = readStoreOnDisk(configDir);
    const reviews = disk.events.filter((event) => (event as { kind?: string }).kind === 'review');
    expect(reviews.map((event) => [(event as unknown as { item: string }).item, (event as unknown as { rating: string }).rating])).toEqual([['session:shared-responsibility', 'good']]);
    expect(disk.items['session:shared-responsibility']?.card).not.toBeNull();
    expect(disk.items['keypoint:control-plane']?.card).toBeNull();
  });
});
