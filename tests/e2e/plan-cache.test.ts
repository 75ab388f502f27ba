import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';

const planText = (title: string): string =>
  `version: 1\nid: tiny\ntitle: ${title}\nsessions:\n  - id: only\n    title: Only one\n    day: 1\n    duration: 20m\n    focus: [Read it]\n`;

describe('the built binary caches a validated plan, and never serves a stale one', () => {
  it('shows an edited plan at once, even one edited to the same size with its mtime put back', async () => {
    const configDir = tempDir();
    const plan = join(tempDir(), 'plan.yaml');
    writeFileSync(plan, planText('Plan A'));
    const { atime, mtime } = statSync(plan);
    // Only a plan left alone for two seconds is cached.
    await sleep(2100);
    const first = runCli(['next'], { configDir, env: { K8S_STUDY_PLAN: plan } });
    expect(first.stdout).toContain('Plan A');
    expect(readdirSync(join(configDir, 'cache'))).toHaveLength(1);
    writeFileSync(plan, planText('Plan B'));
    utimesSync(plan, atime, mtime);
    const second = runCli(['next'], { configDir, env: { K8S_STUDY_PLAN: plan } });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Plan B');
    writeFileSync(plan, planText('Plan C').replace('day: 1', 'day: 0'));
    const invalid = runCli(['next'], { configDir, env: { K8S_STUDY_PLAN: plan } });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('sessions[0].day: must be a positive whole number');
  });
});
