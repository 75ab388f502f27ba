import { planFigures } from '../core/overview.ts';
import type { Context } from '../context.ts';
import { renderPlans, type PlansResult } from '../ui/plans.ts';
import { present } from './shared.ts';
import { readStoredPlans } from './stored-plans.ts';

/** Every plan of the store: its title, the file last used for it, sessions done of total, reviews due. */
export async function computePlans(context: Context): Promise<PlansResult> {
  const today = context.today();
  return {
    plans: (await readStoredPlans(context)).map((entry) => {
      const figures = planFigures(entry.plan, entry.state, today);
      return {
        id: entry.id,
        title: entry.title,
        current: entry.current,
        file: entry.file,
        fileState: entry.fileState,
        sessions: { done: figures.done, total: figures.total },
        reviewsDue: figures.reviewsDue,
        lab: entry.state.meta.lab,
      };
    }),
  };
}

/** `plans`: every plan this store has progress for. */
export async function runPlans(context: Context): Promise<void> {
  present(context, await computePlans(context), (result) => result, renderPlans);
}
