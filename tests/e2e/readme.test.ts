import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBinary, SLOW, tempDir } from '../helpers.ts';

// What the README tells a newcomer to type works as it says.

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

/** The command lines of the first ```sh block after a heading, comments removed. */
function commandsUnder(heading: string): string[] {
  const section = README.slice(README.indexOf(`\n## ${heading}\n`));
  expect(section.length, heading).toBeLessThan(README.length);
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('README', () => {
  it('quick start: `npm ci && npx k8s-study next`, then `npm test`, and each of them exists', { timeout: SLOW }, () => {
    expect(commandsUnder('Quick start')).toEqual(['npm ci && npx k8s-study next', 'npm test']);
    // npm ci installs from the lockfile and builds through `prepare`...
    expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
    expect(PACKAGE.scripts.prepare).toMatch(/scripts\/build\.mjs/);
    // ...so that npx finds the package's own binary, which runs `next`.
    expect(PACKAGE.bin['k8s-study']).toBeDefined();
    expect(existsSync(join(ROOT, PACKAGE.bin['k8s-study']!))).toBe(true);
    const next = runBinary(['next'], { configDir: tempDir() });
    expect(next.status).toBe(0);
    expect(next.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
    // `npm test` is the test suite (vitest), and what the development notes and CI run too.
    expect(PACKAGE.scripts.test).toBe('vitest run');
    const development = readFileSync(join(ROOT, 'docs/development.md'), 'utf8');
    for (const command of ['npm test', 'npm ci', 'npm run lint', 'npm run typecheck', 'npm run test:stress', 'npm run bench']) expect(development, command).toContain(command);
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test\b/m);
    for (const script of ['lint', 'typecheck', 'build']) expect(PACKAGE.scripts[script], script).toBeDefined();
  });

  it('"A study day": the commands it shows run one after another as described', { timeout: SLOW }, () => {
    const lines = commandsUnder('A study day');
    expect(lines).toEqual(['k8s-study next', 'k8s-study check 1 1 2', 'k8s-study done 1', 'k8s-study lab 2026-12-15', 'k8s-study due', 'k8s-study review', 'k8s-study status']);
    const configDir = tempDir();
    // The day of study, then "a day later" for what is due.
    const now = (line: string): string => (/ (due|review|status)$/.test(line) ? '2026-12-02T10:00' : '2026-12-01T10:00');
    const outputs = lines.map((line) => runBinary(line.split(' ').slice(1), { configDir, now: now(line) }));
    outputs.forEach((result, index) => {
      // `review` asks on a terminal; without one it says how to rate an item instead.
      if (lines[index] === 'k8s-study review') expect(result.status).toBe(2);
      else expect(result.status, `${lines[index]}: ${result.stderr}`).toBe(0);
    });
    expect(outputs[0]!.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(outputs[1]!.stdout).toMatch(/\[x\] 1\.[\s\S]*\[x\] 2\./);
    expect(outputs[2]!.stdout).toContain('✔ Done: 1. Shared Responsibility and Compute Types');
    expect(outputs[3]!.stdout).toContain('Lab date set.');
    expect(outputs[4]!.stdout).toMatch(/Due now: 8 review items/);
    expect(outputs[5]!.stderr).toMatch(/review asks on a terminal/);
    expect(outputs[6]!.stdout).toMatch(/1 of 5 sessions done/);
  });

  it('has a row for every command in --help, and none that --help lacks; every command has an example in its own --help', { timeout: SLOW }, () => {
    const table = README.slice(README.indexOf('| command | what it does |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = rows.map((row) => /^\| `([a-z]+)/.exec(row)?.[1]);
    const help = runBinary(['--help'], { configDir: tempDir() }).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(documented).toEqual(commands);
    for (const command of commands) expect(runBinary([command!, '--help'], { configDir: tempDir() }).stdout, command).toMatch(new RegExp(`Example:\\n {2}\\$ k8s-study ${command}`));
  });
});
