import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, runBinary, SHIPPED_PLAN, tempDir, testEnv } from '../helpers.ts';

// The files `export` writes and `import`, `validate` and `--plan` read (src/io/export-file.ts, and
// the plan reader): anything but a regular file is refused at once, never waited on or read without
// end; an export is a new private file put in place atomically, never written through a link or
// over the store or the plan in use.

const BACKUP = join(ROOT, 'tests/fixtures/backup-format-1.json');

function fifoIn(folder: string, name = 'pipe'): string {
  const path = join(folder, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('reading what is not a regular file', () => {
  // The built binary, so that a read that waited would be ended by the helper's time limit (exit -1)
  // instead of hanging the test run.
  it('import /dev/zero, import FIFO, import a folder: exit 1 at once naming the file; nothing imported', () => {
    const configDir = tempDir();
    const fifo = fifoIn(tempDir());
    for (const [file, why] of [
      ['/dev/zero', 'it is not a regular file (a device, a pipe or a socket)'],
      [fifo, 'it is not a regular file (a device, a pipe or a socket)'],
      [tempDir(), 'it is a folder, not a file'],
    ] as const) {
      const result = runBinary(['import', file], { configDir });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toBe(`error: ${file} cannot be read (${why}); nothing was imported\n`);
    }
    expect(readdirSync(configDir).filter((name) => name !== 'cache')).toEqual([]);
  });

  it('--plan /dev/zero, --plan FIFO, validate FIFO, validate /dev/urandom: exit 1 at once naming the plan', () => {
    const configDir = tempDir();
    const fifo = fifoIn(tempDir(), 'plan.yaml');
    for (const args of [['--plan', '/dev/zero', 'next'], ['--plan', fifo, 'list'], ['--plan', '/dev/zero', 'done', '1'], ['validate', fifo], ['validate', '/dev/urandom']]) {
      const plan = args[1]!;
      const result = runBinary(args, { configDir });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stderr).toBe(`error: cannot read plan ${plan}: it is not a regular file (a device, a pipe or a socket)\n`);
      expect(result.stdout).toBe('');
    }
  });

  it('a backup over the size limit is refused before it is read (a sparse file of 600 MiB)', async () => {
    const file = join(tempDir(), 'huge.json');
    execFileSync('truncate', ['-s', '600M', file]);
    const result = await cli(['import', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: ${file} is over the 512 MiB limit for backups; nothing was imported\n`);
  });
});

describe('writing an export', () => {
  it('is a new file with mode 0600 and no temporary file beside it', async () => {
    const folder = tempDir();
    const file = join(folder, 'backup.json');
    writeFileSync(file, 'an older export', { mode: 0o644 });
    const result = await cli(['export', '--format', 'json', '-o', file]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('k8s-study-backup');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['backup.json']);
  });

  it('replaces a link at -o FILE, never writing through it', async () => {
    const folder = tempDir();
    const target = join(folder, 'notes.md');
    writeFileSync(target, 'my own notes');
    symlinkSync(target, join(folder, 'journal.md'));
    const result = await cli(['export', '--format', 'md', '-o', join(folder, 'journal.md')]);
    expect(result.status, result.stderr).toBe(0);
    expect(lstatSync(join(folder, 'journal.md')).isFile()).toBe(true);
    expect(readFileSync(join(folder, 'journal.md'), 'utf8')).toMatch(/^# Kubernetes Security Fundamentals: study journal/);
    expect(readFileSync(target, 'utf8')).toBe('my own notes');
  });

  it('never writes over the store or the plan in use, even through a link', async () => {
    const { configDir } = await cli(['done', '1', '--no-summary']);
    const folder = tempDir();
    const plan = join(folder, 'plan.yaml');
    writeFileSync(plan, readFileSync(SHIPPED_PLAN));
    symlinkSync(plan, join(folder, 'link.yaml'));
    const store = readFileSync(join(configDir, 'config.json'));
    for (const [target, what] of [
      [join(configDir, 'config.json'), 'the store'],
      [plan, 'the plan file in use'],
      [join(folder, 'link.yaml'), 'the plan file in use'],
    ] as const) {
      const result = await cli(['--plan', plan, 'export', '--format', 'json', '-o', target], { configDir });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(`cannot write ${target}: it is ${what}`);
    }
    expect(readFileSync(join(configDir, 'config.json')).equals(store)).toBe(true);
    expect(readFileSync(plan).equals(readFileSync(SHIPPED_PLAN))).toBe(true);
  });

  it('a missing folder or a folder at -o: exit 1 saying so, nothing created', async () => {
    const folder = tempDir();
    const missing = await cli(['export', '--format', 'ics', '-o', join(folder, 'nope', 'study.ics')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`error: cannot write ${join(folder, 'nope', 'study.ics')}: the folder ${join(folder, 'nope')} does not exist\n`);
    mkdirSync(join(folder, 'study.ics'));
    const onFolder = await cli(['export', '--format', 'ics', '-o', join(folder, 'study.ics')]);
    expect(onFolder.status).toBe(1);
    expect(onFolder.stderr).toContain('it is a folder; name a file in it');
    expect(readdirSync(folder)).toEqual(['study.ics']);
  });

  it('a FIFO at -o is written to, not replaced', async () => {
    const folder = tempDir();
    const fifo = fifoIn(folder, 'out.json');
    const configDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'export', '--format', 'json', '-o', fifo], { env: testEnv(configDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let read = '';
    for await (const chunk of createReadStream(fifo)) read += String(chunk);
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(JSON.parse(read).format).toBe('k8s-study-backup');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a backup export then import restores the same progress', async () => {
    const { configDir } = await cli(['import', BACKUP]);
    const file = join(tempDir(), 'backup.json');
    expect((await cli(['export', '--format', 'json', '-o', file], { configDir })).status).toBe(0);
    const restored = await cli(['import', file]);
    expect(restored.status, restored.stderr).toBe(0);
    const [before, after] = await Promise.all([cli(['--json', 'list'], { configDir }), cli(['--json', 'list'], { configDir: restored.configDir })]);
    expect(after.stdout).toBe(before.stdout);
  });
});
