import { sanitizeLine } from '../core/text.ts';
import { plural, type View } from './layout.ts';

/** A valid plan, as `validate` reports it. */
export interface ValidateResult {
  file: string;
  valid: true;
  errors: [];
  plan: { id: string; title: string; sessions: number; days: number; keyPoints: number; terms: number };
}

/** `✔ valid: FILE: "Title" (id), 5 sessions over 3 days, …`. */
export function renderValid({ file, plan }: ValidateResult, { theme }: View): string[] {
  return [
    `${theme.good('✔ valid:')} ${sanitizeLine(file)}: "${plan.title}" (${plan.id}), ${plural(plan.sessions, 'session')} over ${plural(plan.days, 'day')}, ${plural(plan.keyPoints, 'key point')}, ${plural(plan.terms, 'term')}`,
  ];
}
