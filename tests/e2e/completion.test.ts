import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

function script(shell: string, env: NodeJS.ProcessEnv = {}): string {
  const result = runCli(['completion', shell], { configDir: tempDir(), env });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function saved(shell: string, text: string): string {
  const file = join(tempDir(), `k8s-study.${shell}`);
  writeFileSync(file, text);
  return file;
}

/** Runs the bash completion function for a command line (the last word is the one completed). */
function completeInBash(file: string, words: string[]): string[] {
  const program = [
    `source ${JSON.stringify(file)}`,
    'COMP_WORDS=("$@")',
    'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
    '_k8s_study',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '-c', program, 'bash', ...words], { encoding: 'utf8', cwd: tempDir() });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean);
}

describe('completion', () => {
  it('bash: the script parses (bash -n) and completes commands, options, choices and the plan\'s sessions', () => {
    const file = saved('bash', script('bash'));
    expect(spawnSync('bash', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    expect(completeInBash(file, ['k8s-study', ''])).toEqual(expect.arrayContaining(['next', 'ls', 'status', 'schedule', 'export', 'import', 'completion']));
    expect(completeInBash(file, ['k8s-study', 'sch'])).toEqual(['schedule']);
    expect(completeInBash(file, ['k8s-study', 'show', ''])).toEqual([
      '1', '2', '3', '4', '5',
      'shared-responsibility', 'architecture-cloud-native-gaps', 'eks-security-architecture', 'additional-security-components', 'review-lab-preparation',
    ]);
    expect(completeInBash(file, ['k8s-study', '--plan', 'x.yaml', 'done', 'eks'])).toEqual(['eks-security-architecture']);
    expect(completeInBash(file, ['k8s-study', 'check', '1', ''])).toEqual([]);
    expect(completeInBash(file, ['k8s-study', 'export', '--format', ''])).toEqual(['json', 'ics', 'md']);
    expect(completeInBash(file, ['k8s-study', 'export', '--'])).toEqual(expect.arrayContaining(['--format', '--output', '--json']));
    expect(completeInBash(file, ['k8s-study', 'import', '--r'])).toEqual(['--replace']);
    expect(completeInBash(file, ['k8s-study', 'schedule', '--start', 't'])).toEqual(['today', 'tomorrow']);
    expect(completeInBash(file, ['k8s-study', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('takes the sessions from the current plan (--plan or K8S_STUDY_PLAN)', () => {
    const planFile = join(tempDir(), 'plan.yaml');
    writeFileSync(planFile, 'version: 1\nid: tiny\ntitle: Tiny\nsessions:\n  - id: only-one\n    title: "It\'s the only one"\n    day: 1\n    duration: 20m\n    focus: [Read it]\n');
    const text = script('bash', { K8S_STUDY_PLAN: planFile });
    expect(text).toContain('with the sessions of the plan "tiny"');
    expect(completeInBash(saved('bash', text), ['k8s-study', 'undo', ''])).toEqual(['1', 'only-one']);
    // A title with a quote stays data in every shell.
    for (const shell of ['zsh', 'fish'].filter(has)) {
      const file = saved(shell, script(shell, { K8S_STUDY_PLAN: planFile }));
      expect(spawnSync(shell, ['-n', file], { encoding: 'utf8' }).status, shell).toBe(0);
    }
  });

  it('still gives a working script, without sessions, when the plan is broken', () => {
    const result = runCli(['completion', 'bash'], { configDir: tempDir(), env: { K8S_STUDY_PLAN: join(tempDir(), 'missing.yaml') } });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^warning: no session completion: cannot read plan .*missing\.yaml/);
    const file = saved('bash', result.stdout);
    expect(completeInBash(file, ['k8s-study', 'show', ''])).toEqual([]);
    expect(completeInBash(file, ['k8s-study', 'imp'])).toEqual(['import']);
  });

  it('refuses a shell it does not know (exit 2)', () => {
    const result = runCli(['completion', 'powershell'], { configDir: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });

  it.skipIf(!has('zsh'))('zsh: the script parses (zsh -n) and registers itself after compinit', () => {
    const file = saved('zsh', script('zsh'));
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    const loaded = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D && source ${JSON.stringify(file)} && print -r -- $_comps[k8s-study]`], { encoding: 'utf8', cwd: tempDir() });
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout.trim()).toBe('_k8s_study');
  });

  it.skipIf(!has('fish'))('fish: the script parses (fish -n) and completes commands and sessions', () => {
    const file = saved('fish', script('fish'));
    expect(spawnSync('fish', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    const complete = (line: string): string[] =>
      spawnSync('fish', ['--no-config', '-c', `source ${JSON.stringify(file)}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8', cwd: tempDir() })
        .stdout.split('\n').filter(Boolean).map((entry) => entry.split('\t')[0] as string);
    expect(complete('k8s-study sch')).toEqual(['schedule']);
    expect(complete('k8s-study show eks')).toEqual(['eks-security-architecture']);
    expect(complete('k8s-study export --format ')).toEqual(['ics', 'json', 'md']);
    expect(complete('k8s-study check 1 ')).toEqual([]);
  });
});
