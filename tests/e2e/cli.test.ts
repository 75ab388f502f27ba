import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStoreText, runCli, tempDir } from '../helpers.ts';

describe('k8s-study (built binary)', () => {
  it('a bare run shows session 1 of the shipped plan with its checklist (exit 0)', () => {
    const result = runCli([], { configDir: tempDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Next: 1. Shared Responsibility and Compute Types');
    expect(result.stdout).toContain('[ ] 3. Understand AWS\'s responsibility');
    expect(result.stderr).toBe('');
  });

  it('next → check → done → next', () => {
    const configDir = tempDir();
    expect(runCli(['check', '1', '1', '2', '3'], { configDir }).status).toBe(0);
    const done = runCli(['done', '1', '--summary', 'AWS owns the control plane', '--minutes', '55'], { configDir });
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('✔ Done: 1. Shared Responsibility and Compute Types');
    const next = runCli(['next'], { configDir });
    expect(next.stdout).toContain('Next: 2. Security Architecture Example and Cloud Native Gaps');
    expect(next.stdout).toContain('1 of 5 sessions done · 55 min spent of 5 h 30 min planned');
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('prints the SPEC JSON shapes with --json, and nothing else', () => {
    const configDir = tempDir();
    runCli(['done', 'shared', '--no-summary'], { configDir });
    const next = JSON.parse(runCli(['next', '--json'], { configDir }).stdout);
    expect(Object.keys(next).sort()).toEqual(['lab', 'reviewsDue', 'session']);
    expect(Object.keys(next.session).sort()).toEqual(
      ['checklist', 'completedAt', 'day', 'id', 'keyPoints', 'minutes', 'minutesSpent', 'number', 'status', 'summary', 'terms', 'title'].sort(),
    );
    expect(next.session.checklist[0]).toEqual({ number: 1, text: expect.any(String), done: false });
    const list = JSON.parse(runCli(['--json', 'list'], { configDir }).stdout);
    expect(Object.keys(list).sort()).toEqual(['plan', 'progress', 'sessions']);
    expect(list.sessions[0].completedAt).toMatch(/^2026-12-01T10:00:00[+-]\d{2}:\d{2}$/);
    const show = JSON.parse(runCli(['show', '1', '--json'], { configDir }).stdout);
    expect(show).toMatchObject({ id: 'shared-responsibility', number: 1, status: 'done', minutesSpent: 60, summary: null });
  });

  it('exit 1: unknown session, invalid plan, missing plan', () => {
    const configDir = tempDir();
    const unknown = runCli(['show', '9'], { configDir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('error: unknown session "9": use a number from 1 to 5 or an id (k8s-study list shows them)\n');
    const folder = tempDir();
    const bad = join(folder, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nid: p\ntitle: T\nsessions:\n  - id: a\n    title: A\n    day: 0\n    duration: soon\n    focus: [x]\n');
    const invalid = runCli(['--plan', bad, 'next'], { configDir });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr.trim().split('\n')).toEqual([
      `${bad}:7:10: sessions[0].day: must be a positive whole number`,
      `${bad}:8:15: sessions[0].duration: must be a duration such as 1h, 90m, 1.5h or 1h30m`,
    ]);
    const validate = runCli(['validate', bad], { configDir });
    expect(validate.status).toBe(1);
    expect(validate.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    const missing = runCli(['next'], { configDir, env: { K8S_STUDY_PLAN: join(folder, 'nope.yaml') } });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.yaml: no such file');
    expect(readStoreText(configDir)).toBeNull();
  });

  it('exit 2: unknown command or option, bad values, input needed without a terminal', () => {
    const configDir = tempDir();
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['list', '--bogus'], /unknown option '--bogus'/],
      [['done', '1', '--at', 'someday'], /--at "someday" is not a date/],
      [['done', '1', '--minutes', '-5'], /--minutes "-5"/],
      [['check', '1', '9'], /checklist item "9" does not exist/],
      [['check', '1'], /check needs item numbers when not run on a terminal/],
      [['note', '1'], /note needs --summary/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    for (const args of [['\u001b]52;c;AAAA\u0007oops'], ['list', '--x\u001b[31m'], ['show', '\u001b[2Jx']]) {
      const result = runCli(args, { configDir });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).not.toContain("\u001b");
      expect(result.stderr).not.toContain("\u0007");
    }
    const badClock = runCli(['next'], { configDir, now: 'yesterday-ish' });
    expect(badClock.status).toBe(2);
    expect(badClock.stderr).toContain('K8S_STUDY_NOW="yesterday-ish"');
    expect(readStoreText(configDir)).toBeNull();
  });

  it('never overwrites a corrupt store or one from a newer version (exit 1, naming the file)', () => {
    const configDir = tempDir();
    mkdirSync(configDir, { recursive: true });
    const file = join(configDir, 'config.json');
    for (const content of ['{"plans": {', '', JSON.stringify({ plans: {}, __internal__: { migrations: { version: '9.0.0' } } })]) {
      writeFileSync(file, content);
      for (const args of [['next'], ['done', '1', '--no-summary'], ['check', '1', '1']]) {
        const result = runCli(args, { configDir });
        expect(result.status, `${args.join(' ')} on ${JSON.stringify(content)}`).toBe(1);
        expect(result.stderr).toContain(file);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(readFileSync(file, 'utf8')).toBe(content);
      }
    }
    writeFileSync(file, '{"plans": {');
    expect(runCli(['next'], { configDir }).stderr).toMatch(/is not valid JSON .*left as it is/);
    writeFileSync(file, JSON.stringify({ plans: {}, __internal__: { migrations: { version: '9.0.0' } } }));
    expect(runCli(['next'], { configDir }).stderr).toMatch(/written by a newer k8s-study .*Upgrade k8s-study/);
  });

  it('--version, --help with examples for every command', () => {
    const configDir = tempDir();
    const version = runCli(['--version'], { configDir });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    const help = runCli(['--help'], { configDir });
    expect(help.status).toBe(0);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)(?:\|[a-z]+)? /gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(9);
    for (const command of commands) {
      const commandHelp = runCli([command as string, '--help'], { configDir });
      expect(commandHelp.status, command).toBe(0);
      expect(commandHelp.stdout, command).toMatch(/Example:\n {2}\$ k8s-study /);
    }
  });

  it('init writes a valid copy of the shipped plan and refuses to overwrite it', () => {
    const configDir = tempDir();
    const folder = tempDir();
    const target = join(folder, 'mine.yaml');
    expect(runCli(['init', target], { configDir }).status).toBe(0);
    expect(runCli(['validate', target], { configDir }).stdout).toContain('5 sessions over 3 days, 7 key points, 5 terms');
    writeFileSync(target, 'my edits');
    const again = runCli(['init', target], { configDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${target} already exists`);
    expect(readFileSync(target, 'utf8')).toBe('my edits');
    const nowhere = runCli(['init', join(folder, 'missing', 'plan.yaml')], { configDir });
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toBe(`error: cannot write ${join(folder, 'missing', 'plan.yaml')}: its folder does not exist\n`);
  });

  it('colours only when asked and never with --no-color or NO_COLOR', () => {
    const configDir = tempDir();
    const forced = runCli(['list'], { configDir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    expect(runCli(['list', '--no-color'], { configDir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['list'], { configDir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['list', '--json'], { configDir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});
