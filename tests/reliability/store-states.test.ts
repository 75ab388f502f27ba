import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_FORMAT } from '../../src/io/store.ts';
import { SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { argsOf, BACKUP_FIXTURE, COMMANDS, runInProcess, seedStore, spawnCli, STACK_TRACE, STORE_FIXTURE, strayFiles } from './support.ts';

// Every state a store can be found in. A store the tool cannot use is never reset or overwritten:
// each command that needs it exits 1 with one line naming the file and the way out.

const FIXTURE_TEXT = readFileSync(STORE_FIXTURE, 'utf8');
const STORE_COMMANDS = COMMANDS.filter((command) => command.store !== 'none');
const WRITERS = COMMANDS.filter((command) => command.store === 'writes');

/** Runs every store command on a store folder whose file must come out byte for byte as it went in. */
async function expectEveryCommandRefuses(configDir: string, file: string, message: RegExp, commands = STORE_COMMANDS): Promise<void> {
  const before = existsSync(file) && statSync(file).isFile() ? readFileSync(file) : null;
  const scratch = tempDir();
  for (const command of commands) {
    const args = argsOf(command, scratch);
    const result = await spawnCli(args, { configDir });
    expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, args.join(' ')).toHaveLength(1);
    expect(lines[0], args.join(' ')).toContain(file);
    expect(lines[0], args.join(' ')).toMatch(message);
    expect(result.stdout, args.join(' ')).toBe('');
    if (before) expect(readFileSync(file).equals(before), `${args.join(' ')} changed the store`).toBe(true);
  }
}

