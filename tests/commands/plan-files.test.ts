import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SHIPPED_PLAN, tempDir } from '../helpers.ts';
import { flat, json, ok, smallPlan, storeSnapshot, writePlan } from './support.ts';

// The commands about plan files and the shell: validate, init, completion. None of them touches
// the store.

const BROKEN = `version: 1
id: Not A Slug
title: Broken
sessions:
  - id: first
    title: First
    day: 0
    duration: soon
    focus: [Read]
    keyPoints: [nope]
`;

describe('validate', () => {
  it('the shipped plan (the current plan by default) is valid', async () => {
    const configDir = tempDir();
    const out = flat(await ok(['validate'], { configDir }));
    expect(out).toBe(`✔ valid: ${SHIPPED_PLAN}: "Kubernetes Security Fundamentals" (k8s-security-fundamentals), 5 sessions over 3 days, 7 key points, 5 terms `);
    expect(await json(['validate'], { configDir })).toEqual({
      file: SHIPPED_PLAN,
      valid: true,
      errors: [],
      plan: { id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals', sessions: 5 },
    });
    const small = writePlan(smallPlan());
    expect(flat(await ok(['validate', small], { configDir }))).toContain('"Small Plan" (small-plan), 3 sessions over 2 days, 2 key points, 1 term');
    expect(flat(await ok(['--plan', small, 'validate'], { configDir }))).toContain(`✔ valid: ${small}:`);
    expect(storeSnapshot(configDir)).toEqual({});
  });

  it('prints every error of an invalid plan as FILE:LINE:COL: message (exit 1)', async () => {
    const file = writePlan(BROKEN);
    const result = await cli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `${file}:2:5: id: must be a lowercase slug such as "shared-responsibility"`,
      `${file}:7:10: session "first", day: must be a positive whole number`,
      `${file}:8:15: session "first", duration: must be a duration such as 1h, 90m, 1.5h or 1h30m`,
      `${file}:10:17: session "first", keyPoints[0]: no key point has the id "nope"`,
    ]);
    expect(storeSnapshot(result.configDir)).toEqual({});
  });

  it('--json puts the errors in the one document, and nothing on stderr (exit 1)', async () => {
    const file = writePlan(BROKEN);
    const result = await cli(['--json', 'validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout) as { file: string; valid: boolean; errors: string[] };
    expect(doc).toMatchObject({ file, valid: false });
    expect(doc.errors).toHaveLength(4);
    expect(doc.errors[0]).toBe(`${file}:2:5: id: must be a lowercase slug such as "shared-responsibility"`);
  });

  it('a file that is missing or is not YAML is exit 1, naming it', async () => {
    const folder = tempDir();
    const missing = await cli(['validate', join(folder, 'nope.yaml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`error: cannot read plan ${join(folder, 'nope.yaml')}: no such file\n`);
    const garbage = writePlan('sessions: [unclosed\n', 'garbage.yaml');
    const result = await cli(['validate', garbage]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${garbage}:\\d+:\\d+: `));
  });
});

describe('init', () => {
  it('writes a copy of the shipped plan that validates, and says what to do next', async () => {
    const configDir = tempDir();
    const target = join(tempDir(), 'mine.yaml');
    const out = flat(await ok(['init', target], { configDir }));
    expect(out).toContain(`Wrote ${target}: a copy of "Kubernetes Security Fundamentals" to make your own.`);
    expect(out).toContain(`check it with k8s-study validate ${target},`);
    expect(out).toContain(`then study it with k8s-study --plan ${target} next (or set K8S_STUDY_PLAN=${target}).`);
    expect(flat(await ok(['validate', target], { configDir }))).toContain('5 sessions over 3 days, 7 key points, 5 terms');
    expect(await json(['--plan', target, 'next'], { configDir })).toMatchObject({ session: { id: 'shared-responsibility' } });
    expect(storeSnapshot(configDir)).toEqual({});
  });

  it('without a file name writes study-plan.yaml in the current folder', async () => {
    const folder = tempDir();
    const before = process.cwd();
    process.chdir(folder);
    try {
      expect(flat(await ok(['init']))).toContain('Wrote study-plan.yaml: a copy of');
    } finally {
      process.chdir(before);
    }
    expect(readFileSync(join(folder, 'study-plan.yaml'), 'utf8')).toContain('id: k8s-security-fundamentals');
  });

  it('refuses to overwrite a file, leaving it as it was (exit 1)', async () => {
    const target = join(tempDir(), 'mine.yaml');
    writeFileSync(target, 'my own edits\n');
    const result = await cli(['init', target]);
    expect(result.status).toBe(1);
    // The name suggested is free: the one asked for, numbered past the files already there.
    const stem = target.replace(/\.yaml$/, '');
    expect(result.stderr).toBe(`error: cannot write ${target}: it already exists; it was left as it is. Name another file: k8s-study init ${stem}-2.yaml\n`);
    expect(readFileSync(target, 'utf8')).toBe('my own edits\n');
    writeFileSync(`${stem}-2.yaml`, 'another\n');
    expect((await cli(['init', target])).stderr).toContain(`Name another file: k8s-study init ${stem}-3.yaml\n`);
    // Asked for the numbered one: the next number, not ${stem}-2-2.yaml.
    expect((await cli(['init', `${stem}-2.yaml`])).stderr).toContain(`Name another file: k8s-study init ${stem}-3.yaml\n`);
    const nowhere = join(tempDir(), 'missing', 'plan.yaml');
    const missing = await cli(['init', nowhere]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`error: cannot write ${nowhere}: its folder does not exist; make it first (mkdir -p), or name a file in a folder that exists\n`);
    expect(existsSync(nowhere)).toBe(false);
  });
});

describe('completion', () => {
  it('bash: commands, options and the sessions of the current plan', async () => {
    const out = await ok(['completion', 'bash']);
    expect(out).toMatch(/^# bash completion for k8s-study/);
    expect(out).toContain('complete -o filenames -F _k8s_study k8s-study');
    expect(out).toContain("_k8s_study_sessions='1 2 3 4 5 shared-responsibility architecture-cloud-native-gaps eks-security-architecture additional-security-components review-lab-preparation'");
    expect(out).toContain("compgen -W 'next list ls show check start stop done undo note due review lab status stats plans schedule export import sync validate init completion help'");
    // Review items complete for review and show (show: sessions too).
    expect(out).toContain("_k8s_study_items='session:shared-responsibility session:architecture-cloud-native-gaps");
    expect(out).toContain('term:kube-scheduler term:etcd term:cloud-controller-manager');
    expect(out).toContain('"review 0") _k8s_study_reply_ids "$_k8s_study_items" ;;');
    expect(out).toContain('"show 0") _k8s_study_reply_ids "$_k8s_study_sessions $_k8s_study_items" ;;');
    expect(out).toContain('"review --session") _k8s_study_reply < <(compgen -W "$_k8s_study_sessions" -- "$cur") ;;');
    expect(out).toContain("'done') _k8s_study_reply < <(compgen -W '--summary --no-summary --minutes --at");
    expect(out).toContain("\"completion 0\") _k8s_study_reply < <(compgen -W 'bash zsh fish'");
  });

  it('zsh and fish: the same commands and sessions in their own syntax', async () => {
    const zsh = await ok(['completion', 'zsh']);
    expect(zsh).toMatch(/^#compdef k8s-study\n/);
    expect(zsh).toContain("'shared-responsibility:Shared Responsibility and Compute Types'");
    expect(zsh).toContain("'1:session:_k8s_study_sessions'");
    const fish = await ok(['completion', 'fish']);
    expect(fish).toMatch(/^# fish completion for k8s-study/);
    expect(fish).toContain('complete -c k8s-study -e');
    expect(fish).toContain("-a 'shared-responsibility' -d 'Shared Responsibility and Compute Types'");
    expect(fish).toContain("-a 'review' -d 'recall what is due, then rate it with one key");
    expect(fish).toContain("complete -c k8s-study -n '__k8s_study_at review 0' -a 'term:etcd' -d 'etcd'");
    expect(zsh).toContain("'term\\:kube-apiserver:kube-api server'");
  });

  it('follows the plan in use', async () => {
    const plan = writePlan(smallPlan());
    const out = await ok(['--plan', plan, 'completion', 'bash']);
    expect(out).toContain('with the sessions of the plan "small-plan"');
    expect(out).toContain("_k8s_study_sessions='1 2 3 alpha beta gamma'");
  });

  it('with a broken plan still completes commands, with a warning (exit 0)', async () => {
    const plan = writePlan(BROKEN);
    const result = await cli(['--plan', plan, 'completion', 'bash']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`warning: no session completion: ${plan}:2:5: id: must be a lowercase slug such as "shared-responsibility"\n`);
    expect(result.stdout).toContain("_k8s_study_sessions=''");
    expect(result.stdout).toContain('complete -o filenames -F _k8s_study k8s-study');
  });

  it('refuses a shell it does not know (exit 2)', async () => {
    const result = await cli(['completion', 'powershell']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: "powershell" is not a shell k8s-study knows: use one of bash, zsh, fish\n');
    expect(result.stdout).toBe('');
  });
});
