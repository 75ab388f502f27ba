import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { widthOf } from '../../src/ui/layout.ts';
import { cli, runBinary, scriptedPrompts, SHIPPED_PLAN, SLOW, tempDir } from '../helpers.ts';
import { flat, ok, RAW_CONTROL, shippedPlanData, writePlan } from './support.ts';

vi.mock('../../src/io/prompts.ts', () => import('../prompts-double.ts'));

// What reaches the terminal: every line fits its width, suggested commands can be pasted as they
// are (with the --plan FILE typed), and nothing from a plan, a summary or a file name can drive
// the terminal (no ESC, OSC, C1 control or DEL written raw).

/** Columns a line takes on a terminal: colour codes take none, East Asian wide characters and emoji two. */
function columns(line: string): number {
  // eslint-disable-next-line no-control-regex
  const visible = line.replace(/\u001b\[[0-9;]*m/g, '');
  let width = 0;
  for (const character of visible) {
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Emoji_Presentation}/u.test(character) ? 2 : 1;
  }
  return width;
}

const HUMAN_VIEWS = [['next'], ['status'], ['due', '--upcoming', '7'], ['list'], ['show', '1'], ['show', '2'], ['lab'], ['schedule']];

/** A plan of wide characters and long unbroken words, in a folder and file whose names have spaces. */
function widePlan(): string {
  const folder = join(tempDir(), 'a folder with a long name');
  mkdirSync(folder);
  return writePlan(
    `version: 1
id: wide-plan
title: 共有責任モデルとコンピュートの種類についての長いタイトル
lab:
  title: 実習：AWS Well-Architected フレームワークで Amazon EKS クラスターをデプロイする
sessions:
  - id: kyoyu-sekinin-model-to-compute-no-shurui
    title: 共有責任モデルとコンピュートの種類についての長いタイトル 🔐
    day: 1
    duration: 1h
    focus:
      - 責任共有モデルを理解する。クラウドプロバイダーと顧客の責任の違いを確認すること。
      - Supercalifragilisticexpialidocious-and-then-some-more-words-without-any-spaces-at-all
    keyPoints: [kp]
    terms: [tm]
  - id: second
    title: A second session whose title is long enough to need cutting in a narrow table
    day: 2
    duration: 1h30m
    focus: [Read it]
keyPoints:
  - id: kp
    title: 鍵となる点
    text: 責任共有モデルを理解する。クラウドプロバイダーと顧客の責任の違いを確認すること。
terms:
  - id: tm
    term: 用語
    text: https://example.com/a/very/long/address/that/cannot/be/wrapped/at/any/space/at/all
`,
    'my plan file with a long name.yaml',
    folder,
  );
}

describe('help', () => {
  const commands = ['', 'next', 'list', 'show', 'check', 'start', 'stop', 'done', 'undo', 'note', 'due', 'review', 'lab', 'status', 'stats', 'plans', 'schedule', 'export', 'import', 'sync', 'validate', 'init', 'completion'];
  it('fits a terminal narrower than 80 columns, for the program and every command (example command lines kept whole, to copy)', async () => {
    for (const columns of [60, 50]) {
      for (const command of commands) {
        const result = await cli([...(command ? [command] : []), '--help'], { terminal: true, columns });
        expect(result.status, command).toBe(0);
        const wide = result.stdout.split('\n').filter((line) => [...line].length > columns && !line.startsWith('  $ '));
        expect(wide, `${command || 'k8s-study'} --help at ${columns} columns`).toEqual([]);
      }
    }
  });

  it('fits 80 columns, for the program and every command', async () => {
    for (const command of commands) {
      const result = await cli([...(command ? [command] : []), '--help']);
      expect(result.status, command).toBe(0);
      const wide = result.stdout.split('\n').filter((line) => [...line].length > 80);
      expect(wide, `${command || 'k8s-study'} --help`).toEqual([]);
    }
  });
});

