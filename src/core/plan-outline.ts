import type { KeyPoint, Plan, PlanSession, Term } from './plan.ts';
import { indexPlan } from './plan-index.ts';

// A plan without its texts: every session's id, number, title, day, time and the key points and
// terms it lists, but no checklist lines and no key point or term texts. A command that changes one
// session or one review item needs only this and that one session in full (SessionDetail), so on a
// plan of a thousand sessions it reads a small part of what the whole plan takes to parse.

/** One session of the outline: everything but its checklist lines. */
export type SessionOutline = Omit<PlanSession, 'focus'>;

export interface PlanOutline {
  id: string;
  title: string;
  lab: Plan['lab'];
  review: Plan['review'];
  sessions: SessionOutline[];
  /** Terms no session lists (their review items start with the first session done), in full. */
  unlistedTerms: Term[];
}

/** One session in full, with the key points and terms it lists. */
export interface SessionDetail {
  session: PlanSession;
  keyPoints: KeyPoint[];
  terms: Term[];
}

const outlines = new WeakMap<Plan, PlanOutline>();

/** The outline of a whole plan (kept with the plan). */
export function outlineOf(plan: Plan): PlanOutline {
  let outline = outlines.get(plan);
  if (!outline) {
    const listed = new Set(plan.sessions.flatMap((session) => session.terms));
    outline = {
      id: plan.id,
      title: plan.title,
      lab: plan.lab,
      review: plan.review,
      sessions: plan.sessions.map(({ focus: _focus, ...rest }) => rest),
      unlistedTerms: plan.terms.filter((term) => !listed.has(term.id)),
    };
    outlines.set(plan, outline);
  }
  return outline;
}

/** A session of a whole plan in full, with the key points and terms it lists (in its order). */
export function detailOf(plan: Plan, session: Pick<PlanSession, 'id'>): SessionDetail {
  const { sessions, keyPoints, terms } = indexPlan(plan);
  const full = sessions.get(session.id);
  if (!full) throw new Error(`the plan has no session "${session.id}"`);
  return {
    session: full,
    keyPoints: full.keyPoints.flatMap((id) => (keyPoints.has(id) ? [keyPoints.get(id)!] : [])),
    terms: full.terms.flatMap((id) => (terms.has(id) ? [terms.get(id)!] : [])),
  };
}

/** Whether a review item id names something the plan has: a session, a key point or term it lists, an unlisted term. */
export function outlineHasItem(outline: PlanOutline, itemId: string): boolean {
  const colon = itemId.indexOf(':');
  const kind = itemId.slice(0, colon);
  const id = itemId.slice(colon + 1);
  if (kind === 'session') return outline.sessions.some((session) => session.id === id);
  if (kind === 'keypoint') return outline.sessions.some((session) => session.keyPoints.includes(id));
  if (kind === 'term') return outline.sessions.some((session) => session.terms.includes(id)) || outline.unlistedTerms.some((term) => term.id === id);
  return false;
}
