import { legacyEventId, type ReviewEvent } from '../core/events.ts';
import {
  cardProblem,
  dict,
  emptyMeta,
  isDayInRange,
  isInstant,
  isRecord,
  RATINGS,
  type CardState,
  type Dict,
  type ItemRecord,
  type PlanState,
  type Rating,
  type SessionRecord,
} from '../core/records.ts';
import { StudyError } from '../errors.ts';

// Stores from before format 3 (formats 1 and 2) kept everything in config.json: per plan the
// sessions (ticks by position), the review items with their FSRS cards, the review log, the lab and
// start dates. This turns such a store into format 3's records and review events, in memory: reads
// use it as it is, and the first write makes it the store on disk (store-migrate.ts).

export interface LegacyConversion {
  plans: Dict<PlanState>;
  /** The review log as journal events, oldest first. */
  events: ReviewEvent[];
}

function damaged(file: string, where: string, problem: string, suggest: (args: string) => string): StudyError {
  return new StudyError(
    `store ${file} has a record k8s-study cannot use (${where}: ${problem}); it was left as it is. Mend that entry by hand, or move the file aside and restore a backup with ${suggest('import FILE')}.`,
  );
}

const CARD_FIELDS = ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'] as const;

function convertSession(value: unknown, where: string, file: string, suggest: (args: string) => string): SessionRecord {
  if (!isRecord(value)) throw damaged(file, where, 'is not an object', suggest);
  const { checked, completedAt, minutesSpent, summary } = value;
  if (checked !== undefined && !(Array.isArray(checked) && checked.every((number) => Number.isInteger(number)))) throw damaged(file, `${where}.checked`, 'is not a list of item numbers', suggest);
  if (completedAt !== undefined && completedAt !== null && !isInstant(completedAt)) throw damaged(file, `${where}.completedAt`, 'is not an instant', suggest);
  if (minutesSpent !== undefined && minutesSpent !== null && !(typeof minutesSpent === 'number' && Number.isFinite(minutesSpent) && minutesSpent >= 0)) throw damaged(file, `${where}.minutesSpent`, 'is not a number', suggest);
  if (summary !== undefined && summary !== null && typeof summary !== 'string') throw damaged(file, `${where}.summary`, 'is not text', suggest);
  const record: SessionRecord = {
    completedAt: (completedAt as string | null | undefined) ?? null,
    minutesSpent: (minutesSpent as number | null | undefined) ?? null,
    summary: (summary as string | null | undefined) ?? null,
    ticks: [],
    clockedMinutes: 0,
    changedAt: (completedAt as string | null | undefined) ?? '1970-01-01T00:00:00Z',
  };
  const positions = ((checked as number[] | undefined) ?? []).filter((number) => number >= 1);
  if (positions.length > 0) record.legacyTicks = [...new Set(positions)].sort((a, b) => a - b);
  return record;
}

function convertItem(value: unknown, where: string, file: string, lastReviewAt: string | undefined, suggest: (args: string) => string): ItemRecord {
  if (!isRecord(value)) throw damaged(file, where, 'is not an object', suggest);
  if (typeof value.source !== 'string') throw damaged(file, `${where}.source`, 'is not a session id', suggest);
  if (!isInstant(value.createdAt)) throw damaged(file, `${where}.createdAt`, 'is not an instant', suggest);
  if (!isDayInRange(value.due)) throw damaged(file, `${where}.due`, 'is not a calendar day', suggest);
  let card: CardState | null = null;
  if (value.card !== null && value.card !== undefined) {
    if (!isRecord(value.card)) throw damaged(file, `${where}.card`, 'is not an object', suggest);
    const source = value.card;
    card = {
      ...(Object.fromEntries(CARD_FIELDS.map((field) => [field, source[field]])) as Omit<CardState, 'last_review'>),
      last_review: typeof source.last_review === 'string' ? source.last_review.slice(0, 10) : null,
    };
    const problem = cardProblem(card);
    if (problem) throw damaged(file, `${where}.card`, problem, suggest);
  }
  return { source: value.source, createdAt: value.createdAt, due: value.due, card, changedAt: lastReviewAt ?? value.createdAt };
}

/** Converts a parsed format 1 or 2 store; refuses, naming the entry, anything the commands could not use. */
export function convertLegacyStore(data: Record<string, unknown>, file: string, suggest: (args: string) => string = (args) => `k8s-study ${args}`): LegacyConversion {
  const plans = dict<PlanState>();
  const events: ReviewEvent[] = [];
  const stored = isRecord(data.plans) ? data.plans : {};
  for (const planId of Object.keys(stored)) {
    const progress = stored[planId];
    const where = `plans[${JSON.stringify(planId)}]`;
    if (!isRecord(progress)) throw damaged(file, where, 'is not an object', suggest);
    const log = progress.reviewLog ?? [];
    if (!Array.isArray(log)) throw damaged(file, `${where}.reviewLog`, 'is not a list', suggest);
    const lastReview = new Map<string, string>();
    log.forEach((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.item !== 'string' || !isInstant(entry.at) || !RATINGS.includes(entry.rating as Rating)) {
        throw damaged(file, `${where}.reviewLog[${index}]`, 'is not a review (item, at, rating)', suggest);
      }
      const review = { item: entry.item, at: entry.at, rating: entry.rating as Rating };
      events.push({ id: legacyEventId(planId, index, review), plan: planId, kind: 'review', ...review });
      lastReview.set(review.item, review.at);
    });
    const sessions = dict<SessionRecord>();
    const storedSessions = progress.sessions ?? {};
    if (!isRecord(storedSessions)) throw damaged(file, `${where}.sessions`, 'is not an object', suggest);
    for (const id of Object.keys(storedSessions)) sessions[id] = convertSession(storedSessions[id], `${where}.sessions[${JSON.stringify(id)}]`, file, suggest);
    const items = dict<ItemRecord>();
    const storedItems = progress.reviewItems ?? {};
    if (!isRecord(storedItems)) throw damaged(file, `${where}.reviewItems`, 'is not an object', suggest);
    for (const id of Object.keys(storedItems)) items[id] = convertItem(storedItems[id], `${where}.reviewItems[${JSON.stringify(id)}]`, file, lastReview.get(id), suggest);
    const meta = emptyMeta();
    for (const key of ['lab', 'startDate'] as const) {
      const value = progress[key];
      if (value !== undefined && value !== null && !isDayInRange(value)) throw damaged(file, `${where}.${key}`, 'is not a calendar day', suggest);
      meta[key] = (value as string | null | undefined) ?? null;
    }
    plans[planId] = { id: planId, meta, sessions, items };
  }
  return { plans, events };
}
