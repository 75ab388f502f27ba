import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Streams } from '../src/context.ts';
import { run } from '../src/main.ts';
import { simpleWriteOf } from '../src/simple-writes.ts';
import { cli, readStoreOnDisk, SHIPPED_PLAN, tempDir, testEnv } from './helpers.ts';

// The writes of a study day typed in their plain forms run without commander (src/simple-writes.ts).
// Whatever the line, a person must see exactly what the full program shows, and find the same store.

describe('simpleWriteOf', () => {
  it('takes done, check and review --rating in their plain forms, with every option they have', () => {
    expect(simpleWriteOf(['done', '2', '--summary', 'my words', '--minutes', '1h15m', '--at', 'yesterday'])).toEqual({
      command: 'done',
      session: '2',
      summary: 'my words',
      minutes: '1h15m',
      at: 'yesterday',
      global: { color: true },
    });
    // `-` alone is a value (standard input).
    expect(simpleWriteOf(['done', '2', '--summary', '-', '--json', '--no-color', '--plan', 'p.yaml'])).toEqual({ command: 'done', session: '2', summary: '-', global: { color: false, json: true, plan: 'p.yaml' } });
    expect(simpleWriteOf(['done', 'eks', '--no-summary'])).toMatchObject({ session: 'eks', summary: false });
    expect(simpleWriteOf(['check', '1', '2', '--uncheck', '3'])).toEqual({ command: 'check', session: '1', items: ['2', '3'], uncheck: true, global: { color: true } });
    expect(simpleWriteOf(['review', 'etcd', '--rating', 'good'])).toEqual({ command: 'review', item: 'etcd', rating: 'good', global: { color: true } });
  });

  it.each([
    ['another command', ['next']],
    ['an option before the command', ['--json', 'done', '1']],
    ['help', ['done', '--help']],
    ['-h', ['check', '1', '2', '-h']],
    ['the version', ['done', '1', '--version']],
    ['a value after "="', ['done', '1', '--summary=words']],
    ['an option given twice', ['done', '1', '--minutes', '30', '--minutes', '40']],
    ['--summary and --no-summary', ['done', '1', '--summary', 'x', '--no-summary']],
    ['an option with no value', ['done', '1', '--summary']],
    // commander reads the program's own options wherever they stand, after --summary too.
    ['a value that is the program\'s option', ['done', '1', '--summary', '--json']],
    ['a value that is --no-summary', ['done', '1', '--summary', '--no-summary']],
    ['a value that starts like the version', ['done', '1', '--summary', '-Vx']],
    ['a value that starts with "-"', ['done', '1', '--minutes', '-5']],
    ['an option of another command', ['done', '1', '--uncheck']],
    ['an unknown option', ['done', '1', '--colour']],
    ['--', ['done', '--', '1']],
    ['no session', ['done']],
    ['two sessions', ['done', '1', '2']],
    ['check without numbers (it asks)', ['check', '1']],
    ['a negative number', ['check', '1', '-2']],
    ['review without --rating (a sitting)', ['review', 'etcd']],
    ['review of no item', ['review', '--rating', 'good']],
    ['review --practice', ['review', 'etcd', '--rating', 'good', '--practice']],
    ['--color (only --no-color exists)', ['done', '1', '--color']],
  ])('leaves to the full program: %s', (_name, argv) => {
    expect(simpleWriteOf(argv)).toBeNull();
  });
});

/** Runs a line on a copy of `store`, through the entry as a person does or through the full program only. */
async function runOn(store: string, argv: string[], simpleWrites: boolean, input = '') {
  const configDir = tempDir();
  cpSync(store, configDir, { recursive: true });
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end(input);
  const streams: Streams = { stdout: { isTTY: false, columns: 80, write: (text) => void (stdout += text) }, stderr: { write: (text) => void (stderr += text) }, stdin };
  const status = await run(argv, testEnv(configDir), streams, { simpleWrites });
  const onDisk = readStoreOnDisk(configDir);
  const unplaced = (text: string): string => text.split(configDir).join('<store>');
  return {
    status,
    stdout: unplaced(stdout),
    stderr: unplaced(stderr),
    sessions: onDisk.sessions,
    items: onDisk.items,
    // Every event has an id of its own: the rest must match.
    events: onDisk.events.map(({ id: _id, ...rest }) => rest),
  };
}

describe('a write in its plain form', () => {
  it('prints, exits and stores exactly what the full program does, for good lines and bad ones', async () => {
    const { configDir: store, status } = await cli(['done', '1', '--summary', 'AWS runs the control plane', '--minutes', '40']);
    expect(status).toBe(0);
    expect((await cli(['check', '2', '1'], { configDir: store })).status).toBe(0);
    const lines: [string[], string?][] = [
      [['done', '2', '--summary', 'my own words', '--minutes', '45']],
      [['done', '2', '--no-summary', '--minutes', '1h30m', '--at', 'yesterday']],
      [['done', '2', '--minutes', '45']],
      [['done', '2', '--summary', '-'], 'words from standard input'],
      [['done', '1', '--minutes', '50']],
      [['done', '1', '--summary', 'not saved', '--json']],
      [['done', '2', '--summary', 'x', '--json', '--minutes', '30']],
      [['done', '2', '--plan', SHIPPED_PLAN, '--summary', 'x', '--no-color']],
      [['done', 'no-such-session', '--summary', 'x']],
      [['done', '2', '--minutes', 'soon']],
      [['done', '2', '--at', 'someday']],
      [['done', '2', '--summary', 'x', '--plan', join(store, 'missing.yaml')]],
      [['check', '2', '2', '3']],
      [['check', '2', '1', '--uncheck']],
      [['check', '2', '99']],
      [['check', 'nope', '1']],
      [['check', '2', '1', '--json']],
      [['review', 'session:shared-responsibility', '--rating', 'good']],
      [['review', 'session:shared-responsibility', '--rating', ' EASY ']],
      [['review', 'session:shared-responsibility', '--rating', '3']],
      [['review', 'session:shared-responsibility', '--rating', 'great']],
      [['review', 'term:no-such-term', '--rating', 'good']],
      [['review', 'session:shared-responsibility', '--rating', 'hard', '--json']],
    ];
    for (const [argv, input] of lines) {
      const simple = await runOn(store, argv, true, input);
      const full = await runOn(store, argv, false, input);
      expect(simple, argv.join(' ')).toEqual(full);
    }
    // The lines above are read as plain forms (else this compares the program with itself); those
    // with a value that does not parse then go to the program, which says what is wrong.
    expect(lines.filter(([argv]) => simpleWriteOf(argv) !== null)).toHaveLength(lines.length);
    // And lines commander reads otherwise than a plain form would: left to it, the same again.
    for (const argv of [['done', '2', '--summary', '--json'], ['done', '2', '--summary', '-Vx'], ['done', '2', '--summary', '--no-summary']]) {
      expect(simpleWriteOf(argv), argv.join(' ')).toBeNull();
      expect(await runOn(store, argv, true), argv.join(' ')).toEqual(await runOn(store, argv, false));
    }
  });
});
