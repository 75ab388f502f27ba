import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileProblem, readRegularFile, readTextIfExists, writeFileAtomic } from '../../src/io/files.ts';
import { tempDir } from '../helpers.ts';
import { bundleOf, removeBundles, runNodeScript } from './support.ts';

// The reads and writes every other module builds on (src/io/files.ts): a read never waits on a FIFO
// or a device and never reads past its cap; a write is atomic, private to the user, and replaces a
// link rather than writing through it.

afterAll(removeBundles);

/** Calls readRegularFile on each path in a child process (a read that blocks would hang it, not the tests). */
async function readInChild(paths: string[], maxBytes: number): Promise<Record<string, { ok: true; bytes: number } | { ok: false; reason: string; message: string }>> {
  const bundle = await bundleOf('src/io/files.ts');
  const script = `
    const { readRegularFile } = require(${JSON.stringify(bundle)});
    const results = {};
    for (const path of ${JSON.stringify(paths)}) {
      try { results[path] = { ok: true, bytes: readRegularFile(path, ${maxBytes}).length }; }
      catch (error) { results[path] = { ok: false, reason: error.reason, message: error.message }; }
    }
    process.stdout.write(JSON.stringify(results));`;
  const child = await runNodeScript(script);
  expect(child.hung, `a read waited: ${child.stderr}`).toBe(false);
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout);
}

describe('readRegularFile', () => {
  it('refuses a FIFO, /dev/zero, /dev/urandom and a folder without waiting on them', async () => {
    const folder = tempDir();
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const results = await readInChild([fifo, '/dev/zero', '/dev/urandom', folder], 1024 * 1024);
    expect(results[fifo]).toEqual({ ok: false, reason: 'not-a-file', message: 'it is not a regular file (a device, a pipe or a socket)' });
    expect(results['/dev/zero']).toMatchObject({ ok: false, reason: 'not-a-file' });
    expect(results['/dev/urandom']).toMatchObject({ ok: false, reason: 'not-a-file' });
    expect(results[folder]).toEqual({ ok: false, reason: 'not-a-file', message: 'it is a folder, not a file' });
  });

  it('refuses a symbolic link to a FIFO the same way', async () => {
    const folder = tempDir();
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    symlinkSync(join(folder, 'pipe'), join(folder, 'link.json'));
    expect((await readInChild([join(folder, 'link.json')], 1024))[join(folder, 'link.json')]).toMatchObject({ ok: false, reason: 'not-a-file' });
  });

  it('reads a regular file whole, up to and including its cap; one byte more is refused unread', () => {
    const folder = tempDir();
    const file = join(folder, 'data');
    const text = 'ünïcødé '.repeat(1000);
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    expect(readRegularFile(file, size).toString('utf8')).toBe(text);
    expect(() => readRegularFile(file, size - 1)).toThrow(FileProblem);
    try {
      readRegularFile(file, size - 1);
    } catch (error) {
      expect(error).toMatchObject({ reason: 'too-large' });
      expect((error as Error).message).toMatch(/^it is 11\.\d KiB, over the 11\.\d KiB limit$/);
    }
    writeFileSync(file, '');
    expect(readRegularFile(file, 0).length).toBe(0);
  });

  it('reads a large file (several read chunks) exactly', () => {
    const file = join(tempDir(), 'large');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 31) % 251;
    writeFileSync(file, bytes);
    expect(readRegularFile(file, bytes.length).equals(bytes)).toBe(true);
  });

  it('says why a file cannot be read: missing, a path through a file, no permission', () => {
    const folder = tempDir();
    expect(() => readRegularFile(join(folder, 'absent'), 10)).toThrow(expect.objectContaining({ reason: 'missing', code: 'ENOENT' }));
    expect(readTextIfExists(join(folder, 'absent'), 10)).toBeNull();
    writeFileSync(join(folder, 'file'), 'x');
    expect(() => readRegularFile(join(folder, 'file', 'inside'), 10)).toThrow(expect.objectContaining({ reason: 'unreadable', code: 'ENOTDIR', message: 'a part of its path is not a folder (ENOTDIR)' }));
  });
});

describe('writeFileAtomic', () => {
  it('creates a file with mode 0600, owned by whoever runs it, and leaves no temporary file', () => {
    const folder = tempDir();
    const file = join(folder, 'config.json');
    writeFileAtomic(file, '{"a": 1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}\n');
    const stat = statSync(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(process.getuid!());
    expect(readdirSync(folder)).toEqual(['config.json']);
  });

  it("replaces a file as a new one: another user's file, or a file open to others, becomes the runner's own with mode 0600", () => {
    const folder = tempDir();
    const file = join(folder, 'config.json');
    writeFileSync(file, 'old', { mode: 0o666 });
    if (process.getuid!() === 0) chownSync(file, 12345, 12345);
    const before = statSync(file).ino;
    writeFileAtomic(file, 'new');
    const stat = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(stat.ino).not.toBe(before);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(process.getuid!());
  });

  it('replaces a symbolic link at the path with a file, never writing through it into its target', () => {
    const folder = tempDir();
    const target = join(folder, 'someone-elses.txt');
    writeFileSync(target, 'precious', { mode: 0o644 });
    const link = join(folder, 'export.json');
    symlinkSync(target, link);
    writeFileAtomic(link, 'mine');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('mine');
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  it('a dangling link is replaced too, and nothing is created where it pointed', () => {
    const folder = tempDir();
    const link = join(folder, 'out.json');
    symlinkSync(join(folder, 'elsewhere', 'nothing.json'), link);
    writeFileAtomic(link, 'mine');
    expect(readFileSync(link, 'utf8')).toBe('mine');
    expect(existsSync(join(folder, 'elsewhere'))).toBe(false);
  });

  it('fails without leaving a temporary file when the target cannot be replaced (a folder is there)', () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'config.json'));
    expect(() => writeFileAtomic(join(folder, 'config.json'), 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(readdirSync(folder)).toEqual(['config.json']);
  });
});
