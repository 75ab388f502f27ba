import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanProgress } from '../../src/core/progress.ts';
import { startTerminal } from '../e2e/pty.ts';
import { tempDir } from '../helpers.ts';
import { FIXTURE_NOW, seedStore, strayFiles } from './support.ts';

// Ctrl-C at every prompt, on a real pseudo-terminal: exit 130, and the store is as it was before
// the prompt, or holds every answer already given (review saves after each one). Never half-written.

const CTRL_C = '\u0003';
const DOWN = '\u001b[B';
const PLAN_ID = 'k8s-security-fundamentals';

interface Step {
  /** Wait for this on the screen (after the previous step's keys)... */
  waitFor: RegExp;
  /** ...then type this. */
  keys: string;
}

interface InterruptCase {
  name: string;
  args: string[];
  /** Answers given before Ctrl-C; Ctrl-C is pressed at the prompt the last step waits for. */
  steps: Step[];
  /** What the store must hold afterwards, given what it held before; omitted: unchanged, byte for byte. */
  after?: (before: PlanProgress, after: PlanProgress) => void;
}

const CASES: InterruptCase[] = [
  { name: 'done, at the summary prompt, half typed', args: ['done', '4'], steps: [{ waitFor: /Your summary/, keys: 'half a thou' }] },
  {
    name: 'done, at the minutes prompt, the summary already answered (done saves both at once)',
    args: ['done', '4'],
    steps: [
      { waitFor: /Your summary/, keys: 'pods run as non-root\r' },
      { waitFor: /Minutes spent/, keys: '4' },
    ],
  },
  { name: 'note, at the summary prompt', args: ['note', '3'], steps: [{ waitFor: /Your summary/, keys: 'IRSA maps a service account' }] },
  { name: 'check, at the checkbox list with a box toggled', args: ['check', '3'], steps: [{ waitFor: /tick what you have covered/, keys: `${DOWN} ` }] },
  { name: 'review, at the first rating', args: ['review'], steps: [{ waitFor: /How well did you recall it\?/, keys: DOWN }] },
  {
    name: 'review, at the second item after rating the first: the first answer is kept',
    args: ['review'],
    steps: [
      { waitFor: /How well did you recall it\?/, keys: `${DOWN}${DOWN}\r` },
      { waitFor: /Recall it, then press Enter/, keys: '' },
    ],
    after: (before, after) => {
      expect(after.reviewLog).toEqual([...before.reviewLog, expect.objectContaining({ item: 'session:shared-responsibility', rating: 'good' })]);
      expect(after.reviewItems['session:shared-responsibility']?.card).not.toBeNull();
      const { 'session:shared-responsibility': _rated, ...othersAfter } = after.reviewItems;
      const { 'session:shared-responsibility': _unrated, ...othersBefore } = before.reviewItems;
      expect(othersAfter).toEqual(othersBefore);
      expect(after.sessions).toEqual(before.sessions);
    },
  },
  { name: 'review of one key point, at "recall it"', args: ['review', 'keypoint:control-plane'], steps: [{ waitFor: /Recall it, then press Enter/, keys: '' }] },
];

function progressOf(text: string): PlanProgress {
  return JSON.parse(text).plans[PLAN_ID] as PlanProgress;
}

describe('Ctrl-C at every prompt', () => {
  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s: exit 130, nothing half-written', async (_name, entry) => {
    const configDir = tempDir();
    seedStore(configDir);
    const file = join(configDir, 'config.json');
    const before = readFileSync(file, 'utf8');
    const terminal = startTerminal(entry.args, { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: FIXTURE_NOW });
    for (const step of entry.steps) {
      await terminal.waitFor(step.waitFor);
      terminal.mark();
      terminal.type(step.keys);
    }
    terminal.type(CTRL_C);
    expect(await terminal.exited).toBe(130);
    expect(terminal.screen()).toContain('cancelled');
    expect(terminal.screen()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    const after = readFileSync(file, 'utf8');
    if (entry.after) entry.after(progressOf(before), progressOf(after));
    else expect(after).toBe(before);
    expect(strayFiles(configDir)).toEqual([]);
  });
});
