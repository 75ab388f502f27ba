import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plan } from '../core/plan.ts';
import type { PlanState } from '../core/records.ts';
import type { Context } from '../context.ts';
import type { PlanFileState } from '../ui/plans.ts';

// Every plan the store keeps progress for, each with its plan file when it is at hand: what `plans`,
// `due --all`, `status --all`, `stats --all` and `sync` go through. A plan is found in the file it was
// last used with (the store records it with every change); the current plan (--plan, else
// K8S_STUDY_PLAN, else the shipped one) in its own. A plan whose file has moved or gone is still
// listed, with what the store knows of it: its title, its records.


export interface StoredPlan {
  id: string;
  title: string;
  /** The plan file: the current plan's, else the one it was last used with (absolute), or null. */
  file: string | null;
  fileState: PlanFileState;
  /** The plan the command runs with (--plan, K8S_STUDY_PLAN or the shipped one). */
  current: boolean;
  /** The plan itself, when its file is at hand. */
  plan: Plan | null;
  state: PlanState;
}

/** The current plan, or null when its file cannot be used (the other plans are still listed). */
function currentPlan(context: Context): Plan | null {
  try {
    return context.plan();
  } catch (error) {
    if ((error as { exitCode?: unknown }).exitCode === 1) return null;
    throw error;
  }
}

/** A plan from the file it was last used with, and what became of that file. */
export async function planAt(context: Context, id: string, file: string | null): Promise<{ plan: Plan | null; fileState: PlanFileState }> {
  if (file === null) return { plan: null, fileState: 'unknown' };
  if (!existsSync(file) || !statSync(file).isFile()) return { plan: null, fileState: 'missing' };
  try {
    const plan = (await context.openPlan(file)).plan();
    return plan.id === id ? { plan, fileState: 'found' } : { plan: null, fileState: 'other-plan' };
  } catch (error) {
    if ((error as { exitCode?: unknown }).exitCode === 1) return { plan: null, fileState: 'invalid' };
    throw error;
  }
}

/**
 * Every plan the store has progress for, the current plan first (listed even before anything is
 * recorded for it), then the others by title.
 */
export async function readStoredPlans(context: Context): Promise<StoredPlan[]> {
  const { plans } = context.store.readRoot();
  const current = currentPlan(context);
  const listed: StoredPlan[] = [];
  if (current) {
    listed.push({ id: current.id, title: current.title, file: resolve(context.planPath), fileState: 'found', current: true, plan: current, state: context.store.readPlan(current.id) });
  }
  const others = Object.entries(plans).filter(([id]) => id !== current?.id);
  const found: StoredPlan[] = [];
  for (const [id, meta] of others) {
    const { plan, fileState } = await planAt(context, id, meta.file);
    found.push({ id, title: plan?.title ?? (meta.title || id), file: meta.file, fileState, current: false, plan, state: context.store.readPlan(id) });
  }
  found.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...listed, ...found];
}
