import { findSession } from './plan-index.ts';
import { listingsOf, outlineHasItem, type PlanOutline } from './plan-outline.ts';
import { splitItemId } from './records.ts';
import { editDistance } from './text.ts';

// Naming review items on the command line (SPEC §7): `session:ID`, `keypoint:ID`, `term:ID`, the
// session's number or id start after `session:`, a bare id (`etcd`), or a unique start of any
// item's id (`kube-s`). An unknown or ambiguous name comes back with the closest candidates, for a
// "did you mean". `show` takes a session or an item: a session first (its number, id or unique id
// start), and only when no session matches, an item.

const KINDS = ['session', 'keypoint', 'term'] as const;

export type ItemLookup = { id: string } | { id: null; reason: 'unknown' | 'ambiguous'; candidates: string[] };

const itemLists = new WeakMap<PlanOutline, string[]>();

/** Every review item id the plan can have, in plan order: sessions, key points, terms. */
export function itemIdsOf(outline: PlanOutline): string[] {
  let ids = itemLists.get(outline);
  if (!ids) {
    const listed = [...listingsOf(outline).keys()];
    ids = [
      ...outline.sessions.map((session) => `session:${session.id}`),
      ...listed.filter((id) => id.startsWith('keypoint:')),
      ...outline.unlistedKeyPoints.map((id) => `keypoint:${id}`),
      ...listed.filter((id) => id.startsWith('term:')),
      ...outline.unlistedTerms.map((term) => `term:${term.id}`),
    ];
    itemLists.set(outline, ids);
  }
  return ids;
}

/**
 * The closest of `ids` to what was typed, at most `limit`: ids holding it first, then those a few
 * edits away, nearest first.
 */
export function closestIds(typed: string, ids: readonly string[], limit = 3): string[] {
  const wanted = typed.trim().toLowerCase();
  const bare = splitItemId(wanted)[1];
  if (bare === '') return [];
  const scored: { id: string; score: number }[] = [];
  const allowed = Math.max(2, Math.floor(bare.length / 3));
  for (const id of ids) {
    const own = splitItemId(id)[1];
    if (own.includes(bare)) {
      scored.push({ id, score: -1 });
      continue;
    }
    // Compared with the whole id, the id without its kind, and each part after a hyphen
    // (`schedular` is near `kube-scheduler`).
    let distance = Math.min(editDistance(bare, own), editDistance(wanted, id));
    for (let hyphen = own.indexOf('-'); hyphen >= 0; hyphen = own.indexOf('-', hyphen + 1)) distance = Math.min(distance, editDistance(bare, own.slice(hyphen + 1)));
    if (distance <= allowed) scored.push({ id, score: distance });
  }
  scored.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, limit).map((entry) => entry.id);
}

const isKind = (kind: string): kind is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(kind);

/** Finds the review item a name means (the rules above). */
export function findItem(outline: PlanOutline, typed: string): ItemLookup {
  const wanted = typed.trim().toLowerCase();
  const [kind, rest] = splitItemId(wanted);
  // A full id the plan has (what completion and the other commands print): no list of every id needed.
  if ((kind === 'keypoint' || kind === 'term') && outlineHasItem(outline, wanted)) return { id: wanted };
  const ids = itemIdsOf(outline);
  if (isKind(kind)) {
    if (kind === 'session') {
      const found = findSession(outline, rest);
      if (found.session) return { id: `session:${found.session.id}` };
      if (found.reason === 'ambiguous') return { id: null, reason: 'ambiguous', candidates: found.candidates.map((session) => `session:${session.id}`) };
    } else {
      if (ids.includes(wanted)) return { id: wanted };
      const starting = rest === '' ? [] : ids.filter((id) => id.startsWith(wanted));
      if (starting.length === 1) return { id: starting[0]! };
      if (starting.length > 1) return { id: null, reason: 'ambiguous', candidates: starting };
    }
    return { id: null, reason: 'unknown', candidates: closestIds(wanted, ids) };
  }
  if (wanted === '') return { id: null, reason: 'unknown', candidates: [] };
  // A session's number alone names its session item.
  if (/^\d+$/.test(wanted)) {
    const session = outline.sessions[Number(wanted) - 1];
    return session ? { id: `session:${session.id}` } : { id: null, reason: 'unknown', candidates: [] };
  }
  const exact = ids.filter((id) => splitItemId(id)[1] === wanted);
  if (exact.length === 1) return { id: exact[0]! };
  if (exact.length > 1) return { id: null, reason: 'ambiguous', candidates: exact };
  const starting = ids.filter((id) => splitItemId(id)[1].startsWith(wanted));
  if (starting.length === 1) return { id: starting[0]! };
  if (starting.length > 1) return { id: null, reason: 'ambiguous', candidates: starting };
  return { id: null, reason: 'unknown', candidates: closestIds(wanted, ids) };
}

/** What `show ARG` names: a session (first), else a review item. */
export type ShowTarget<S> = { session: S } | { item: string } | { session: null; item: null; reason: 'unknown' | 'ambiguous'; candidates: string[] };

/**
 * Decides what `show` shows: a session by its number, id or unique id start; when no session
 * matches, a review item by any of its names. An argument with a colon always names an item.
 */
export function findShowTarget<S extends PlanOutline['sessions'][number]>(outline: PlanOutline & { sessions: S[] }, typed: string): ShowTarget<S> {
  const wanted = typed.trim().toLowerCase();
  if (!wanted.includes(':')) {
    const found = findSession<S>(outline, wanted);
    if (!('reason' in found)) return { session: found.session };
    if (found.reason === 'ambiguous') return { session: null, item: null, reason: 'ambiguous', candidates: found.candidates.map((session) => session.id) };
    if (/^\d+$/.test(wanted)) return { session: null, item: null, reason: 'unknown', candidates: [] };
  }
  const item = findItem(outline, wanted);
  if (item.id !== null) return { item: item.id };
  return { session: null, item: null, reason: item.reason, candidates: item.candidates };
}
