import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { daysBetween } from '../core/dates.ts';
import type { ReviewEvent } from '../core/events.ts';
import { dueDays, dueItems, planFigures } from '../core/overview.ts';
import type { Plan } from '../core/plan.ts';
import { dict, type PlanState, type SessionRecord } from '../core/records.ts';
import { buildStatus, studyStreak } from '../core/status.ts';
import type { Context } from '../context.ts';
import type { DueAllResult } from '../ui/due.ts';
import type { PlanFileState, PlansResult } from '../ui/plans.ts';
import type { StatusAllPlan, StatusAllResult } from '../ui/status.ts';

// Every plan the store keeps progress for, each with its plan file when it is at hand: what `plans`,
// `due --all`, `status --all`, `stats --all` and `sync` go through, and what the first three show.
// Loaded only by the commands that look at every plan (src/lazy.ts: dist/lib/every-plan.cjs). A plan is found in the file it was
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

/** Every plan of the store: its title, the file last used for it, sessions done of total, reviews due (`plans`). */
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

/** The review items due in every plan of the store (`due --all`); a plan without its file lists its items by id. */
export async function computeDueAll(context: Context, upcomingDays: number): Promise<DueAllResult> {
  const today = context.today();
  const plans = (await readStoredPlans(context)).map((entry) => ({
    plan: { id: entry.id, title: entry.title },
    current: entry.current,
    file: entry.file,
    fileState: entry.fileState,
    ...dueItems(entry.plan, entry.state, today, upcomingDays),
  }));
  return { plans, upcomingDays };
}


/** Where you stand in every plan of the store (`status --all`): a plan without its file, from its records alone. */
export async function computeStatusAll(context: Context): Promise<StatusAllResult> {
  const today = context.today();
  const everySession = dict<SessionRecord>();
  const everyReview: ReviewEvent[] = [];
  const plans = (await readStoredPlans(context)).map((entry): StatusAllPlan => {
    const reviews = context.store.countedReviews(entry.id);
    everyReview.push(...reviews);
    for (const [id, record] of Object.entries(entry.state.sessions)) everySession[`${entry.id}/${id}`] = record;
    const base = { plan: { id: entry.id, title: entry.title }, current: entry.current, file: entry.file, fileState: entry.fileState };
    const lab = entry.state.meta.lab ? { date: entry.state.meta.lab, daysLeft: daysBetween(today, entry.state.meta.lab) } : null;
    if (entry.plan) {
      const report = buildStatus(entry.plan, entry.state, reviews, today, context.dayStartHour);
      const { done, total, minutesPlanned, minutesSpent } = report.progress;
      return { ...base, progress: { done, total, minutesPlanned, minutesSpent }, reviews: report.reviews, streak: report.streak, lab };
    }
    const figures = planFigures(null, entry.state, today);
    const days = dueDays(null, entry.state, today).sort();
    return {
      ...base,
      progress: { done: figures.done, total: null, minutesPlanned: null, minutesSpent: figures.minutesSpent },
      reviews: { due: figures.reviewsDue, done: reviews.length, next: days[0] ?? null },
      streak: studyStreak(entry.state.sessions, reviews, today, context.dayStartHour),
      lab,
    };
  });
  return { today, plans, streak: studyStreak(everySession, everyReview, today, context.dayStartHour) };
}
