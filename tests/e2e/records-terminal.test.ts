import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStoreOnDisk, SLOW, tempDir } from '../helpers.ts';
import { KEYS, startTerminal } from './pty.ts';

// Correcting records on a real pseudo-terminal: `note --edit` with a real editor program, and the
// question a clock forgotten past the end of its study day asks.

/** An "editor": a script that replaces the word "draft" with "final" in the file it is given, and adds a line. */
function scriptedEditor(folder: string): string {
  const file = join(folder, 'editor.sh');
  writeFileSync(file, '#!/bin/sh\nsed -i "s/draft/final/" "$1"\nprintf "%s\\n" "Added in the editor." >> "$1"\n');
  chmodSync(file, 0o700);
  return file;
}

describe('records on a real terminal', () => {
  it('note --edit opens $EDITOR on the summary and saves what was written there', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const env = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00', EDITOR: scriptedEditor(configDir) };
    const first = startTerminal(['note', '1', '--summary', 'A draft of my notes.'], env);
    expect(await first.exited).toBe(0);
    const terminal = startTerminal(['note', '1', '--edit'], env);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('Summary saved for 1. Shared Responsibility and Compute Types:');
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('A final of my notes.\nAdded in the editor.');
  });

  it('note --edit keeps what the editor saved exactly, characters outside ASCII and short text alike', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const base = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00' };
    expect(await startTerminal(['note', '1', '--summary', 'café ünïcode ✓'], base).exited).toBe(0);
    for (const saved of ['RBAC über alles ✓ — 安全', 'ok']) {
      const editor = join(configDir, 'writes.sh');
      writeFileSync(editor, `#!/bin/sh\nprintf '%s\\n' '${saved}' > "$1"\n`);
      chmodSync(editor, 0o700);
      const terminal = startTerminal(['note', '1', '--edit'], { ...base, EDITOR: editor });
      expect(await terminal.exited, terminal.screen()).toBe(0);
      expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe(saved);
    }
  });

  it('note --edit refuses an emptied file, or one of spaces only, and keeps the summary', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const emptier = join(configDir, 'empty.sh');
    writeFileSync(emptier, '#!/bin/sh\n: > "$1"\n');
    chmodSync(emptier, 0o700);
    const env = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00', EDITOR: emptier };
    expect(await startTerminal(['note', '1', '--summary', 'Keep me.'], env).exited).toBe(0);
    const terminal = startTerminal(['note', '1', '--edit'], env);
    expect(await terminal.exited).toBe(2);
    expect(terminal.screen().replace(/\s+/g, ' ')).toContain('the summary you saved is empty; nothing changed (k8s-study note 1 --clear removes it)');
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('Keep me.');
    const spaces = join(configDir, 'spaces.sh');
    writeFileSync(spaces, '#!/bin/sh\nprintf "  \\n" > "$1"\n');
    chmodSync(spaces, 0o700);
    const blank = startTerminal(['note', '1', '--edit'], { ...env, EDITOR: spaces });
    expect(await blank.exited).toBe(2);
    expect(blank.screen().replace(/\s+/g, ' ')).toContain('the summary you saved is empty; nothing changed');
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('Keep me.');
  });

  it('note --edit with an editor that cannot start says so and exits; one that quits with an error cancels', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const quitting = join(configDir, 'quit.sh');
    writeFileSync(quitting, '#!/bin/sh\necho "changed" > "$1"\nexit 3\n');
    chmodSync(quitting, 0o700);
    const base = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00' };
    expect(await startTerminal(['note', '1', '--summary', 'Keep me.'], base).exited).toBe(0);
    const missing = startTerminal(['note', '1', '--edit'], { ...base, EDITOR: '/nonexistent/editor' });
    expect(await missing.exited).toBe(1);
    expect(missing.screen().replace(/\s+/g, ' ')).toContain('error: cannot start your editor "/nonexistent/editor" (ENOENT): set $VISUAL or $EDITOR to an editor installed here; nothing was changed');
    const quit = startTerminal(['note', '1', '--edit'], { ...base, EDITOR: quitting });
    expect(await quit.exited).toBe(130);
    expect(quit.screen()).toContain('cancelled: your editor quit with status 3; nothing was saved');
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe('Keep me.');
  });

  it('stop asks how long a clock forgotten overnight was used, offering the planned time', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const started = startTerminal(['start', '3'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T14:00' });
    expect(await started.exited).toBe(0);
    const terminal = startTerminal(['stop'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-02T09:00' });
    await terminal.waitFor(/past the end of that study\s+day \(19 h in all\)[\s\S]*How long did you study\? \(e\.g\. 45, 90m, 1h30m\): \(90\)/);
    terminal.type(KEYS.ctrlU);
    terminal.type('1h45m');
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('Clock stopped: 3. EKS Security Architecture, 1 h 45 min');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']).toMatchObject({ clockedMinutes: 105 });
  });

  it('a pasted 2,000-character summary is drawn a few times, not once per character, and saved whole', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const terminal = startTerminal(['note', '1'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00' });
    await terminal.waitFor(/Your summary:/);
    terminal.mark();
    const before = terminal.raw().length;
    const pasted = `${'word '.repeat(399)}END`;
    // A paste reaches the program as one chunk of input.
    terminal.type(pasted);
    await terminal.waitFor(/END/);
    // Each drawing of the prompt erases the lines it drew before (ESC [2K): drawn once per
    // character, that would be some 2,000 times over.
    const redraws = terminal.raw().slice(before).split('\u001b[2K').length - 1;
    expect(redraws).toBeLessThan(100);
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']?.summary).toBe(pasted);
  });
});
