import type { Context } from '../context.ts';
import { loadEveryPlan } from '../lazy.ts';
import { renderPlans } from '../ui/plans.ts';
import { present } from './shared.ts';

/** `plans`: every plan this store has progress for: title, file last used, sessions done of total, reviews due. */
export async function runPlans(context: Context): Promise<void> {
  const { computePlans } = await loadEveryPlan();
  present(context, await computePlans(context), (result) => result, renderPlans);
}
