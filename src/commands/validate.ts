import type { Context } from '../context.ts';
import { loadPlanParser } from '../lazy.ts';
import { renderValid, type ValidateResult } from '../ui/validate.ts';
import { present } from './shared.ts';

/** `validate [FILE]`: checks a plan file and prints every error at once. */
export async function runValidate(context: Context, file: string | undefined): Promise<void> {
  const path = file ?? context.planPath;
  try {
    const plan = (await loadPlanParser()).loadPlanFile(path);
    const result: ValidateResult = {
      file: path,
      valid: true,
      errors: [],
      plan: { id: plan.id, title: plan.title, sessions: plan.sessions.length, days: new Set(plan.sessions.map((session) => session.day)).size, keyPoints: plan.keyPoints.length, terms: plan.terms.length },
    };
    present(context, result, ({ plan: summary, ...rest }) => ({ ...rest, plan: { id: summary.id, title: summary.title, sessions: summary.sessions } }), renderValid);
  } catch (error) {
    // Plan errors come from the plan parser's own bundle: told by their lines, not their class.
    const lines = (error as { lines?: unknown }).lines;
    if (context.json && Array.isArray(lines)) {
      context.printJson({ file: path, valid: false, errors: lines });
      // Nothing more on stderr: the JSON on stdout carries the errors; the exit code says invalid.
      throw Object.assign(error as Error, { reported: true });
    }
    throw error;
  }
}
