import type { KeyPoint, Plan, PlanSession, Term } from './plan.ts';

// Looking things up in a plan. Kept apart from plan validation (plan.ts), so the commands that only
// read a plan never load the schema library; and indexed once per plan, so that going through
// thousands of sessions or review items never scans the plan for each one.

export interface PlanIndex {
  sessions: ReadonlyMap<string, PlanSession>;
  keyPoints: ReadonlyMap<string, KeyPoint>;
  terms: ReadonlyMap<string, Term>;
}

const indexes = new WeakMap<Plan, PlanIndex>();

/** The plan's sessions, key points and terms by id, built on first use and kept with the plan. */
export function indexPlan(plan: Plan): PlanIndex {
  let index = indexes.get(plan);
  if (!index) {
    index = {
      sessions: new Map(plan.sessions.map((session) => [session.id, session])),
      keyPoints: new Map(plan.keyPoints.map((point) => [point.id, point])),
      terms: new Map(plan.terms.map((term) => [term.id, term])),
    };
    indexes.set(plan, index);
  }
  return index;
}

/** The outcome of looking a session up by what the user typed. */
export type SessionLookup<S = PlanSession> = { session: S } | { session: null; reason: 'unknown' | 'ambiguous'; candidates: S[] };

/** Finds a session by its number as `list` shows it, its id, or an unambiguous prefix of its id. */
export function findSession<S extends { id: string }>(plan: { sessions: S[] }, reference: string): SessionLookup<S> {
  const wanted = reference.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) {
    const session = plan.sessions[Number(wanted) - 1];
    return session ? { session } : { session: null, reason: 'unknown', candidates: [] };
  }
  const exact = plan.sessions.find((session) => session.id === wanted);
  if (exact) return { session: exact };
  const candidates = wanted ? plan.sessions.filter((session) => session.id.startsWith(wanted)) : [];
  if (candidates.length === 1 && candidates[0]) return { session: candidates[0] };
  return { session: null, reason: candidates.length > 1 ? 'ambiguous' : 'unknown', candidates };
}