describe('output to a pipe or a file', () => {
  it('is as wide as $COLUMNS says, from 20 to 120 (80 without it, or when it is not a width)', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--summary', 'mine'], { configDir });
    // Example command lines in help are kept whole, to copy.
    const widest = (text: string): number => Math.max(...text.split('\n').filter((line) => !line.startsWith('  $ ')).map((line) => widthOf(line)));
    for (const args of [['list'], ['status'], ['next'], ['--help'], ['done', '--help']]) {
      expect(widest(await ok(args, { configDir, env: { COLUMNS: '50' } })), args.join(' ')).toBeLessThanOrEqual(50);
      expect(widest(await ok(args, { configDir })), args.join(' ')).toBeGreaterThan(50);
      const garbage = widest(await ok(args, { configDir, env: { COLUMNS: 'wide' } }));
      expect(garbage, args.join(' ')).toBeGreaterThan(50);
      expect(garbage, args.join(' ')).toBeLessThanOrEqual(80);
    }
    expect(widest(await ok(['status'], { configDir, env: { COLUMNS: '10' } }))).toBeLessThanOrEqual(20);
    const wide = widest(await ok(['status'], { configDir, env: { COLUMNS: '99999' } }));
    expect(wide).toBeGreaterThan(80);
    expect(wide).toBeLessThanOrEqual(120);
  });
});

