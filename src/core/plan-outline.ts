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
  /** Key points no session lists: items of theirs (from before an edit of the plan) still belong to it. */
  unlistedKeyPoints: string[];
  /** ItemOwners.fingerprint, worked out once when the outline was cached (a large plan takes a while to hash). */
  layoutFingerprint?: string;
}

/** One session in full, with the key points and terms it lists. */
export interface SessionDetail {
  session: PlanSession;
  keyPoints: KeyPoint[];
  terms: Term[];
}

/** The FSRS target retention of a plan that sets none (90 %): kept here, where commands without the plan parser find it. */
export const DEFAULT_RETENTION = 0.9;

const outlines = new WeakMap<Plan, PlanOutline>();

/** The outline of a whole plan (kept with the plan). */
export function outlineOf(plan: Plan): PlanOutline {
  let outline = outlines.get(plan);
  if (!outline) {
    const listed = new Set(plan.sessions.flatMap((session) => session.terms));
    const listedPoints = new Set(plan.sessions.flatMap((session) => session.keyPoints));
    outline = {
      id: plan.id,
      title: plan.title,
      lab: plan.lab,
      review: plan.review,
      sessions: plan.sessions.map(({ focus: _focus, ...rest }) => rest),
      unlistedTerms: plan.terms.filter((term) => !listed.has(term.id)),
      unlistedKeyPoints: plan.keyPoints.filter((point) => !listedPoints.has(point.id)).map((point) => point.id),
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
  if (kind === 'keypoint') return outline.sessions.some((session) => session.keyPoints.includes(id)) || outline.unlistedKeyPoints.includes(id);
  if (kind === 'term') return outline.sessions.some((session) => session.terms.includes(id)) || outline.unlistedTerms.some((term) => term.id === id);
  return false;
}

/**
 * Which session owns each of the plan's review items: a session its own; a key point or term, the
 * first session that lists it; a term no session lists, none (all such terms share one owner). The
 * store keeps one session's items together by it. `fingerprint` changes whenever an edit to the plan
 * gives an item another owner.
 */
export interface ItemOwners {
  fingerprint: string;
  owner(itemId: string): string;
}

const owners = new WeakMap<PlanOutline, ItemOwners>();

export function itemOwnersOf(outline: PlanOutline): ItemOwners {
  let known = owners.get(outline);
  if (!known) {
    // Built on first use, one map per kind keyed by the bare id (no string is built per item).
    let pointOwners: Map<string, string> | undefined;
    let termOwners: Map<string, string> | undefined;
    const build = (): void => {
      pointOwners = new Map();
      termOwners = new Map();
      for (const session of outline.sessions) {
        for (const id of session.keyPoints) if (!pointOwners.has(id)) pointOwners.set(id, session.id);
        for (const id of session.terms) if (!termOwners.has(id)) termOwners.set(id, session.id);
      }
    };
    known = {
      fingerprint: outline.layoutFingerprint ?? layoutFingerprintOf(outline),
      owner: (itemId) => {
        if (itemId.startsWith('session:')) return itemId.slice('session:'.length);
        if (!pointOwners) build();
        if (itemId.startsWith('keypoint:')) return pointOwners!.get(itemId.slice('keypoint:'.length)) ?? itemId;
        if (itemId.startsWith('term:')) return termOwners!.get(itemId.slice('term:'.length)) ?? ' unlisted terms';
        return itemId;
      },
    };
    owners.set(outline, known);
  }
  return known;
}

/** The fingerprint of which session owns which item: a hash of the sessions' ids and the items each lists, in order. */
export function layoutFingerprintOf(outline: Pick<PlanOutline, 'sessions'>): string {
  let hash = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ 0x0a, 0x01000193) >>> 0;
  };
  for (const session of outline.sessions) {
    mix(session.id);
    for (const id of session.keyPoints) mix(`k${id}`);
    for (const id of session.terms) mix(`t${id}`);
  }
  return `sessions-${hash.toString(16)}`;
}
