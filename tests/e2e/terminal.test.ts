import { describe, expect, it } from 'vitest';
import { readStoreOnDisk, SEEDED_NOW, seedProgress, SLOW, storeSnapshot, tempDir } from '../helpers.ts';
import { KEYS, startTerminal } from './pty.ts';

// The interactive flows on a real pseudo-terminal, with the built binary: what a person sees and
// types. One test per flow, and Ctrl-C at every prompt.

/** A stack trace line as Node prints it. */
const STACK_TRACE = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;

function terminalIn(configDir: string, args: string[]) {
  return startTerminal(args, { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: SEEDED_NOW });
}

describe('on a real terminal', () => {
  it('done asks for the summary in your own words and the time spent, and takes 1h10m', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const terminal = terminalIn(configDir, ['done', '1']);
    await terminal.waitFor(/summarize the key points in your own words\.\s+Your summary \(Enter to skip\):/);
    terminal.type('Customers own RBAC, images and nodes');
    terminal.type(KEYS.enter);
    await terminal.waitFor(/Time spent \(e\.g\. 45, 90m, 1h30m\): \(60\)/);
    terminal.type('1h10m');
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('✔ Done: 1. Shared Responsibility and Compute Types (1 h 10 min of 1 h planned)');
    expect(terminal.screen()).toContain('Your summary is saved.');
    expect(readStoreOnDisk(configDir).sessions['shared-responsibility']).toMatchObject({ summary: 'Customers own RBAC, images and nodes', minutesSpent: 70 });
  });

  it('done refuses a time it cannot read and asks again', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const terminal = terminalIn(configDir, ['done', '2']);
    await terminal.waitFor(/Your summary \(Enter to skip\):/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/Time spent/);
    terminal.mark();
    terminal.type('an hour');
    terminal.type(KEYS.enter);
    await terminal.waitFor(/"an hour" is not a time from 1 minute to 24 hours: write 90, 90m, 1h30m or 1\.5h/);
    // Still asking: nothing recorded yet.
    expect(readStoreOnDisk(configDir).root).toBeNull();
    terminal.type(KEYS.ctrlU);
    terminal.type('45');
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(readStoreOnDisk(configDir).sessions['architecture-cloud-native-gaps']).toMatchObject({ summary: null, minutesSpent: 45 });
  });

  it('check 3 shows the checkbox list with the stored ticks already set, and saves what is left ticked', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const terminal = terminalIn(configDir, ['check', '3']);
    await terminal.waitFor(/tick what you have covered[\s\S]*Dive deeper[\s\S]*submit/);
    const screen = terminal.screen();
    expect(screen).toMatch(/◉ Study the EKS Security Architecture/);
    expect(screen).toMatch(/◯ Take notes on security considerations/);
    expect(screen).toMatch(/◉ Dive deeper into specific security aspects/);
    terminal.type(KEYS.down);
    terminal.type(KEYS.space);
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('All 3 items ticked.');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']?.ticks).toHaveLength(3);
  });

  it('review rates an item with the arrow keys, then quits, keeping that answer', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const before = readStoreOnDisk(configDir);
    const terminal = terminalIn(configDir, ['review']);
    // The most overdue item first: session 1, with the summary written for it.
    await terminal.waitFor(/Shared Responsibility and Compute Types[\s\S]*AWS runs the control plane[\s\S]*How well did you recall it\?[\s\S]*quit/);
    terminal.mark();
    terminal.type(KEYS.down);
    terminal.type(KEYS.down);
    await terminal.waitFor(/❯ good/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/rated good; next review 2026-12-04[\s\S]*Recall it, then press Enter/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/How well did you recall it\?[\s\S]*quit/);
    terminal.mark();
    for (let step = 0; step < 5; step += 1) terminal.type(KEYS.down);
    await terminal.waitFor(/❯ quit/);
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toMatch(/Reviewed 1, skipped 0; 10 still due\./);
    const after = readStoreOnDisk(configDir);
    expect(after.events.slice(before.events.length)).toEqual([expect.objectContaining({ kind: 'review', item: 'session:shared-responsibility', rating: 'good' })]);
    expect(after.items['session:shared-responsibility']).toMatchObject({ due: '2026-12-04', card: expect.objectContaining({ reps: 1 }) });
    expect(after.items['keypoint:control-plane']).toEqual(before.items['keypoint:control-plane']);
  });
});

