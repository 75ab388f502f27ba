import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.ts';

describe('README', () => {
  it('has a row with an example for every command in --help, and none that --help lacks', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| command | what it does | example |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = rows.map((row) => {
      const [, command, , example] = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      expect(example, row).toMatch(/k8s-study /);
      return /^`([a-z]+)/.exec(command ?? '')?.[1];
    });
    const help = runCli(['--help'], { configDir: tempDir() }).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(documented).toEqual(commands);
  });
});
