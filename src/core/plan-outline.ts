import type { KeyPoint, Plan, PlanSession, Term } from './plan.ts';
import { StudyError } from '../errors.ts';
import { indexPlan } from './plan-index.ts';

// A plan without its texts: every session's id, number, title, day and time, and which sessions
// list each key point and term, but no checklist lines and no key point or term texts. A command
// that changes one session or one review item needs only this and that one session in full
// (SessionDetail), so on a plan of a thousand sessions it reads a small part of what the whole plan
// takes to parse.
//
// Which sessions list an item is kept as text, one line an item, searched in place: a change to one
// session looks up a dozen items, and building a map of ten thousand costs more than that whole change.

/** One session of the outline: neither its checklist lines nor the key points and terms it lists (see `listings`). */
export type SessionOutline = Omit<PlanSession, 'focus' | 'keyPoints' | 'terms'>;

export interface PlanOutline {
  id: string;
  title: string;
  lab: Plan['lab'];
  review: Plan['review'];
  sessions: SessionOutline[];
  /**
   * Every key point and term some session lists, one line each, `\n` before every line: the item id
   * and the numbers of the sessions that list it, in order (`keypoint:etcd-encryption 2,5`). Key
   * points first, then terms, each in the order the plan first lists them.
   */
  listings: string;
  /** Terms no session lists (their review items start with the first session done), in full. */
  unlistedTerms: Term[];
  /** Key points no session lists: items of theirs (from before an edit of the plan) still belong to it. */
  unlistedKeyPoints: string[];
  /** ItemOwners.fingerprint, worked out with the outline (a large plan takes a while to hash). */
  layoutFingerprint: string;
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
    const listedBy = (kind: 'keypoint' | 'term'): Map<string, number[]> => {
      const listers = new Map<string, number[]>();
      for (const session of plan.sessions) {
        for (const id of kind === 'keypoint' ? session.keyPoints : session.terms) {
          const numbers = listers.get(id);
          // A session that lists an item twice lists it once.
          if (!numbers) listers.set(id, [session.number]);
          else if (numbers.at(-1) !== session.number) numbers.push(session.number);
        }
      }
      return listers;
    };
    const points = listedBy('keypoint');
    const terms = listedBy('term');
    const lines = (kind: string, listers: Map<string, number[]>): string => [...listers].map(([id, numbers]) => `\n${kind}:${id} ${numbers.join(',')}`).join('');
    outline = {
      id: plan.id,
      title: plan.title,
      lab: plan.lab,
      review: plan.review,
      sessions: plan.sessions.map(({ id, number, title, day, minutes }) => ({ id, number, title, day, minutes })),
      listings: lines('keypoint', points) + lines('term', terms),
      unlistedTerms: plan.terms.filter((term) => !terms.has(term.id)),
      unlistedKeyPoints: plan.keyPoints.filter((point) => !points.has(point.id)).map((point) => point.id),
      layoutFingerprint: layoutFingerprintOf(plan.sessions),
    };
    outlines.set(plan, outline);
  }
  return outline;
}

/**
 * The numbers of the sessions that list a key point or term (`keypoint:ID`, `term:ID`), in order;
 * empty when none does. An outline is read from a cache file: a damaged line is an error, never
 * taken for "listed by none" (that would put the item's record in another file).
 */
export function listersOf(outline: PlanOutline, itemId: string): number[] {
  if (!LISTED_ITEM_ID.test(itemId)) return [];
  const pattern = `\n${itemId} `;
  // One session's items are next to each other: the search starts where the last one was found.
  const hint = searchHints.get(outline) ?? 0;
  let start = outline.listings.indexOf(pattern, hint);
  if (start < 0 && hint > 0) start = outline.listings.indexOf(pattern);
  if (start < 0) return [];
  searchHints.set(outline, start);
  const from = start + pattern.length;
  const end = outline.listings.indexOf('\n', from);
  return listerNumbers(outline, itemId, outline.listings.slice(from, end < 0 ? undefined : end));
}

const searchHints = new WeakMap<PlanOutline, number>();

/** An outline comes from a cache file; nothing was changed, and removing the cache only costs time. */
const damaged = (outline: PlanOutline, where: string): StudyError =>
  new StudyError(
    `the cached outline of plan "${outline.id}" is damaged${where}; nothing was changed. Remove k8s-study's cache folder (cache in K8S_STUDY_CONFIG_DIR when that is set, else k8s-study in your user cache folder, such as ~/.cache/k8s-study) and run it again`,
  );