interface InterruptCase {
  name: string;
  args: string[];
  /** Wait for each pattern, then type its keys; Ctrl-C comes at the prompt the last one waits for. */
  steps: [RegExp, string][];
}

const INTERRUPTS: InterruptCase[] = [
  { name: 'done, at the summary prompt, half typed', args: ['done', '4'], steps: [[/Your summary \(Enter to skip\):/, 'half a thou']] },
  {
    name: 'done, at the time prompt, the summary answered (done saves both at once)',
    args: ['done', '4'],
    steps: [
      [/Your summary \(Enter to skip\):/, `pods run as non-root${KEYS.enter}`],
      [/Time spent/, '4'],
    ],
  },
  { name: 'note, at the summary prompt', args: ['note', '3'], steps: [[/Your summary:/, 'IRSA maps a service account']] },
  { name: 'check, at the checkbox list with a box toggled', args: ['check', '3'], steps: [[/tick what you have covered[\s\S]*submit/, `${KEYS.down}${KEYS.space}`]] },
  { name: 'review, at the first rating', args: ['review'], steps: [[/How well did you recall it\?[\s\S]*quit/, KEYS.down]] },
  { name: 'review of one term, at "recall it"', args: ['review', 'term:etcd'], steps: [[/Recall it, then press Enter to see the meaning/, '']] },
];

describe('Ctrl-C at a prompt', () => {
  it.each(INTERRUPTS.map((entry) => [entry.name, entry] as const))('%s: exit 130, "cancelled", the store unchanged', { timeout: SLOW }, async (_name, entry) => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const before = storeSnapshot(configDir);
    const terminal = terminalIn(configDir, entry.args);
    for (const [pattern, keys] of entry.steps) {
      await terminal.waitFor(pattern);
      terminal.mark();
      terminal.type(keys);
    }
    terminal.type(KEYS.ctrlC);
    expect(await terminal.exited).toBe(130);
    expect(terminal.screen()).toMatch(/^cancelled: .+/m);
    expect(terminal.screen()).not.toMatch(STACK_TRACE);
    expect(terminal.screen()).not.toMatch(/unexpected failure/);
    // Every file of the store byte for byte as it was, and nothing left beside them.
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('review, at the second item after rating the first: the first answer is kept, and the message says so', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const before = readStoreOnDisk(configDir);
    const terminal = terminalIn(configDir, ['review']);
    await terminal.waitFor(/How well did you recall it\?[\s\S]*quit/);
    terminal.mark();
    terminal.type(`${KEYS.down}${KEYS.down}`);
    await terminal.waitFor(/❯ good/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/Recall it, then press Enter/);
    terminal.type(KEYS.ctrlC);
    expect(await terminal.exited).toBe(130);
    const after = readStoreOnDisk(configDir);
    expect(after.events.slice(before.events.length)).toEqual([expect.objectContaining({ kind: 'review', item: 'session:shared-responsibility', rating: 'good' })]);
    expect(after.sessions).toEqual(before.sessions);
    const { 'session:shared-responsibility': _rated, ...othersAfter } = after.items;
    const { 'session:shared-responsibility': _unrated, ...othersBefore } = before.items;
    expect(othersAfter).toEqual(othersBefore);
    const cancelled = /^cancelled: .*$/m.exec(terminal.screen())?.[0] ?? '';
    expect(cancelled).not.toBe('');
    // One answer was saved: the message must not tell the user that nothing was.
    expect(cancelled).not.toMatch(/nothing was saved/);
  });
});
