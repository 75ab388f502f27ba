import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { argsOf, ASKING_COMMANDS, COMMANDS, seedStore, spawnCli } from './support.ts';

// Without a terminal, k8s-study never prompts and never waits for input (unless told to read
// standard input with --summary -): each command finishes, whether standard input is closed
// (/dev/null) or a pipe that stays open and silent, as in a script or a cron job.

/** A hidden wait never ends; this only has to be longer than the slowest honest run on a busy CI. */
const LIMIT_MS = 20_000;

describe('no hidden waits without a terminal', () => {
  for (const stdin of ['ignore', 'pipe'] as const) {
    const how = stdin === 'ignore' ? 'standard input closed' : 'standard input an open, silent pipe';
    it(`every command finishes on its own, ${how}`, async () => {
      const configDir = tempDir();
      seedStore(configDir);
      const scratch = tempDir();
      const commands = [[], ...COMMANDS.map((command) => argsOf(command, scratch))];
      const runs: { args: string[]; result: Awaited<ReturnType<typeof spawnCli>> }[] = [];
      // A few at a time, so that a slow machine is not mistaken for a wait.
      for (let start = 0; start < commands.length; start += 6) {
        const batch = commands.slice(start, start + 6);
        runs.push(...(await Promise.all(batch.map(async (args) => ({ args, result: await spawnCli(args, { configDir, stdin, timeoutMs: LIMIT_MS }) })))));
      }
      for (const { args, result } of runs) {
        expect(result.timedOut, `${args.join(' ')} waited`).toBe(false);
        expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.status);
      }
    });

    it(`a command that would ask on a terminal does not, ${how}`, async () => {
      const configDir = tempDir();
      seedStore(configDir);
      for (const { args, withoutTerminal } of ASKING_COMMANDS) {
        const result = await spawnCli(args, { configDir, stdin, timeoutMs: LIMIT_MS });
        expect(result.timedOut, `${args.join(' ')} waited`).toBe(false);
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(withoutTerminal);
        if (withoutTerminal === 2) {
          // One line saying what to pass instead of answering a prompt.
          expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
          expect(result.stderr, args.join(' ')).toMatch(/--summary|--rating|item numbers/);
        }
      }
    });
  }

  it('--summary - reads standard input to its end, and only then', async () => {
    const configDir = tempDir();
    // Closed input: an empty summary, refused at once (as `note` does), naming --no-summary.
    const closed = await spawnCli(['done', '4', '--summary', '-'], { configDir, stdin: 'ignore', timeoutMs: LIMIT_MS });
    expect(closed.timedOut).toBe(false);
    expect(closed.status).toBe(2);
    expect(closed.stderr).toContain('--no-summary');
    // An open pipe nobody writes to is waited on: the user asked for it. It is killed by the limit.
    const open = await spawnCli(['note', '1', '--summary', '-'], { configDir, stdin: 'pipe', timeoutMs: 1500 });
    expect(open.timedOut).toBe(true);
  });
});
