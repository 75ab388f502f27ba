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
    expect(commandsUnder('Development')).toEqual(expect.arrayContaining(['npm test', 'npm ci', 'npm run lint', 'npm run typecheck']));
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test\b/m);
    for (const script of ['lint', 'typecheck', 'build']) expect(PACKAGE.scripts[script], script).toBeDefined();
  });

  it('"A study day": the commands it shows run one after another as described', { timeout: SLOW }, () => {
    const lines = commandsUnder('A study day with k8s-study');
    expect(lines).toEqual(['k8s-study next', 'k8s-study check 1 1 2', 'k8s-study done 1', 'k8s-study next']);
    const configDir = tempDir();
    const outputs = lines.map((line) => {
      const result = runBinary(line.split(' ').slice(1), { configDir });
      expect(result.status, `${line}: ${result.stderr}`).toBe(0);
      return result.stdout;
    });
    expect(outputs[0]).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(outputs[1]).toMatch(/\[x\] 1\.[\s\S]*\[x\] 2\./);
    expect(outputs[2]).toContain('✔ Done: 1. Shared Responsibility and Compute Types');
    expect(outputs[3]).toContain('Next: 2. Security Architecture Example and Cloud Native Gaps');
  });

  it('has a row with an example for every command in --help, and none that --help lacks', { timeout: SLOW }, () => {
    const table = README.slice(README.indexOf('| command | what it does | example |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = rows.map((row) => {
      const [, command, , example] = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      const name = /^`([a-z]+)/.exec(command ?? '')?.[1];
      expect(example, row).toMatch(new RegExp(`k8s-study ${name}\\b`));
      return name;
    });
    const help = runBinary(['--help'], { configDir: tempDir() }).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(documented).toEqual(commands);
  });
});
