import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORE_FORMAT } from '../../src/io/store.ts';
import { cli, ROOT, runBinary, SLOW, tempDir, type CliResult } from '../helpers.ts';
import { expectSameFiles, planFolder, readRoot, snapshot } from './support.ts';

// A store the tool cannot use is never reset or overwritten: every command that needs what is
// damaged exits 1 with one line naming the file and a way out, and every file stays byte for byte
// as it was.

const PLAN = 'k8s-security-fundamentals';
const BACKUP = join(ROOT, 'tests/fixtures/backup-format-1.json');

const READERS = [['next'], ['list'], ['show', '1'], ['due'], ['status'], ['lab'], ['schedule'], ['export', '--format', 'json']];
const WRITERS = [
  ['check', '2', '1'],
  ['done', '3', '--no-summary'],
  ['note', '1', '--summary', 'in my words'],
  ['review', 'term:etcd', '--rating', 'good'],
  ['lab', '2026-12-20'],
  ['import', BACKUP],
];
const EVERY_COMMAND = [...READERS, ...WRITERS];

/** A store with session 1 done and one review logged (2026-12-01 and 02). */
async function studiedStore(): Promise<string> {
  const { configDir, status } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40']);
  expect(status).toBe(0);
  expect((await cli(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' })).status).toBe(0);
  return configDir;
}

function expectRefusal(result: CliResult, args: string[], file: string, message: RegExp): void {
  const what = `${args.join(' ')}: ${result.stderr}`;
  expect(result.status, what).toBe(1);
  expect(result.stdout, what).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toMatch(/^error: store /);
  expect(lines[0], what).toContain(file);
  expect(lines[0], what).toMatch(message);
}

/** Runs commands in-process on a store folder; each must refuse and leave every file as it was. */
async function expectRefused(configDir: string, file: string, message: RegExp, commands = EVERY_COMMAND): Promise<void> {
  const before = snapshot(configDir);
  for (const args of commands) {
    expectRefusal(await cli(args, { configDir, now: '2026-12-03T10:00' }), args, file, message);
    expectSameFiles(configDir, before, args.join(' '));
  }
}

/**
 * Runs commands on a damaged store: a command may work (it never needed what is damaged), but one
 * that exits 1 has changed nothing: its message says the store "was left as it is".
 */
async function expectNoChangeWhenRefused(configDir: string, file: string, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const before = snapshot(configDir);
    const result = await cli(args, { configDir, now: '2026-12-03T10:00' });
    const what = `${args.join(' ')}: ${result.stderr}`;
    expect([0, 1], what).toContain(result.status);
    if (result.status === 1) {
      expect(result.stderr, what).toContain(file);
      expectSameFiles(configDir, before, `${args.join(' ')} exited 1 saying the store was left as it is`);
    }
  }
}

describe('a root the tool cannot use', () => {
  const roots: [string, string | Buffer, RegExp][] = [
    ['corrupt JSON', '{"plans": {"k8s-security-fundamentals": {"sessions": {', /is not valid JSON .*Mend it by hand, or move the whole store folder aside .*restore a backup with k8s-study import FILE/],
    ['an empty file', '', /is not valid JSON \(the file is empty\)/],
    ['binary junk', Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]), /is not valid JSON/],
    [
      'a root from a newer format',
      JSON.stringify({ __internal__: { migrations: { version: `${STORE_FORMAT + 1}.0.0` } }, machine: 'x', generation: 1, journal: { bytes: 0, events: 0 }, plans: {} }),
      new RegExp(`written by a newer k8s-study \\(store format ${STORE_FORMAT + 1}; this one reads up to ${STORE_FORMAT}\\).*Upgrade k8s-study to use it`),
    ],
    [
      'a backup written over config.json',
      readFileSync(BACKUP, 'utf8'),
      /does not hold a k8s-study store.*It is a backup: move it aside, then restore it with k8s-study import FILE/,
    ],
    ['JSON that is no store', '{"name": "my-app", "version": "1.0.0"}', /does not hold a k8s-study store.*Move it aside/],
  ];
  for (const [name, content, message] of roots) {
    it(`${name}: every command exits 1 naming it, nothing is written`, async () => {
      const configDir = tempDir();
      const file = join(configDir, 'config.json');
      writeFileSync(file, content);
      await expectRefused(configDir, file, message);
    });
  }

  it('a root in this format with an entry it cannot use (the committed journal length)', async () => {
    const configDir = await studiedStore();
    const file = join(configDir, 'config.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"bytes": \d+/, '"bytes": -1'));
    await expectRefused(configDir, file, /has an entry k8s-study cannot use \(journal\).*Mend that entry by hand/);
  });

  it('no root, but records and a journal (the root moved aside or lost): a change refuses, keeping them all', async () => {
    for (const leftBehind of ['journal and record files', 'record files only', 'record files and a stray file beside them'] as const) {
      const configDir = await studiedStore();
      const root = join(configDir, 'config.json');
      writeFileSync(`${root}.moved`, readFileSync(root));
      rmSync(root);
      if (leftBehind !== 'journal and record files') rmSync(join(configDir, 'journal.jsonl'));
      // A file the desktop puts in any folder, read before the plans' folders.
      if (leftBehind === 'record files and a stray file beside them') writeFileSync(join(configDir, 'plans', '.DS_Store'), 'x');
      const before = snapshot(configDir);
      for (const args of [['done', '2', '--summary', 'after'], ['lab', '2026-12-20'], ['check', '3', '1'], ['import', BACKUP]]) {
        const result = await cli(args, { configDir, now: '2026-12-03T10:00' });
        const what = `${leftBehind}, ${args.join(' ')}: ${result.stderr}`;
        expect(result.status, what).toBe(1);
        expect(result.stderr, what).toMatch(/holds records \((journal\.jsonl, )?plans\/\) but no config\.json: nothing was changed, so that they are kept\. Put back the config\.json you moved aside/);
        expectSameFiles(configDir, before, what);
      }
      // Put back, everything is there.
      writeFileSync(root, readFileSync(`${root}.moved`));
      rmSync(`${root}.moved`);
      const status = JSON.parse((await cli(['--json', 'status'], { configDir, now: '2026-12-03T10:00' })).stdout) as { progress: { done: number } };
      expect(status.progress.done, leftBehind).toBe(1);
    }
  });

  it('a root naming a record file that is missing', async () => {
    const configDir = await studiedStore();
    const name = readRoot(configDir).plans[PLAN]!.sessionFiles[0]!;
    rmSync(join(planFolder(configDir, PLAN), name));
    const message = new RegExp(`names ${join(planFolder(configDir, PLAN), name)}, which is missing.*move the whole store folder aside`);
    // Every command that reads the sessions refuses. `lab DATE` and `review` need only the root or
    // an item shard to make their change, which they may do: see the next test.
    await expectRefused(configDir, join(configDir, 'config.json'), message, EVERY_COMMAND.filter((args) => !(args[0] === 'lab' && args[1]) && args[0] !== 'review'));
    await expectNoChangeWhenRefused(configDir, join(configDir, 'config.json'), EVERY_COMMAND);
  });

  it('a folder where config.json should be', async () => {
    const configDir = tempDir();
    mkdirSync(join(configDir, 'config.json'));
    await expectRefused(configDir, join(configDir, 'config.json'), /it is a folder, not a file.*Move it aside/);
  });

  it('a FIFO where config.json should be: refused at once, never waited on (the built binary)', async () => {
    const configDir = tempDir();
    const file = join(configDir, 'config.json');
    execFileSync('mkfifo', [file]);
    for (const args of [['next'], ['status'], ['done', '1', '--no-summary'], ['export', '--format', 'json']]) {
      // A read that waited for a writer to open the FIFO would hang until the helper's time limit.
      const result = runBinary(args, { configDir });
      expectRefusal(result, args, file, /is not a regular file \(a device, a pipe or a socket\).*Move it aside/);
    }
  });
});

describe('a damaged record in a record file', () => {
  const cases: { name: string; file: 'sessions' | 'items'; edit: (text: string) => string; message: RegExp; readers: string[][] }[] = [
    {
      name: 'a stability of 1e308',
      file: 'items',
      edit: (text) => text.replace(/("term:etcd":\{.*?"stability":)[0-9.e+-]+/, '$11e308'),
      message: /has a record k8s-study cannot use \("term:etcd": card\.stability: is not a number from 0 to 1000000\)/,
      readers: [['next'], ['due'], ['status'], ['review', 'term:etcd', '--rating', 'good'], ['done', '2', '--no-summary']],
    },
    {
      name: 'a due day of 9999-12-31',
      file: 'items',
      edit: (text) => text.replace(/("session:shared-responsibility":\{.*?"due":)"[0-9-]+"/, '$1"9999-12-31"'),
      message: /has a record k8s-study cannot use \("session:shared-responsibility": due: is not a calendar day\)/,
      readers: [['next'], ['due'], ['status'], ['export', '--format', 'json'], ['review', 'term:etcd', '--rating', 'good']],
    },
    {
      name: 'minutes of -5',
      file: 'sessions',
      edit: (text) => text.replace('"minutesSpent":40', '"minutesSpent":-5'),
      message: /has a record k8s-study cannot use \("shared-responsibility": minutesSpent: is not a number of minutes from 0 to 525600\)/,
      readers: [['next'], ['list'], ['show', '1'], ['status'], ['schedule'], ['check', '2', '1'], ['note', '1', '--summary', 'x'], ['done', '3', '--no-summary']],
    },
  ];
  for (const { name, file, edit, message, readers } of cases) {
    it(`${name}: the commands that read it exit 1 naming the file; no command writes over it`, async () => {
      const configDir = await studiedStore();
      const entry = readRoot(configDir).plans[PLAN]!;
      const path = join(planFolder(configDir, PLAN), file === 'sessions' ? entry.sessionFiles[0]! : entry.itemFiles[0]!);
      const damaged = edit(readFileSync(path, 'utf8'));
      expect(damaged).not.toBe(readFileSync(path, 'utf8'));
      writeFileSync(path, damaged);
      await expectRefused(configDir, path, new RegExp(`${message.source}.*it was left as it is\\. Mend that entry by hand, or move the store aside and restore a backup`), readers);
      // The others may run (they never read that file); none writes over it.
      await expectNoChangeWhenRefused(configDir, path, EVERY_COMMAND);
      expect(readFileSync(path, 'utf8')).toBe(damaged);
    });
  }
});

describe('a journal line that is not JSON', () => {
  const JOURNAL_READERS = [['status'], ['export', '--format', 'json'], ['import', BACKUP]];

  /** The store, its journal, and where its second line (the review) starts. */
  async function withReviewLine(): Promise<{ configDir: string; journal: string; start: number; line: string }> {
    const configDir = await studiedStore();
    const journal = join(configDir, 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    const start = Buffer.byteLength(text.slice(0, text.indexOf('\n') + 1));
    const line = text.slice(text.indexOf('\n') + 1).split('\n')[0]!;
    expect(JSON.parse(line).kind).toBe('review');
    return { configDir, journal, start, line };
  }

  it('a damaged event: the commands that read the journal exit 1 naming the file and the byte; next and due still work', async () => {
    const { configDir, journal, start, line } = await withReviewLine();
    const text = readFileSync(journal, 'utf8');
    // The same length: the committed length in the root still fits.
    writeFileSync(journal, text.replace(line, line.replace('"rating":"good"', '"rating":good!!')));
    expect(readFileSync(journal).length).toBe(Buffer.byteLength(text));
    await expectRefused(configDir, journal, new RegExp(`has a line that is not JSON at byte ${start} .*Mend or remove that line by hand`), JOURNAL_READERS);
    for (const args of [['next'], ['due'], ['list']]) expect((await cli(args, { configDir, now: '2026-12-03T10:00' })).status, args.join(' ')).toBe(0);
  });

  it('a line of junk where an event was: refused the same, not skipped (a review would vanish from history and backups)', async () => {
    const { configDir, journal, start, line } = await withReviewLine();
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, text.replace(line, 'x'.repeat(Buffer.byteLength(line))));
    await expectRefused(configDir, journal, new RegExp(`has a line that is not JSON at byte ${start}`), JOURNAL_READERS);
  });
});

describe('a store folder that cannot be made', () => {
  // Under /proc nothing can be created, and the system says ENOENT for it: Node 20's recursive mkdir
  // looped for ever there, so every command, --version included, hung at full CPU.
  it.runIf(process.platform === 'linux')('under /proc: reading commands answer, writers exit 1 naming the folder, none hangs', { timeout: 4 * SLOW }, () => {
    const configDir = '/proc/k8s-study-cannot-exist';
    for (const args of [['--version'], ['next'], ['due'], ['status']]) {
      const result = runBinary(args, { configDir });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const done = runBinary(['done', '1', '--no-summary'], { configDir });
    expect(done.status).toBe(1);
    expect(done.stderr).toMatch(/^error: store \/proc\/k8s-study-cannot-exist\/config\.json cannot be created .*set K8S_STUDY_CONFIG_DIR to a folder that can be written\.\n$/);
  });
});
