import { describe, expect, it, vi } from 'vitest';
import { cli, readStoreOnDisk, scriptedPrompts } from './helpers.ts';

vi.mock('../src/io/prompts.ts', () => import('./prompts-double.ts'));

describe('smoke', () => {
  it('runs the study loop in-process', async () => {
    const first = await cli(['next']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Next: 1. Shared Responsibility');
    const done = await cli(['done', '1', '--summary', 'mine', '--minutes', '1h10m'], { configDir: first.configDir });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    const disk = readStoreOnDisk(first.configDir);
    expect(disk.sessions['shared-responsibility']?.minutesSpent).toBe(70);
    const asked = await cli(['done', '2'], { configDir: first.configDir, terminal: true, prompts: scriptedPrompts(['my words', '45']) });
    expect(asked.stderr).toBe('');
    expect(readStoreOnDisk(first.configDir).sessions['architecture-cloud-native-gaps']?.summary).toBe('my words');
  });
});
