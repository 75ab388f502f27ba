import { describe, expect, it, vi } from 'vitest';
import { cli, readStoreOnDisk, scriptedPrompts, tempDir } from '../helpers.ts';
import { flat, ok, storeSnapshot } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// `note <session>`: --summary, --edit ($EDITOR), --clear, and what is refused with nothing changed.

const summaryOnDisk = (configDir: string): string | null | undefined => readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary;

describe('note --edit', () => {
  it('opens the editor on the summary there is, and saves what was saved there', async () => {
    const configDir = tempDir();
    await ok(['note', '1', '--summary', 'First words.'], { configDir });
    const seen: string[] = [];
    const prompts = scriptedPrompts([
      (text: string) => {
        seen.push(text);
        return `${text}More words.\n`;
      },
    ]);
    const out = flat(await ok(['note', '1', '--edit'], { configDir, terminal: true, prompts }));
    expect(seen).toEqual(['First words.\n']);
    expect(prompts.asked).toEqual(['Your summary of 1. Shared Responsibility and Compute Types']);
    expect(out).toContain('Summary saved for 1. Shared Responsibility and Compute Types: First words. More words.');
    expect(summaryOnDisk(configDir)).toBe('First words.\nMore words.');
  });

  it('starts from an empty file when there is no summary yet', async () => {
    const configDir = tempDir();
    const prompts = scriptedPrompts([(text: string) => `${text === '' ? 'empty' : 'not empty'} before`]);
    await ok(['note', '1', '--edit'], { configDir, terminal: true, prompts });
    expect(summaryOnDisk(configDir)).toBe('empty before');
  });

  it('refuses an emptied file, keeping the summary, and points at --clear', async () => {
    const configDir = tempDir();
    await ok(['note', '1', '--summary', 'Keep me.'], { configDir });
    const result = await cli(['note', '1', '--edit'], { configDir, terminal: true, prompts: scriptedPrompts(['  \n']) });
    expect(result.status).toBe(2);
    expect(flat(result.stderr).trim()).toBe('error: the summary you saved is empty; nothing changed (k8s-study note 1 --clear removes it)');
    expect(summaryOnDisk(configDir)).toBe('Keep me.');
  });

  it('needs a terminal, and is one of --summary, --edit and --clear (exit 2, nothing changed)', async () => {
    const configDir = tempDir();
    await ok(['note', '1', '--summary', 'Keep me.'], { configDir });
    const before = storeSnapshot(configDir);
    const noTerminal = await cli(['note', '1', '--edit'], { configDir });
    expect(noTerminal.status).toBe(2);
    expect(flat(noTerminal.stderr).trim()).toBe('error: note --edit opens your editor, which needs a terminal: give --summary TEXT (or --summary - to read standard input)');
    const both = await cli(['note', '1', '--edit', '--clear'], { configDir, terminal: true });
    expect(both.status).toBe(2);
    expect(flat(both.stderr).trim()).toBe('error: give one of --summary, --edit and --clear, not --clear and --edit');
    expect(storeSnapshot(configDir)).toEqual(before);
  });
});

describe('a summary longer than a record holds', () => {
  it('is refused from standard input, from the editor and from the prompt, and the store stays readable', async () => {
    const configDir = tempDir();
    await ok(['note', '1', '--summary', 'Short.'], { configDir });
    const long = 'a'.repeat(100_001);
    for (const attempt of [
      () => cli(['note', '1', '--summary', '-'], { configDir, input: long }),
      () => cli(['done', '1', '--summary', '-'], { configDir, input: long }),
      () => cli(['note', '1', '--edit'], { configDir, terminal: true, prompts: scriptedPrompts([long]) }),
      () => cli(['note', '2'], { configDir, terminal: true, prompts: scriptedPrompts([long]) }),
    ]) {
      const result = await attempt();
      expect(result.status).toBe(2);
      expect(flat(result.stderr).trim()).toMatch(/is 100,001 characters; a summary holds at most 100,000: keep it to the key points in your own words$/);
    }
    expect(summaryOnDisk(configDir)).toBe('Short.');
    await ok(['show', '1'], { configDir });
    // The most it holds is saved and read back.
    await ok(['note', '1', '--summary', '-'], { configDir, input: 'b'.repeat(100_000) });
    expect(summaryOnDisk(configDir)).toHaveLength(100_000);
    await ok(['show', '1'], { configDir });
  });
});
