import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoreOnDisk, runBinary, SEEDED_NOW, seedProgress, SLOW, storeSnapshot, tempDir } from '../helpers.ts';
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

  it('a prompt on a narrow terminal wraps its question at word boundaries, within the terminal', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    const terminal = startTerminal(['done', '1'], { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_NOW: SEEDED_NOW }, 40);
    // The last line leaves room for the answer: at 40 columns it wraps too.
    await terminal.waitFor(/Your summary \(Enter to\s+skip\):/);
    const lines = terminal.screen().split(/\r?\n/);
    expect(lines.filter((line) => [...line].length > 40)).toEqual([]);
    // Every word of the question whole on some line (Inquirer alone breaks a long line mid-word).
    for (const word of 'After each session, summarize the key points in your own words.'.split(' ')) expect(lines.some((line) => line.includes(word)), word).toBe(true);
    terminal.type(KEYS.ctrlC);
    expect(await terminal.exited).toBe(130);
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
    // A line longer than the terminal (100 columns here) wraps under its text, not past the edge.
    expect(screen).toMatch(/◯ Take notes on security considerations for the cloud platform \(IAM, Network Security, etc\.\) and\r?\n {3}the Kubernetes platform/);
    expect(screen.split(/\r?\n/).filter((line) => [...line].length > 100)).toEqual([]);
    terminal.type(KEYS.down);
    terminal.type(KEYS.space);
    terminal.type(KEYS.enter);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('All 3 items ticked.');
    expect(readStoreOnDisk(configDir).sessions['eks-security-architecture']?.ticks).toHaveLength(3);
  });

  it('review answers with one key: 3 good, 1 again, u undoes it, 4 easy, q quits keeping what was answered', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const before = readStoreOnDisk(configDir);
    const terminal = terminalIn(configDir, ['review']);
    // The most overdue first: session 1, by its title and focus lines; its summary only after the recall.
    await terminal.waitFor(/\[1\/11\] session[\s\S]*Shared Responsibility and Compute Types[\s\S]*What do you remember of it\?/);
    expect(terminal.screen()).not.toContain('AWS runs the control plane; I own RBAC');
    terminal.mark();
    terminal.type(`AWS runs the control plane and etcd${KEYS.enter}`);
    await terminal.waitFor(/Your summary\s+AWS runs the control plane; I own RBAC[\s\S]*Your words mention 2 of the 7[\s\S]*Keep these words as your summary/);
    terminal.mark();
    terminal.type(KEYS.enter);
    await terminal.waitFor(/How well did you recall it\?\s+1\s+again\s+tomorrow \(2026-12-02\)[\s\S]*4\s+easy[\s\S]*s skip · q quit/);
    terminal.mark();
    terminal.type('3');
    await terminal.waitFor(/rated good; next review[\s\S]*\[2\/11\] key point[\s\S]*Kubernetes Control Plane[\s\S]*press Space or Enter to see it/);
    terminal.mark();
    terminal.type(KEYS.space);
    await terminal.waitFor(/Know the components[\s\S]*How well did you recall it\?[\s\S]*u undo the last answer/);
    terminal.mark();
    terminal.type('1');
    await terminal.waitFor(/keypoint:control-plane rated again[\s\S]*comes back before\s+this\s+sitting\s+ends[\s\S]*\[3\/12\] key point/);
    terminal.mark();
    terminal.type('u');
    await terminal.waitFor(/undid the answer again to\s+keypoint:control-plane[\s\S]*\[2\/11\] key point[\s\S]*Kubernetes Control Plane/);
    terminal.mark();
    terminal.type(KEYS.enter);
    await terminal.waitFor(/How well did you recall it\?/);
    terminal.type('4');
    await terminal.waitFor(/keypoint:control-plane rated easy[\s\S]*\[3\/11\]/);
    terminal.type('q');
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toMatch(/Reviewed 2, skipped 0, undid 1; 9 still due/);
    const after = readStoreOnDisk(configDir);
    const added = after.events.slice(before.events.length) as unknown as { kind: string; item?: string; rating?: string; undoes?: string; id: string }[];
    expect(added.map((event) => [event.kind, event.item ?? null, event.rating ?? null])).toEqual([
      ['review', 'session:shared-responsibility', 'good'],
      ['review', 'keypoint:control-plane', 'again'],
      ['undo', null, null],
      ['review', 'keypoint:control-plane', 'easy'],
    ]);
    expect(added[2]!.undoes).toBe(added[1]!.id);
    expect(after.items['keypoint:control-plane']?.card).toMatchObject({ reps: 1, lapses: 0 });
    expect(after.items['session:shared-responsibility']).toMatchObject({ card: expect.objectContaining({ reps: 1 }) });
    // Declined: the summary is the one written before.
    expect(after.sessions['shared-responsibility']?.summary).toBe('AWS runs the control plane; I own RBAC, images, nodes');
    expect(after.items['term:etcd']).toEqual(before.items['term:etcd']);
  });

  it('review: an item answered again comes back before the sitting ends', { timeout: SLOW }, async () => {
    const configDir = tempDir();
    await seedProgress(configDir);
    const terminal = terminalIn(configDir, ['review', 'etcd']);
    await terminal.waitFor(/\[1\/1\] term[\s\S]*etcd[\s\S]*Recall what it means, then press Space or Enter/);
    terminal.type(KEYS.space);
    await terminal.waitFor(/Key Value store[\s\S]*How well did you recall it\?/);
    terminal.mark();
    terminal.type('1');
    await terminal.waitFor(/\[2\/2\] term · again, back once more[\s\S]*Recall what it means/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/How well did you recall it\?/);
    terminal.type('2');
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toMatch(/Reviewed 2, skipped 0;/);
    const ratings = readStoreOnDisk(configDir).events.filter((event) => event.kind === 'review').map((event) => (event as unknown as { rating: string }).rating);
    expect(ratings).toEqual(['again', 'hard']);
  });

  it('review recalls a session of a plan made here: written in $EDITOR, its key points and terms marked, the words kept as the summary', { timeout: SLOW }, async () => {
    const folder = tempDir();
    const plan = join(folder, 'plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'id: pty-recall',
        'title: Recall on a terminal',
        'sessions:',
        '  - id: basics',
        '    title: Cluster basics',
        '    day: 1',
        '    duration: 30m',
        '    focus: [Name the control plane parts, Say where cluster state lives]',
        '    keyPoints: [control-plane, network-policies]',
        '    terms: [etcd]',
        'keyPoints:',
        '  - { id: control-plane, title: Kubernetes Control Plane, text: The API server and the scheduler. }',
        '  - { id: network-policies, title: Network Policies, text: Which pods may talk to which. }',
        'terms:',
        '  - { id: etcd, term: etcd, text: The store of the cluster state. }',
        '',
      ].join('\n'),
    );
    // An editor that writes a recall of two lines into the file it is given.
    const editor = join(folder, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "The control plane runs the API server.\\nState lives in etcd.\\n" > "$1"\n', { mode: 0o755 });
    const configDir = tempDir();
    const env = { K8S_STUDY_CONFIG_DIR: configDir, K8S_STUDY_PLAN: plan };
    expect(runBinary(['done', '1', '--no-summary'], { configDir, now: '2026-11-30T10:00', env }).status).toBe(0);
    const terminal = startTerminal(['review'], { ...env, K8S_STUDY_NOW: SEEDED_NOW, EDITOR: editor, VISUAL: editor });
    await terminal.waitFor(/1\. Cluster basics[\s\S]*Say where cluster state lives[\s\S]*What do you remember of it\?/);
    terminal.type(`e${KEYS.enter}`);
    await terminal.waitFor(/Keep these words as your summary of 1\. Cluster basics\?/);
    const screen = terminal.screen();
    expect(screen).toMatch(/✔ Kubernetes Control Plane: The API server and the scheduler\./);
    expect(screen).toMatch(/✘ Network Policies: Which pods may talk to which\./);
    expect(screen).toMatch(/✔ etcd: The store of the cluster state\./);
    expect(screen).toContain('Your words mention 2 of the 3 key points and terms: that suggests good.');
    terminal.mark();
    terminal.type(`y${KEYS.enter}`);
    await terminal.waitFor(/Your summary is saved\.[\s\S]*3\s+good\s+.*← suggested/);
    terminal.type('3');
    await terminal.waitFor(/rated good/);
    terminal.type('q');
    expect(await terminal.exited).toBe(0);
    expect(readStoreOnDisk(configDir, 'pty-recall').sessions.basics?.summary).toBe('The control plane runs the API server.\nState lives in etcd.');
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
  { name: 'review, at the recall of the first session, half typed', args: ['review'], steps: [[/What do you remember of it\?/, 'AWS runs']] },
  { name: 'review, at the first rating', args: ['review'], steps: [[/What do you remember of it\?/, KEYS.enter], [/How well did you recall it\?[\s\S]*q quit/, '']] },
  { name: 'review of one term, before it is revealed', args: ['review', 'term:etcd'], steps: [[/Recall what it means, then press Space or Enter to see it/, '']] },
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
    await terminal.waitFor(/What do you remember of it\?/);
    terminal.type(KEYS.enter);
    await terminal.waitFor(/How well did you recall it\?[\s\S]*q quit/);
    terminal.mark();
    terminal.type('3');
    await terminal.waitFor(/press Space or Enter to see it/);
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
