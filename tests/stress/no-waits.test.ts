import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SEEDED_NOW, seedProgress, tempDir } from '../helpers.ts';
import { argsOf, COMMANDS, run } from './support.ts';

// Without a terminal, k8s-study never prompts and never waits for input (unless told to read
// standard input with --summary -): each command of the built binary finishes, whether standard
// input is closed (/dev/null) or a pipe that stays open and silent, as in a script or a cron job.
// A hidden wait never ends: the hang guard is long, so that a slow machine is not taken for one.

const HANG_MS = 60_000;

/** Commands that ask on a terminal when an answer is missing, and their exit code without one. */
const ASKING: { args: string[]; withoutTerminal: 0 | 2 }[] = [
  { args: ['done', '4'], withoutTerminal: 0 },
  { args: ['check', '3'], withoutTerminal: 2 },
  { args: ['note', '3'], withoutTerminal: 2 },
  { args: ['review'], withoutTerminal: 2 },
  { args: ['review', 'term:etcd'], withoutTerminal: 2 },
];

describe('no hidden waits without a terminal', () => {
  for (const stdin of ['ignore', 'pipe'] as const) {
    const how = stdin === 'ignore' ? 'standard input closed' : 'standard input an open, silent pipe';

    it(`every command finishes on its own, ${how}`, { timeout: 600_000 }, async () => {
      const scratch = tempDir();
      const seed = join(scratch, 'seed');
      await seedProgress(seed);
      const backup = join(scratch, 'backup.json');
      expect((await cli(['export', '--format', 'json', '-o', backup], { configDir: seed, now: SEEDED_NOW })).status).toBe(0);
      const commands = [[], ...COMMANDS.map((command) => argsOf(command, mkdtempSync(join(scratch, 'out-')), backup)), ...ASKING.map((asking) => asking.args)];
      // A few at a time, each on its own copy of the store.
      for (let start = 0; start < commands.length; start += 4) {
        const batch = commands.slice(start, start + 4);
        const results = await Promise.all(
          batch.map((args, index) => {
            const configDir = join(scratch, `store-${start + index}`);
            cpSync(seed, configDir, { recursive: true });
            return run(args, { configDir, now: SEEDED_NOW, stdin, hangMs: HANG_MS });
          }),
        );
        batch.forEach((args, index) => {
          const result = results[index]!;
          const what = `${args.join(' ')}: ${result.stderr}`;
          expect(result.hung, `${args.join(' ')} waited`).toBe(false);
          const asking = ASKING.find((entry) => entry.args.join(' ') === args.join(' '));
          expect(result.status, what).toBe(asking ? asking.withoutTerminal : 0);
          // One line saying what to pass instead of answering a prompt.
          if (asking?.withoutTerminal === 2) {
            expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
            expect(result.stderr, what).toMatch(/--summary|--rating|item numbers/);
          }
        });
      }
    });
  }

  it('--summary - reads standard input to its end, and only then', { timeout: 600_000 }, async () => {
    const configDir = tempDir();
    // Closed input: an empty summary, refused at once, naming --no-summary.
    const closed = await run(['done', '4', '--summary', '-'], { configDir, now: SEEDED_NOW, stdin: 'ignore', hangMs: HANG_MS });
    expect(closed.hung).toBe(false);
    expect(closed.status).toBe(2);
    expect(closed.stderr).toContain('--no-summary');
    // An open pipe nobody writes to is waited on: the user asked for it. The guard ends it.
    const open = await run(['note', '1', '--summary', '-'], { configDir, now: SEEDED_NOW, stdin: 'pipe', hangMs: 3000 });
    expect(open.hung).toBe(true);
  });
});