describe('every human line fits a 50-column terminal', () => {
  it.each([
    ['the shipped plan', null],
    ['a plan of wide characters, given with a long --plan path', 'wide'],
  ] as const)('%s: next, status, due, list, show, lab, schedule', async (_name, kind) => {
    const configDir = tempDir();
    const plan = kind === 'wide' ? ['--plan', widePlan()] : [];
    await ok([...plan, 'done', '1', '--summary', 'AWS runs the control plane; I own RBAC, images and nodes:責任共有モデルを理解する。Pneumonoultramicroscopicsilicovolcanoconiosis-and-more', '--minutes', '55'], { configDir });
    await ok([...plan, 'check', '2', '1'], { configDir });
    await ok([...plan, 'lab', '2026-12-03'], { configDir });
    for (const colour of [false, true]) {
      for (const args of HUMAN_VIEWS) {
        const result = await cli([...plan, ...args], { configDir, now: '2026-12-02T10:00', terminal: true, columns: 50, env: colour ? { NO_COLOR: '' } : {} });
        const what = `${args.join(' ')} (colour ${colour})`;
        expect(result.status, what).toBe(0);
        if (colour) expect(result.stdout, what).toContain('\u001b[');
        const lines = result.stdout.replace(/\n$/, '').split('\n');
        expect(lines.length, what).toBeGreaterThan(2);
        for (const line of lines) expect(columns(line), `${what}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(50);
        // The no-break spaces that keep a command together while it wraps are spaces again.
        expect(result.stdout, what).not.toContain('\u00a0');
      }
    }
  });

  it('and nothing is cut from what must be read whole: session titles wrap, commands stay pasteable', async () => {
    const configDir = tempDir();
    const out = await ok(['next'], { configDir, terminal: true, columns: 50 });
    expect(flat(out)).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(flat(out)).toContain('Understand AWS\'s responsibility for the Kubernetes control plane components (API server, controller manager, scheduler, ETCD).');
    // Each suggested command on one line, as it is copied.
    expect(out.split('\n').some((line) => line.includes('k8s-study check 1 1'))).toBe(true);
    expect(out.split('\n').some((line) => line.includes('k8s-study done 1'))).toBe(true);
    await ok(['done', '1', '--no-summary'], { configDir });
    const again = (await cli(['done', '1', '--summary', 'more'], { configDir, terminal: true, columns: 50, env: { npm_lifecycle_event: 'npx' } })).stdout.split('\n');
    for (const command of ['npx k8s-study undo 1', 'npx k8s-study done 1 --minutes 45', 'npx k8s-study done 1 --at yesterday', 'npx k8s-study note 1 --summary TEXT']) {
      expect(again.some((line) => line.includes(command)), `${command} in ${JSON.stringify(again)}`).toBe(true);
    }
    expect(again.join('\n')).not.toContain('\u00a0');
  });
});

describe('colour', () => {
  it('only on a terminal, and never with --no-color, NO_COLOR or --json', async () => {
    const configDir = tempDir();
    await ok(['check', '1', '1'], { configDir });
    const colours = async (args: string[], terminal: boolean, env: NodeJS.ProcessEnv): Promise<boolean> => (await ok(args, { configDir, terminal, env })).includes('\u001b[');
    for (const args of [['next'], ['list'], ['status'], ['show', '1'], ['lab'], ['schedule'], ['due']]) {
      expect(await colours(args, true, { NO_COLOR: '' }), args.join(' ')).toBe(true);
      expect(await colours(args, false, { NO_COLOR: '' }), args.join(' ')).toBe(false);
      expect(await colours([...args, '--no-color'], true, { NO_COLOR: '' }), args.join(' ')).toBe(false);
      expect(await colours(args, true, { NO_COLOR: '1' }), args.join(' ')).toBe(false);
      expect(await colours(args, false, { NO_COLOR: '', FORCE_COLOR: '1' }), args.join(' ')).toBe(true);
      expect(await colours([...args, '--json'], true, { NO_COLOR: '', FORCE_COLOR: '1' }), args.join(' ')).toBe(false);
    }
  });
});

describe('suggested commands carry the --plan FILE typed, quoted for the shell', () => {
  function planWithSpace(name = 'my plan.yaml'): string {
    return writePlan(shippedPlanData(), name);
  }

  it('next, done, show, list, due, lab, status, schedule, check and export', async () => {
    const plan = planWithSpace();
    const quoted = `k8s-study --plan '${plan}'`;
    const configDir = tempDir();
    const run = async (args: string[], now?: string): Promise<string> => flat(await ok(['--plan', plan, ...args], { configDir, now }));
    expect(await run(['next'])).toContain(`Tick items: ${quoted} check 1 1 · when finished: ${quoted} done 1`);
    expect(await run(['show', '1'])).toContain(`(${quoted} note 1)`);
    expect(await run(['check', '1', '1', '2', '3'])).toContain(`When you have finished: ${quoted} done 1`);
    const done = await run(['done', '1', '--no-summary']);
    expect(done).toContain(`Add it with ${quoted} note 1.`);
    expect(done).toContain(`${quoted} due --upcoming 7 lists them.`);
    expect(done).toContain(`What is next: ${quoted} next`);
    const again = await run(['done', '1']);
    expect(again).toContain(`(${quoted} undo 1 reopens it.)`);
    expect(again).toContain(`To correct it: ${quoted} done 1 --minutes 45 or ${quoted} done 1 --at yesterday.`);
    expect(await run(['list'])).toContain(`${quoted} show N shows a session in full.`);
    expect(await run(['due'], '2026-12-02T10:00')).toContain(`Review them: ${quoted} review.`);
    expect(await run(['lab'])).toContain(`Set one with ${quoted} lab +14d`);
    expect(await run(['status'])).toContain(`no date set (${quoted} lab DATE sets it)`);
    expect(await run(['schedule'])).toContain(`Export it to your calendar: ${quoted} export --format ics -o study.ics`);
    const file = join(tempDir(), 'backup.json');
    expect(await run(['export', '-o', file])).toContain(`restore it with ${quoted} import ${file}.`);
  });

  it('a file name with a single quote is quoted so the shell reads it back', async () => {
    const plan = planWithSpace("it's mine.yaml");
    const out = flat(await ok(['--plan', plan, 'next']));
    const folder = plan.slice(0, -"it's mine.yaml".length);
    expect(out).toContain(`k8s-study --plan '${folder}it'\\''s mine.yaml' check 1 1`);
  });

  it('run through npx (as the quick start does), the commands it suggests start with npx too', async () => {
    const configDir = tempDir();
    const viaNpx = { configDir, env: { npm_lifecycle_event: 'npx' } };
    expect(flat(await ok(['next'], viaNpx))).toContain('Tick items: npx k8s-study check 1 1 · when finished: npx k8s-study done 1');
    expect(flat(await ok(['done', '1', '--no-summary'], viaNpx))).toContain('What is next: npx k8s-study next');
    expect(flat(await ok(['--plan', SHIPPED_PLAN, 'status'], viaNpx))).toContain(`(npx k8s-study --plan ${SHIPPED_PLAN} lab DATE sets it)`);
    const copy = join(tempDir(), 'mine.yaml');
    expect(flat(await ok(['init', copy], viaNpx))).toContain(`check it with npx k8s-study validate ${copy}, then study it with npx k8s-study --plan ${copy} next`);
    // Through an npm script, or typed, they do not.
    const plain = flat(await ok(['next'], { configDir, env: { npm_lifecycle_event: 'study' } }));
    expect(plain).toContain('when finished: k8s-study done 2');
    expect(plain).not.toContain('npx');
  });

  it('the built binary keeps the views of a run through npx and of one typed apart', { timeout: SLOW }, () => {
    const configDir = tempDir();
    for (const round of [1, 2]) {
      expect(runBinary(['next'], { configDir, env: { npm_lifecycle_event: 'npx' } }).stdout, `round ${round}`).toContain('npx k8s-study done 1');
      expect(runBinary(['next'], { configDir }).stdout, `round ${round}`).not.toContain('npx');
    }
  });

  it('a plain file name needs no quotes', async () => {
    const plan = planWithSpace('plain.yaml');
    expect(flat(await ok(['--plan', plan, 'next']))).toContain(`k8s-study --plan ${plan} check 1 1`);
  });

  it.each([
    ['check without numbers and without a terminal', ['check', '1'], 'check 1 1 2'],
    ['an unknown session', ['show', '9'], 'list'],
    ['an unknown review item', ['review', 'zzz'], 'due'],
  ])('in an error message too: %s', async (_name, args, suggested) => {
    const plan = planWithSpace();
    const result = await cli(['--plan', plan, ...args]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`k8s-study --plan '${plan}' ${suggested}`);
  });
});

describe('escape sequences never reach the terminal raw', () => {
  // CSI (clear screen), OSC 8 (a hyperlink), OSC 52 (write the clipboard), OSC 0 (window title),
  // 8-bit CSI and OSC (C1), DEL, BEL, backspaces.
  const EVIL = '\u001b[2J\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u009b31m\u009d0;title\u009c\u007f\u0007\b';

  function hostilePlan(): string {
    const plan = shippedPlanData();
    plan.title = `Evil${EVIL} plan`;
    plan.goal = `Goal${EVIL}`;
    (plan.lab as { title: string }).title = `Lab${EVIL}`;
    const review = plan.review as Record<string, unknown>;
    review.summary = `Summarize${EVIL}`;
    review.beforeLabText = `Before the lab${EVIL}`;
    for (const session of plan.sessions) {
      session.title = `${session.title}${EVIL}`;
      session.focus = session.focus.map((line) => `${line}${EVIL}`);
    }
    for (const point of plan.keyPoints) {
      point.title = `${point.title}${EVIL}`;
      point.text = `${point.text}${EVIL}`;
    }
    for (const term of plan.terms) {
      term.term = `${term.term}${EVIL}`;
      term.text = `${term.text}${EVIL}`;
    }
    return writePlan(plan);
  }

  /** No raw control on either stream; in text (not a JSON document, which keeps them \u-escaped), not even what was inside the sequences. */
  function expectClean(result: { stdout: string; stderr: string }, what: string, document = false): void {
    expect(result.stdout, `${what}: stdout`).not.toMatch(RAW_CONTROL);
    expect(result.stderr, `${what}: stderr`).not.toMatch(RAW_CONTROL);
    if (document) return;
    // A file name suggested in a command is shown whole, its controls escaped in a $'...' shell word
    // (pasting it names the same file); anywhere else nothing of a sequence is left.
    const outside = result.stdout.replace(/\$'(?:[^'\\]|\\.)*'/g, '');
    expect(outside, `${what}: stdout`).not.toContain('evil.example');
    expect(outside, `${what}: stdout`).not.toContain('cm0gLXJmIH4=');
  }

  it('from plan texts and summaries, in every view, as text and as JSON', async () => {
    const plan = hostilePlan();
    const configDir = tempDir();
    const summary = `My words${EVIL} end`;
    await ok(['--plan', plan, 'done', '1', '--summary', summary], { configDir });
    await ok(['--plan', plan, 'done', '2', '--summary', '-'], { configDir, input: `From a pipe${EVIL}\n` });
    await ok(['--plan', plan, 'note', '3', '--summary', summary], { configDir });
    await ok(['--plan', plan, 'lab', '2026-12-10'], { configDir });
    const commands = [
      ...HUMAN_VIEWS,
      ['show', '3'],
      ['check', '4', '1'],
      ['done', '1'],
      ['note', '1', '--summary', summary],
      ['undo', '2'],
      ['review', 'term:etcd', '--rating', 'good'],
      ['export', '--format', 'md'],
      ['export', '--format', 'ics'],
      ['export', '--format', 'json'],
      ['validate'],
      ['completion', 'bash'],
      ['completion', 'zsh'],
      ['completion', 'fish'],
    ];
    for (const args of commands) {
      for (const json of [false, true]) {
        if (json && args[0] === 'export' && args[2] !== 'json') continue;
        const argv = ['--plan', plan, ...(json ? ['--json'] : []), ...args];
        for (const colour of json ? [false] : [false, true]) {
          const result = await cli(argv, { configDir, now: '2026-12-02T10:00', terminal: colour, env: colour ? { NO_COLOR: '' } : {} });
          const what = `${argv.slice(2).join(' ')} (colour ${colour})`;
          expect(result.status, `${what}: ${result.stderr}`).toBe(0);
          if (colour) {
            // Only our own colour codes (SGR) pass: nothing else that starts with ESC.
            // eslint-disable-next-line no-control-regex
            const stripped = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
            expect(stripped, what).not.toMatch(RAW_CONTROL);
          } else {
            expectClean(result, what, json || args[2] === 'json');
          }
        }
      }
    }
    // The words around the sequences are all there.
    expect(flat(await ok(['--plan', plan, 'show', '1'], { configDir }))).toContain('My words');
    expect(flat(await ok(['--plan', plan, 'show', '1'], { configDir }))).toContain('end');
  });

  it('in the summary and check prompts on a terminal, and the interactive review', async () => {
    const plan = hostilePlan();
    const configDir = tempDir();
    const prompts = scriptedPrompts([`Typed${EVIL}`, '45']);
    const done = await cli(['--plan', plan, 'done', '1'], { configDir, terminal: true, prompts });
    expect(done.status).toBe(0);
    expectClean(done, 'done on a terminal');
    const review = await cli(['--plan', plan, 'review'], { configDir, now: '2026-12-02T10:00', terminal: true, prompts: scriptedPrompts(['good', '', 'quit']) });
    expect(review.status).toBe(0);
    expectClean(review, 'review on a terminal');
    expect(flat(review.stdout)).toContain('Typed');
  });

  it('from file names and values typed on the command line, in messages on stdout and stderr', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir });
    const folder = tempDir();
    const evilName = join(folder, `backup${'\u001b]52;c;cm0gLXJmIH4=\u0007'}\u009b2J.json`);
    const cases: string[][] = [
      ['export', '--format', 'json', '-o', evilName],
      ['import', evilName],
      ['import', evilName, '--dry-run'],
      ['import', join(folder, `missing\u001b[2J.json`)],
      ['--plan', join(folder, `nope\u001b]0;title\u0007.yaml`), 'next'],
      ['validate', join(folder, `nope\u009b6n.yaml`)],
      ['init', join(folder, `new\u007f\u001b[2J.yaml`)],
      ['show', `\u001b[2Jnine`],
      ['done', `x\u009b31m`],
      ['review', `term:\u001b]52;c;cm0gLXJmIH4=\u0007`, '--rating', 'good'],
      ['lab', `\u001b[2J2026`],
      ['done', '2', '--minutes', `\u001b[31m5`],
      ['check', '1', `\u001b[2J1`],
      [`\u001b]52;c;cm0gLXJmIH4=\u0007oops`],
      ['list', `--x\u001b[31m`],
    ];
    for (const args of cases) {
      const result = await cli(args, { configDir });
      expectClean(result, JSON.stringify(args));
      expect(result.stderr, JSON.stringify(args)).not.toContain('cm0gLXJmIH4=');
    }
    // The export, the import and the init did their work, names and all.
    expect(readdirSync(folder).sort()).toEqual([evilName.slice(folder.length + 1), `new\u007f\u001b[2J.yaml`].sort());
    const exported = await cli(['export', '--format', 'json', '-o', evilName], { configDir });
    // The sequences (an OSC 52 and an 8-bit CSI) are left out of the name as printed, and escaped in
    // the command to paste, which names the file as it is.
    expect(flat(exported.stdout)).toMatch(new RegExp(`^Wrote backup of your progress to ${folder}/backup\\.json \\(\\d+ bytes\\): restore it with k8s-study import \\$'${folder}/backup\\\\x1b\\]52;c;cm0gLXJmIH4=\\\\x07\\\\u009b2J\\.json'\\. $`));
    expect((await cli(['import', evilName], { configDir })).stdout).toMatch(/^Imported /);
  });
});