const LISTED_ITEM_ID = /^(?:keypoint|term):[a-z0-9]+(?:-[a-z0-9]+)*$/;

const LISTER_NUMBERS = /^[1-9]\d{0,6}(?:,[1-9]\d{0,6})*$/;

function listerNumbers(outline: PlanOutline, itemId: string, text: string): number[] {
  if (!LISTER_NUMBERS.test(text)) throw damaged(outline, ` (the sessions listing ${itemId})`);
  const numbers = text.split(',').map(Number);
  let previous = 0;
  for (const number of numbers) {
    if (number <= previous || number > outline.sessions.length) {
      throw damaged(outline, ` (the sessions listing ${itemId})`);
    }
    previous = number;
  }
  return numbers;
}

/** Every key point and term some session lists, in the outline's order (key points, then terms), with the sessions listing it. */
export function listingsOf(outline: PlanOutline): Map<string, number[]> {
  const listings = new Map<string, number[]>();
  const text = outline.listings;
  for (let start = 0; start < text.length; ) {
    const space = text.indexOf(' ', start);
    const next = text.indexOf('\n', start + 1);
    const end = next < 0 ? text.length : next;
    if (space < 0 || space > end) throw damaged(outline, '');
    const itemId = text.slice(start + 1, space);
    listings.set(itemId, listerNumbers(outline, itemId, text.slice(space + 1, end)));
    start = end;
  }
  return listings;
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
  if (kind !== 'keypoint' && kind !== 'term') return false;
  if (listersOf(outline, itemId).length > 0) return true;
  return kind === 'keypoint' ? outline.unlistedKeyPoints.includes(id) : outline.unlistedTerms.some((term) => term.id === id);
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
    const unlistedPoints = new Set(outline.unlistedKeyPoints.map((id) => `keypoint:${id}`));
    const unlistedTerms = new Set(outline.unlistedTerms.map((term) => `term:${term.id}`));
    // The items of a change are looked for in the outline's text, each once; past that many, one map
    // of every item answers the rest.
    const found = new Map<string, string | undefined>();
    let everyItem: Map<string, string> | undefined;
    const ownerNumber = (numbers: readonly number[]): string | undefined => (numbers.length > 0 ? outline.sessions[numbers[0]! - 1]!.id : undefined);
    const listedOwner = (itemId: string): string | undefined => {
      if (unlistedPoints.has(itemId) || unlistedTerms.has(itemId)) return undefined;
      if (everyItem) return everyItem.get(itemId);
      if (found.has(itemId)) return found.get(itemId);
      if (found.size < ITEMS_SEARCHED_BEFORE_A_MAP) {
        const owner = ownerNumber(listersOf(outline, itemId));
        found.set(itemId, owner);
        return owner;
      }
      everyItem = new Map([...listingsOf(outline)].map(([id, numbers]) => [id, ownerNumber(numbers)!]));
      return everyItem.get(itemId);
    };
    known = {
      fingerprint: outline.layoutFingerprint,
      owner: (itemId) => {
        if (itemId.startsWith('session:')) return itemId.slice('session:'.length);
        if (itemId.startsWith('keypoint:')) return listedOwner(itemId) ?? itemId;
        if (itemId.startsWith('term:')) return listedOwner(itemId) ?? ' unlisted terms';
        return itemId;
      },
    };
    owners.set(outline, known);
  }
  return known;
}

/** Items whose owner is searched for in the outline's text before a map of every item is made. */
const ITEMS_SEARCHED_BEFORE_A_MAP = 48;

/** The fingerprint of which session owns which item: a hash of the sessions' ids and the items each lists, in order. */
export function layoutFingerprintOf(sessions: readonly Pick<PlanSession, 'id' | 'keyPoints' | 'terms'>[]): string {
  let hash = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ 0x0a, 0x01000193) >>> 0;
  };
  for (const session of sessions) {
    mix(session.id);
    for (const id of session.keyPoints) mix(`k${id}`);
    for (const id of session.terms) mix(`t${id}`);
  }
  return `sessions-${hash.toString(16)}`;
}
