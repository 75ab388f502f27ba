import type { Context } from '../context.ts';
import { PlanError } from '../errors.ts';
import { loadPlanFile } from '../io/plan-file.ts';
import { renderValid, type ValidateResult } from '../ui/validate.ts';
import { present } from './shared.ts';

/** `validate [FILE]`: checks a plan file and prints every error at once. */
export async function runValidate(context: Context, file: string | undefined): Promise<void> {
  const path = file ?? context.planPath;
  try {
    const plan = loadPlanFile(path);
    const result: ValidateResult = {
      file: path,
      valid: true,
      errors: [],
      plan: { id: plan.id, title: plan.title, sessions: plan.sessions.length, days: new Set(plan.sessions.map((session) => session.day)).size, keyPoints: plan.keyPoints.length, terms: plan.terms.length },
    };
    present(context, result, ({ plan: summary, ...rest }) => ({ ...rest, plan: { id: summary.id, title: summary.title, sessions: summary.sessions } }), renderValid);
  } catch (error) {
    if (context.json && error instanceof PlanError) {
      context.printJson({ file: path, valid: false, errors: error.lines });
      // Nothing more on stderr: the JSON on stdout carries the errors; the exit code says invalid.
      throw Object.assign(error, { reported: true });
    }
    throw error;
  }
}
