import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory, resolveStoreFolder, storeDirectory } from '../../src/io/locations.ts';
import { BIN, cli, PLAN_ID, readStoreOnDisk, SHIPPED_PLAN, tempDir } from '../helpers.ts';

// Where the store is (src/io/locations.ts): K8S_STUDY_CONFIG_DIR, else the per-user folder. With
// no home folder there is no per-user folder, and the tool says so rather than keeping progress
// under whatever folder it was run from. A store reached through symbolic links is one store.

const NO_HOME = 'HOME is not set, so there is no per-user folder for the store: set HOME, or K8S_STUDY_CONFIG_DIR to the folder that holds your progress';

/** Runs the built binary from `cwd` with exactly this environment. */
function runFrom(cwd: string, args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, K8S_STUDY_NOW: '2026-12-01T10:00', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('no home folder and no K8S_STUDY_CONFIG_DIR', () => {
  it('storeDirectory and cacheDirectory refuse, saying what to set', () => {
    expect(() => storeDirectory({ HOME: '' })).toThrow(NO_HOME);
    expect(() => storeDirectory({})).toThrow(NO_HOME);
    expect(() => cacheDirectory({ HOME: '' })).toThrow(NO_HOME);
    expect(storeDirectory({ HOME: '', K8S_STUDY_CONFIG_DIR: '/somewhere/store' })).toBe('/somewhere/store');
    expect(cacheDirectory({ HOME: '', K8S_STUDY_CONFIG_DIR: '/somewhere/store' })).toBe('/somewhere/store/cache');
  });

  it('every command that uses the store exits 1 with that one line, and nothing is created in the current folder', () => {
    const cwd = tempDir();
    for (const env of [{ HOME: '' }, {}]) {
      for (const args of [['next'], ['status'], ['done', '1', '--no-summary'], ['note', '1', '--summary', 'x'], ['export', '--format', 'json']]) {
        const result = runFrom(cwd, args, env);
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toBe(`error: ${NO_HOME}\n`);
        expect(result.stdout).toBe('');
      }
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('the in-process run says the same', async () => {
    const result = await cli(['next'], { env: { HOME: '', K8S_STUDY_CONFIG_DIR: undefined } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: ${NO_HOME}\n`);
  });

  it('commands that never open the store still work without a home folder (validate, init, completion)', () => {
    const cwd = tempDir();
    expect(runFrom(cwd, ['completion', 'bash'], { HOME: '' }).status).toBe(0);
    const validate = runFrom(cwd, ['validate', SHIPPED_PLAN], { HOME: '' });
    expect(validate.stderr).toBe('');
    expect(validate.status).toBe(0);
    const init = runFrom(cwd, ['init', join(cwd, 'my-plan.yaml')], { HOME: '' });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['my-plan.yaml']);
  });
});

describe('the per-user folder', () => {
  it('the per-user folder follows the HOME and XDG_CONFIG_HOME of the environment given to the run, not those of the process', () => {
    expect(storeDirectory({ HOME: '', XDG_CONFIG_HOME: '/xdg/config' })).toBe('/xdg/config/k8s-study-nodejs');
    expect(storeDirectory({ HOME: '/home/someone-else' })).toBe('/home/someone-else/.config/k8s-study-nodejs');
    expect(cacheDirectory({ HOME: '/home/someone-else' })).toBe('/home/someone-else/.cache/k8s-study-nodejs');
  });
});

describe('a store reached through symbolic links', () => {
  it('a linked store folder and a linked config.json resolve to the real folder', async () => {
    const real = tempDir();
    expect((await cli(['done', '1', '--no-summary'], { configDir: real })).status).toBe(0);
    const links = tempDir();
    symlinkSync(real, join(links, 'store'));
    mkdirSync(join(links, 'other'));
    symlinkSync(join(real, 'config.json'), join(links, 'other', 'config.json'));
    expect(resolveStoreFolder(join(links, 'store'))).toBe(real);
    expect(resolveStoreFolder(join(links, 'other'))).toBe(real);
    expect(resolveStoreFolder(join(links, 'missing'))).toBe(join(links, 'missing'));
  });

  it('changes made through a linked config.json land in the real store, and the link stays a link', async () => {
    const real = tempDir();
    expect((await cli(['done', '1', '--no-summary'], { configDir: real })).status).toBe(0);
    const other = tempDir();
    symlinkSync(join(real, 'config.json'), join(other, 'config.json'));
    const result = await cli(['note', '2', '--summary', 'through the link'], { configDir: other });
    expect(result.status, result.stderr).toBe(0);
    expect(lstatSync(join(other, 'config.json')).isSymbolicLink()).toBe(true);
    expect(readdirSync(other).filter((name) => name !== 'cache')).toEqual(['config.json']);
    expect(readStoreOnDisk(real).sessions['architecture-cloud-native-gaps']?.summary).toBe('through the link');
    expect(JSON.parse((await cli(['--json', 'show', '2'], { configDir: real })).stdout).summary).toBe('through the link');
  });

  it('a config.json linked to a store that has no root yet: the first change lands where the link points', async () => {
    const real = tempDir();
    const other = tempDir();
    symlinkSync(join(real, 'config.json'), join(other, 'config.json'));
    const result = await cli(['note', '1', '--summary', 'first words'], { configDir: other });
    expect(result.status, result.stderr).toBe(0);
    expect(lstatSync(join(other, 'config.json')).isSymbolicLink()).toBe(true);
    expect(readStoreOnDisk(real, PLAN_ID).sessions['shared-responsibility']?.summary).toBe('first words');
    expect(readFileSync(join(other, 'config.json'), 'utf8')).toBe(readFileSync(join(real, 'config.json'), 'utf8'));
  });
});
