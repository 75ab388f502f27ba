import type { Plan } from './plan.ts';
import { isRecord } from './records.ts';
import type { PlanOutline, SessionDetail } from './plan-outline.ts';

// Checking a plan that comes from somewhere other than the validator: the cache of validated plans
// is a file like any other, and an entry edited by hand (or damaged) must not crash a command or
// print raw escape sequences. A plan that fails is simply validated again from its file.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isText = (value: unknown): value is string => typeof value === 'string' && !UNSAFE.test(value);
const isTextOrNull = (value: unknown): boolean => value === null || isText(value);
const isSlug = (value: unknown): boolean => typeof value === 'string' && SLUG.test(value);
const isWhole = (value: unknown, min: number, max: number): boolean => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const isObject = isRecord;

/** Whether a value has the shape of a validated plan, with every text safe to print and every number in range. */
export function checkPlanModel(value: unknown): value is Plan {
  if (!isObject(value) || !isSlug(value.id) || !isText(value.title) || !isTextOrNull(value.goal) || !isTextOrNull(value.scheduleNote)) return false;
  if (value.lab !== null && !(isObject(value.lab) && isText(value.lab.title) && isTextOrNull(value.lab.text))) return false;
  const review = value.review;
  if (!isObject(review) || !isWhole(review.firstAfterDays, 0, 9999) || !isText(review.summaryPrompt) || !isTextOrNull(review.notesAfter) || !isTextOrNull(review.beforeLabText)) return false;
  if (typeof review.beforeLab !== 'boolean' || typeof review.retention !== 'number' || !(review.retention >= 0.7 && review.retention <= 0.99)) return false;
  if (!Array.isArray(value.sessions) || value.sessions.length === 0) return false;
  let number = 0;
  for (const session of value.sessions as unknown[]) {
    number += 1;
    if (!isObject(session) || !isSlug(session.id) || session.number !== number || !isText(session.title)) return false;
    if (!isWhole(session.day, 1, 3650) || !isWhole(session.minutes, 1, 6000)) return false;
    if (!Array.isArray(session.focus) || !session.focus.every(isText)) return false;
    if (!Array.isArray(session.keyPoints) || !session.keyPoints.every(isSlug) || !Array.isArray(session.terms) || !session.terms.every(isSlug)) return false;
  }
  const entries = (list: unknown, textKey: string): boolean => Array.isArray(list) && list.every((entry) => isObject(entry) && isSlug(entry.id) && isText(entry[textKey]) && isText(entry.text));
  if (!entries(value.keyPoints, 'title') || !entries(value.terms, 'term')) return false;
  if (!(Array.isArray(value.topics) && value.topics.every((topic) => isObject(topic) && isText(topic.title) && isText(topic.text)))) return false;
  // What validation promises beyond shapes: ids unique in their list, every reference to an entry that exists.
  const sessions = value.sessions as { id: string; keyPoints: string[]; terms: string[]; focus: string[] }[];
  const keyPoints = new Set((value.keyPoints as { id: string }[]).map((point) => point.id));
  const terms = new Set((value.terms as { id: string }[]).map((term) => term.id));
  if (new Set(sessions.map((session) => session.id)).size !== sessions.length) return false;
  if (keyPoints.size !== (value.keyPoints as unknown[]).length || terms.size !== (value.terms as unknown[]).length) return false;
  return sessions.every((session) => session.keyPoints.every((id) => keyPoints.has(id)) && session.terms.every((id) => terms.has(id)) && new Set(session.focus).size === session.focus.length);
}

const isSessionOutline = (session: unknown, number: number): boolean =>
  isObject(session) && isSlug(session.id) && session.number === number && isText(session.title) && isWhole(session.day, 1, 3650) && isWhole(session.minutes, 1, 6000);

/** What an outline's listings may not hold: anything but item ids and session numbers (each line is checked when read). */
const NOT_IN_LISTINGS = /[^a-z0-9:, \n-]/;

const isTerm = (entry: unknown): boolean => isObject(entry) && isSlug(entry.id) && isText(entry.term) && isText(entry.text);
const isKeyPoint = (entry: unknown): boolean => isObject(entry) && isSlug(entry.id) && isText(entry.title) && isText(entry.text);

/** Whether a value has the shape of a plan's outline (plan-outline.ts), every text safe and number in range. */
export function checkPlanOutline(value: unknown): value is PlanOutline {
  if (!isObject(value) || !isSlug(value.id) || !isText(value.title)) return false;
  if (value.lab !== null && !(isObject(value.lab) && isText(value.lab.title) && isTextOrNull(value.lab.text))) return false;
  const review = value.review;
  if (!isObject(review) || !isWhole(review.firstAfterDays, 0, 9999) || !isText(review.summaryPrompt) || !isTextOrNull(review.notesAfter) || !isTextOrNull(review.beforeLabText)) return false;
  if (typeof review.beforeLab !== 'boolean' || typeof review.retention !== 'number' || !(review.retention >= 0.7 && review.retention <= 0.99)) return false;
  if (!Array.isArray(value.sessions) || value.sessions.length === 0 || !value.sessions.every((session, index) => isSessionOutline(session, index + 1))) return false;
  if (new Set((value.sessions as { id: string }[]).map((session) => session.id)).size !== value.sessions.length) return false;
  if (typeof value.listings !== 'string' || (value.listings !== '' && value.listings[0] !== '\n') || NOT_IN_LISTINGS.test(value.listings)) return false;
  if (!(typeof value.layoutFingerprint === 'string' && /^sessions-[0-9a-f]{1,8}$/.test(value.layoutFingerprint))) return false;
  return Array.isArray(value.unlistedTerms) && value.unlistedTerms.every(isTerm) && Array.isArray(value.unlistedKeyPoints) && value.unlistedKeyPoints.every(isSlug);
}

/** Whether a value has the shape of one session in full with its key points and terms. */
export function checkSessionDetail(value: unknown): value is SessionDetail {
  if (!isObject(value) || !isObject(value.session)) return false;
  const session = value.session;
  if (!isSessionOutline(session, session.number as number) || !isWhole(session.number, 1, 1_000_000)) return false;
  if (!Array.isArray(session.focus) || !session.focus.every(isText)) return false;
  if (!Array.isArray(session.keyPoints) || !session.keyPoints.every(isSlug) || !Array.isArray(session.terms) || !session.terms.every(isSlug)) return false;
  return Array.isArray(value.keyPoints) && value.keyPoints.every(isKeyPoint) && Array.isArray(value.terms) && value.terms.every(isTerm);
}
