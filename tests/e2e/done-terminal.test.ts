import { describe, expect, it } from 'vitest';
import { readStoreText, tempDir } from '../helpers.ts';
import { startTerminal } from './pty.ts';

describe('done on a real terminal', () => {
  it('asks for the summary in your own words and the minutes, then saves them', async () => {
    const configDir = tempDir();
    const terminal = startTerminal(['done', '1'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00' });
    await terminal.waitFor(/summarize the key points in your own words/);
    terminal.type('Customers own RBAC, images and nodes\r');
    await terminal.waitFor(/Minutes spent/);
    expect(terminal.screen()).toMatch(/Minutes spent.*60/);
    terminal.type('\u0015'); // clear the default
    terminal.type('45\r');
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('✔ Done: 1. Shared Responsibility and Compute Types');
    const record = JSON.parse(readStoreText(configDir) ?? '{}').plans['k8s-security-fundamentals'].sessions['shared-responsibility'];
    expect(record).toMatchObject({ summary: 'Customers own RBAC, images and nodes', minutesSpent: 45 });
  });

  it('Ctrl-C at the prompt exits 130 and writes nothing', async () => {
    const configDir = tempDir();
    const terminal = startTerminal(['done', '2'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: '2026-12-01T10:00' });
    await terminal.waitFor(/Your summary/);
    terminal.type('half a thou');
    terminal.type('\u0003');
    expect(await terminal.exited).toBe(130);
    expect(readStoreText(configDir)).toBeNull();
  });
});
