import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, SLOW, tempDir } from '../helpers.ts';

// The completion scripts the built binary prints are read by real shells: each must at least parse
// (`bash -n`, `zsh -n`, `fish -n`). A shell that is not installed here is skipped, saying so.

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** A plan whose title and ids give quoting something to do: quotes, a dollar sign, a backtick. */
const TRICKY_PLAN = [
  'version: 1',
  'id: tricky',
  `title: "It's \\"quoted\\" $HOME \`date\`"`,
  'sessions:',
  '  - id: only-one',
  `    title: "Don't \\"break\\" $PATH"`,
  '    day: 1',
  '    duration: 20m',
  '    focus: [Read it]',
  '',
].join('\n');

function scriptFor(shell: string, env: NodeJS.ProcessEnv = {}): string {
  const result = runBinary(['completion', shell], { configDir: tempDir(), env });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
  const file = join(tempDir(), `k8s-study.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

/** Runs the bash completion function for a command line (the last word is the one completed). */
function completeInBash(file: string, words: string[]): string[] {
  const program = [`source ${JSON.stringify(file)}`, 'COMP_WORDS=("$@")', 'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))', '_k8s_study', 'printf "%s\\n" "${COMPREPLY[@]}"'].join('\n');
  const result = spawnSync('bash', ['--norc', '-c', program, 'bash', ...words], { encoding: 'utf8', cwd: tempDir() });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean);
}

const SHELLS = ['bash', 'zsh', 'fish'] as const;

describe('completion scripts', () => {
  for (const shell of SHELLS) {
    const present = has(shell);
    it.skipIf(!present)(`${shell} -n accepts the script, for the shipped plan and for a plan with quotes in it${present ? '' : ` (skipped: ${shell} is not installed here)`}`, { timeout: SLOW }, () => {
      const planFile = join(tempDir(), 'tricky.yaml');
      writeFileSync(planFile, TRICKY_PLAN);
      for (const file of [scriptFor(shell), scriptFor(shell, { K8S_STUDY_PLAN: planFile })]) {
        const checked = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
        expect(checked.stderr, `${shell} -n ${file}`).toBe('');
        expect(checked.status, `${shell} -n ${file}`).toBe(0);
      }
    });
  }

  it.skipIf(!has('bash'))('bash completes commands, choices and the current plan\'s sessions', { timeout: SLOW }, () => {
    const file = scriptFor('bash');
    expect(completeInBash(file, ['k8s-study', 'sch'])).toEqual(['schedule']);
    expect(completeInBash(file, ['k8s-study', 'show', 'eks'])).toEqual(['eks-security-architecture']);
    expect(completeInBash(file, ['k8s-study', 'export', '--format', ''])).toEqual(['json', 'ics', 'md']);
    expect(completeInBash(file, ['k8s-study', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // Ratings; the day something was done is never tomorrow, a lab date may well be.
    expect(completeInBash(file, ['k8s-study', 'review', 'etcd', '--rating', ''])).toEqual(['again', 'hard', 'good', 'easy']);
    expect(completeInBash(file, ['k8s-study', 'done', '1', '--at', 't'])).toEqual(['today']);
    expect(completeInBash(file, ['k8s-study', 'lab', 't'])).toEqual(['today', 'tomorrow']);
    // The commands for every plan, statistics and sync, and their options.
    expect(completeInBash(file, ['k8s-study', 'pl'])).toEqual(['plans']);
    expect(completeInBash(file, ['k8s-study', 'sta'])).toEqual(['start', 'status', 'stats']);
    expect(completeInBash(file, ['k8s-study', 'sync', '--'])).toEqual(expect.arrayContaining(['--remote', '--new-machine-id']));
    expect(completeInBash(file, ['k8s-study', 'due', '--a'])).toEqual(['--all']);
    expect(completeInBash(file, ['k8s-study', 'stats', '--'])).toEqual(expect.arrayContaining(['--all', '--weeks']));
    const planFile = join(tempDir(), 'tricky.yaml');
    writeFileSync(planFile, TRICKY_PLAN);
    expect(completeInBash(scriptFor('bash', { K8S_STUDY_PLAN: planFile }), ['k8s-study', 'undo', ''])).toEqual(['1', 'only-one']);
  });
});
