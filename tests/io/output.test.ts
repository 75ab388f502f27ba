import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, cli, readStoreOnDisk, tempDir, testEnv, type CliResult } from '../helpers.ts';
import { writePlan } from './support.ts';

// Standard output of a real process (src/io/output.ts): a reader that went away (`| head`) ends the
// run quietly with exit 0; any other failure to write (a full disk behind `>`) is exit 1 with one
// line on standard error, never a silent loss of what was asked for.

/** Runs the built binary with standard output on a file descriptor the test opened. */
function runWithStdout(args: string[], stdout: number | 'pipe', configDir: string, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: testEnv(configDir), stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    onStart?.(child);
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status: status ?? (signal ? -1 : 0), stdout: '', stderr }));
  });
}

describe('standard output that cannot be written', () => {
  it('/dev/full: exit 1 with one line on standard error, for a backup, a cached view and JSON', async () => {
    const { configDir } = await cli(['done', '1', '--summary', 'mine']);
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['export', '--format', 'json'], ['next'], ['next'], ['--json', 'list'], ['export', '--format', 'ics']]) {
        const result = await runWithStdout(args, full, configDir);
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr, args.join(' ')).toBe('error: cannot write to standard output: the disk is full (ENOSPC); only the output is lost, anything the command recorded is saved\n');
      }
    } finally {
      closeSync(full);
    }
  });

  it('a change whose report cannot be printed: exit 1 for the lost report, the change itself kept', async () => {
    const { configDir } = await cli([]);
    const full = openSync('/dev/full', 'w');
    try {
      const result = await runWithStdout(['note', '1', '--summary', 'kept anyway'], full, configDir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('cannot write to standard output');
    } finally {
      closeSync(full);
    }
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('kept anyway');
  });
});

describe('a reader that went away (a closed pipe)', () => {
  it('`list | head -c 10` on a long list: exit 0, nothing on standard error', async () => {
    const planFile = writePlan(tempDir(), { sessions: 2000, keyPointsPerSession: 0 });
    const configDir = tempDir();
    let received = 0;
    const result = await runWithStdout(['--plan', planFile, 'list'], 'pipe', configDir, (child) => {
      child.stdout!.once('data', (chunk: Buffer) => {
        received = chunk.length;
        child.stdout!.destroy();
      });
    });
    expect(received).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('a change run with its output closed before it prints: exit 0, quietly, and the change is kept', async () => {
    const { configDir } = await cli([]);
    const result = await runWithStdout(['note', '1', '--summary', 'nobody read this'], 'pipe', configDir, (child) => child.stdout!.destroy());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('nobody read this');
  });
});
