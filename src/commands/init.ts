import { readFileSync, writeFileSync } from 'node:fs';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import { dataDirectory, parsePlan, shippedPlanPath } from '../io/plan-file.ts';
import { printJson } from './shared.ts';

export const DEFAULT_INIT_FILE = 'study-plan.yaml';

/** `init [FILE]`: writes a copy of the shipped plan to start your own; never overwrites. */
export async function runInit(context: Context, file: string | undefined): Promise<void> {
  const target = file ?? DEFAULT_INIT_FILE;
  // Point the editor hint at the schema inside the installed package, wherever the copy lands.
  const text = readFileSync(shippedPlanPath(), 'utf8').replace(
    /^# yaml-language-server: \$schema=.*$/m,
    `# yaml-language-server: $schema=${dataDirectory()}plan.schema.json`,
  );
  const plan = parsePlan(text, target);
  try {
    writeFileSync(target, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new StudyError(`${target} already exists; it was left as it is. Name another file: k8s-study init my-plan.yaml`);
    const reasons: Record<string, string> = {
      ENOENT: 'its folder does not exist',
      EISDIR: 'it is a folder; name a file in it',
      EACCES: 'permission denied',
      EROFS: 'the disk is read-only',
      ENOSPC: 'the disk is full',
    };
    throw new StudyError(`cannot write ${target}: ${(code && reasons[code]) ?? code ?? String(error)}`);
  }
  if (context.json) return printJson(context, { file: target, plan: { id: plan.id, title: plan.title } });
  const { theme } = context;
  context.out(`${theme.good('Wrote')} ${target}: a copy of "${plan.title}" to make your own.`);
  context.out(`Give it a new ${theme.heading('id')} so its progress is kept apart, check it with ${theme.command(`k8s-study validate ${target}`)},`);
  context.out(`then study it with ${theme.command(`k8s-study --plan ${target} next`)} (or set K8S_STUDY_PLAN=${target}).`);
}
