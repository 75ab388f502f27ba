import type { Context } from '../context.ts';
import { loadPlanFile, PlanError } from '../io/plan-file.ts';
import { printJson } from './shared.ts';

/** `validate [FILE]`: checks a plan file and prints every error at once. */
export async function runValidate(context: Context, file: string | undefined): Promise<void> {
  const path = file ?? context.planPath;
  try {
    const plan = loadPlanFile(path);
    const days = new Set(plan.sessions.map((session) => session.day)).size;
    if (context.json) {
      return printJson(context, { file: path, valid: true, errors: [], plan: { id: plan.id, title: plan.title, sessions: plan.sessions.length } });
    }
    context.out(
      `${context.theme.good('✔ valid:')} ${path}: "${plan.title}" (${plan.id}), ${plan.sessions.length} sessions over ${days} day${days === 1 ? '' : 's'}, ${plan.keyPoints.length} key points, ${plan.terms.length} terms`,
    );
  } catch (error) {
    if (context.json && error instanceof PlanError) {
      printJson(context, { file: path, valid: false, errors: error.lines });
      // Nothing more on stderr: the JSON on stdout carries the errors; the exit code says invalid.
      throw Object.assign(error, { reported: true });
    }
    throw error;
  }
}