describe('a store the tool cannot use is refused, never overwritten', () => {
  const states: [string, string | Buffer, RegExp][] = [
    ['corrupt JSON', '{"plans": {"k8s-security-fundamentals": {"sessions": {', /is not valid JSON .*left as it is\. Move it aside .*then restore a backup with k8s-study import FILE/],
    ['a truncated store', FIXTURE_TEXT.slice(0, 700), /is not valid JSON/],
    ['an empty file', '', /is not valid JSON \(the file is empty\).*Move it aside/],
    ['binary junk', Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]), /is not valid JSON/],
    ['JSON that is not a store', '[1, 2, 3]', /does not hold a k8s-study store.*Move it aside/],
    ['some other JSON document', '{"name": "my-app", "version": "1.0.0"}', /does not hold a k8s-study store.*Move it aside/],
    ['a backup where the store should be', readFileSync(BACKUP_FIXTURE, 'utf8'), /does not hold a k8s-study store.*It is a backup: move it aside, then restore it with k8s-study import/],
    ['a store whose plans are not an object', '{"plans": [], "__internal__": {"migrations": {"version": "1.0.0"}}}', /"plans" entry that is not an object/],
    [
      'a damaged record (a hand edit, say)',
      FIXTURE_TEXT.replace('"due": "2026-11-28"', '"due": "soon"'),
      /has a record k8s-study cannot use \(plans\["k8s-security-fundamentals"\]\.reviewItems\["session:shared-responsibility"\]: due: is not a calendar day\).*Mend that entry by hand, or move the file aside/,
    ],
    [
      'a store from a newer format',
      JSON.stringify({ plans: {}, __internal__: { migrations: { version: `${STORE_FORMAT + 1}.0.0` } } }),
      new RegExp(`written by a newer k8s-study \\(store format ${STORE_FORMAT + 1}; this one reads up to ${STORE_FORMAT}\\).*Upgrade k8s-study`),
    ],
  ];
  for (const [name, content, message] of states) {
    it(`${name}: exit 1 naming the file and the way out, the file untouched`, async () => {
      const configDir = tempDir();
      const file = join(configDir, 'config.json');
      writeFileSync(file, content);
      await expectEveryCommandRefuses(configDir, file, message);
      expect(strayFiles(configDir)).toEqual([]);
    });
  }

  it('the way out it names works: move the broken store aside, import a backup', async () => {
    const configDir = tempDir();
    const file = join(configDir, 'config.json');
    writeFileSync(file, '{"plans": {');
    expect((await spawnCli(['import', BACKUP_FIXTURE], { configDir })).status).toBe(1);
    renameSync(file, `${file}.broken`);
    const restored = await spawnCli(['import', BACKUP_FIXTURE], { configDir });
    expect(restored.status, restored.stderr).toBe(0);
    const list = await spawnCli(['--json', 'list'], { configDir });
    expect(JSON.parse(list.stdout).progress.done).toBe(2);
    expect(readFileSync(`${file}.broken`, 'utf8')).toBe('{"plans": {');
  });

  it('export never writes over the store or the plan in use, even through a link', async () => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const folder = tempDir();
    const plan = join(folder, 'plan.yaml');
    copyFileSync(SHIPPED_PLAN, plan);
    symlinkSync(plan, join(folder, 'link.yaml'));
    const store = readFileSync(file);
    for (const [target, what] of [[file, 'the store'], [plan, 'the plan file in use'], [join(folder, 'link.yaml'), 'the plan file in use']] as const) {
      for (const format of ['json', 'md', 'ics']) {
        const result = await spawnCli(['--plan', plan, 'export', '--format', format, '-o', target], { configDir });
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr).toContain(`cannot write ${target}: it is ${what}`);
      }
    }
    expect(readFileSync(file).equals(store)).toBe(true);
    expect(readFileSync(plan, 'utf8')).toBe(readFileSync(SHIPPED_PLAN, 'utf8'));
  });

  it('a folder where the store file should be (as root, the way to make it unwritable)', async () => {
    const configDir = tempDir();
    mkdirSync(join(configDir, 'config.json'));
    await expectEveryCommandRefuses(configDir, join(configDir, 'config.json'), /it is a folder, not a file \(EISDIR\).*Move that folder aside/);
  });

  it('a file where the store folder should be', async () => {
    const parent = tempDir();
    const configDir = join(parent, 'not-a-folder');
    writeFileSync(configDir, 'my notes');
    await expectEveryCommandRefuses(configDir, join(configDir, 'config.json'), /a part of its path is a file, not a folder/);
    expect(readFileSync(configDir, 'utf8')).toBe('my notes');
  });

  it('a missing folder is created (mode 0700), with the store in it (mode 0600)', async () => {
    const configDir = join(tempDir(), 'not', 'there', 'yet');
    const result = await spawnCli(['done', '1', '--no-summary'], { configDir });
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(strayFiles(configDir)).toEqual([]);
  });

  it('reading commands on a missing folder create no store', async () => {
    const configDir = join(tempDir(), 'absent');
    const scratch = tempDir();
    for (const command of COMMANDS.filter((candidate) => candidate.store === 'reads')) {
      const result = await spawnCli(argsOf(command, scratch), { configDir });
      expect(result.status, `${command.args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(existsSync(join(configDir, 'config.json'))).toBe(false);
  });
});

describe('a store with any of its values replaced by any JSON', () => {
  // Valid JSON, wrong shapes: what a hand edit or a damaged disk leaves. Every command either works
  // or stops with exit 1 naming the file; none crashes, and none writes over what it refused.
  const fixture = JSON.parse(FIXTURE_TEXT) as Record<string, unknown>;
  const paths = (function all(value: unknown, path: string[]): string[][] {
    const here = path.length > 0 ? [path] : [];
    if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => all(item, [...path, key]))];
    return here;
  })(fixture, []);

  it('never crashes and never overwrites what it refuses', async () => {
    const scratch = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', '2026-02-30', '9999-12-31', -1, [], {})), async (at, value) => {
        const data = structuredClone(fixture);
        const path = paths[at % paths.length] ?? [];
        let node = data as Record<string, unknown>;
        for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
        node[path.at(-1) as string] = value;
        const text = JSON.stringify(data);
        for (const command of STORE_COMMANDS) {
          const configDir = join(scratch, String((run += 1)));
          mkdirSync(configDir);
          const file = join(configDir, 'config.json');
          writeFileSync(file, text);
          const result = await runInProcess(argsOf(command, configDir), { K8S_STUDY_CONFIG_DIR: configDir });
          const what = `${path.join('.')} = ${JSON.stringify(value)}: ${command.args.join(' ')}: ${result.stderr}`;
          expect([0, 1], what).toContain(result.status);
          expect(result.stderr, what).not.toMatch(/unexpected failure/);
          expect(result.stderr, what).not.toMatch(STACK_TRACE);
          if (result.status === 1) {
            // One line; a store it cannot use is named (other refusals, such as a review item the
            // change removed, are about the command line) and left exactly as it was.
            expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
            if (result.stderr.includes('store ')) expect(result.stderr, what).toContain(file);
            expect(readFileSync(file, 'utf8'), what).toBe(text);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

// Read-only and full file systems need a mount. As root, permission bits do not stop writes, so the
// tests mount a small tmpfs (remounted read-only, or filled up). Where mounting is not allowed
// (not root, or a container without CAP_SYS_ADMIN), a non-root user gets a chmod-ed folder for the
// read-only case and the full-disk case is skipped, saying why.
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];

function tryMount(size: string): string | null {
  const point = tempDir('k8s-study-mount-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', point], { stdio: 'ignore' });
    mounts.push(point);
    return point;
  } catch {
    return null;
  }
}

function unmount(point: string): void {
  execFileSync('umount', ['-l', point], { stdio: 'ignore' });
  mounts.splice(mounts.indexOf(point), 1);
}

afterAll(() => {
  for (const point of mounts.splice(0)) execFileSync('umount', ['-l', point], { stdio: 'ignore' });
});

const canMount = (() => {
  if (!isRoot) return false;
  const point = tryMount('64k');
  if (!point) return false;
  unmount(point);
  rmSync(point, { recursive: true, force: true });
  return true;
})();

describe('a store on a file system that cannot be written', () => {
  it.skipIf(!canMount && isRoot)('read-only: writes exit 1 naming the file; reads still work; nothing changes (as root: needs mount privileges)', async () => {
    let configDir: string;
    let file: string;
    let point: string | null = null;
    if (canMount) {
      point = tryMount('1m') as string;
      configDir = join(point, 'store');
      seedStore(configDir);
      file = join(configDir, 'config.json');
      execFileSync('mount', ['-o', 'remount,ro', point], { stdio: 'ignore' });
    } else {
      configDir = tempDir();
      seedStore(configDir);
      file = join(configDir, 'config.json');
      chmodSync(configDir, 0o500);
    }
    try {
      await expectEveryCommandRefuses(configDir, file, /(read-only|permission denied).*or set K8S_STUDY_CONFIG_DIR to a folder that can be written/, WRITERS);
      const list = await spawnCli(['list', '--json'], { configDir });
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout).progress.done).toBe(2);
      // A missing folder on a read-only file system names the real reason, not ENOENT.
      const nested = join(configDir, 'a', 'b');
      const created = await spawnCli(['done', '1', '--no-summary'], { configDir: nested });
      expect(created.status).toBe(1);
      expect(created.stderr).toMatch(/cannot be created: (its file system is read-only \(EROFS\)|permission denied)/);
    } finally {
      if (point) unmount(point);
      else chmodSync(configDir, 0o700);
    }
  });

  it.skipIf(!canMount)('full disk: exit 1 naming the file and "free some disk space"; the old store is intact (needs mount privileges)', async () => {
    const point = tryMount('64k') as string;
    try {
      const configDir = join(point, 'store');
      seedStore(configDir);
      const file = join(configDir, 'config.json');
      // Fill every block that is left.
      try {
        writeFileSync(join(point, 'filler'), Buffer.alloc(1024 * 1024));
      } catch {
        // ENOSPC is the point: the filler took what it could.
      }
      await expectEveryCommandRefuses(configDir, file, /the disk is full \(ENOSPC\).*Free some disk space/, WRITERS);
      expect(strayFiles(configDir)).toEqual([]);
      // A new store on a full disk: the same one line, and no half-written file.
      const fresh = join(point, 'fresh');
      const result = await spawnCli(['done', '1', '--no-summary'], { configDir: fresh });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: store .*fresh\/config\.json could not be written: the disk is full/)]);
      expect(existsSync(join(fresh, 'config.json'))).toBe(false);
      // Space freed: the same command now works.
      rmSync(join(point, 'filler'));
      expect((await spawnCli(['done', '3', '--no-summary'], { configDir })).status).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8')).plans['k8s-security-fundamentals'].sessions['eks-security-architecture'].completedAt).toBeTruthy();
    } finally {
      unmount(point);
    }
  });
});
