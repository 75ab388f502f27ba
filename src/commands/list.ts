import { detailOf } from '../core/plan-outline.ts';
import { describeSession, summarizeProgress } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { listJson, renderList, type ListResult } from '../ui/list.ts';
import { present } from './shared.ts';

/** Every session with what is recorded for it, and the overall progress (the SPEC's `list --json`). */
export function computeList(context: Context): ListResult {
  const plan = context.plan();
  const { sessions } = context.readState();
  return {
    plan: { id: plan.id, title: plan.title },
    sessions: plan.sessions.map((session) => describeSession(detailOf(plan, session), sessions[session.id])),
    progress: summarizeProgress(plan, sessions),
    clockedMinutes: Object.fromEntries(Object.entries(sessions).flatMap(([id, record]) => (!record.completedAt && record.clockedMinutes > 0 ? [[id, record.clockedMinutes]] : []))),
  };
}

/** `list`: every session by day with its status and time, and the overall progress. */
export async function runList(context: Context): Promise<void> {
  present(context, computeList(context), listJson, renderList);
  context.offerView();
}
