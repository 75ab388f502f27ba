import { parseDayCount, parseDuration } from './duration.ts';
import { MAX_SESSION_MINUTES, planSchema, type PlanFile } from './plan-schema.ts';
import { isRecord } from './records.ts';
import { sanitizeLine, sanitizeText } from './text.ts';
import { DEFAULT_RETENTION } from './plan-outline.ts';

export { DEFAULT_RETENTION };

// Finding a session lives apart from validation (see plan-index.ts).
export { findSession, type SessionLookup } from './plan-index.ts';

/** A path into the plan document, e.g. `['sessions', 2, 'day']`. */
export type PlanPath = readonly (string | number)[];

/** One problem found in a plan file, located by its path in the document. */
export interface PlanIssue {
  path: PlanPath;
  message: string;
  /** For an unknown key: the key itself, so the error can point at it rather than its object. */
  key?: string;
}

export interface PlanSession {
  id: string;
  /** 1-based position in study order (by day, then as listed): what `list` shows. */
  number: number;
  title: string;
  day: number;
  minutes: number;
  focus: string[];
  keyPoints: string[];
  terms: string[];
}

export interface KeyPoint {
  id: string;
  title: string;
  text: string;
}

export interface Term {
  id: string;
  term: string;
  text: string;
}

export interface Plan {
  id: string;
  title: string;
  goal: string | null;
  scheduleNote: string | null;
  lab: { title: string; text: string | null } | null;
  review: {
    firstAfterDays: number;
    summaryPrompt: string;
    notesAfter: string | null;
    beforeLabText: string | null;
    beforeLab: boolean;
    retention: number;
  };
  sessions: PlanSession[];
  keyPoints: KeyPoint[];
  terms: Term[];
  topics: { title: string; text: string }[];
}

export const DEFAULT_SUMMARY_PROMPT = 'Summarize the key points in your own words.';

const LIST_NOUNS: Record<string, string> = { sessions: 'session', keyPoints: 'key point', terms: 'term', topics: 'topic' };

function describePath(path: PlanPath, document?: unknown): string {
  let rest = path;
  let lead = '';
  // `session "eks-security"` (or `session 4 in the file` when it has no usable id) reads better than `sessions[3]`.
  const [list, index] = path;
  if (typeof list === 'string' && LIST_NOUNS[list] && typeof index === 'number') {
    const entry = isRecord(document) && Array.isArray(document[list]) ? (document[list] as unknown[])[index] : undefined;
    const id = isRecord(entry) && typeof entry.id === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(entry.id) ? entry.id : null;
    lead = id ? `${LIST_NOUNS[list]} "${id}"` : `${LIST_NOUNS[list]} ${index + 1} in the file`;
    rest = path.slice(2);
  }
  const tail = rest.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    // An unknown key can be anything, even blank or full of escapes: quoted, it stays visible.
    if (!/^[A-Za-z_][\w-]*$/.test(part)) return `${text}[${JSON.stringify(part)}]`;
    return text ? `${text}.${part}` : part;
  }, '');
  return lead && tail ? `${lead}, ${tail}` : lead || tail;
}

/** Formats an issue's message with the path it concerns, for `FILE:LINE:COL: ...` lines. */
export function describeIssue(issue: PlanIssue, document?: unknown): string {
  const where = describePath(issue.key === undefined ? issue.path : [...issue.path, issue.key], document);
  return where ? `${where}: ${issue.message}` : issue.message;
}


/** The entries of a list in the raw document that are mappings, with their positions. */
function entriesOf(document: Record<string, unknown>, listName: string): [number, Record<string, unknown>][] {
  const list = document[listName];
  return Array.isArray(list) ? list.flatMap((entry, index): [number, Record<string, unknown>][] => (isRecord(entry) ? [[index, entry]] : [])) : [];
}

function checkUniqueIds(document: Record<string, unknown>, listName: string, issues: PlanIssue[]): Set<string> {
  const seen = new Set<string>();
  for (const [index, entry] of entriesOf(document, listName)) {
    if (typeof entry.id !== 'string') continue;
    if (seen.has(entry.id)) {
      issues.push({ path: [listName, index, 'id'], message: `duplicate id "${sanitizeLine(entry.id)}" in ${listName}` });
    }
    seen.add(entry.id);
  }
  return seen;
}

/**
 * The checks beyond the schema: unique ids, references to existing key points and terms, durations
 * and day counts that are positive. They run on the raw document, as far as its shape allows, even
 * when the schema found problems, so one run reports every error.
 */
function crossCheck(document: Record<string, unknown>, issues: PlanIssue[]): void {
  checkUniqueIds(document, 'sessions', issues);
  const keyPointIds = checkUniqueIds(document, 'keyPoints', issues);
  const termIds = checkUniqueIds(document, 'terms', issues);
  for (const [index, session] of entriesOf(document, 'sessions')) {
    for (const [listName, known, what] of [['keyPoints', keyPointIds, 'key point'], ['terms', termIds, 'term']] as const) {
      const refs = session[listName];
      if (!Array.isArray(refs)) continue;
      refs.forEach((ref, refIndex) => {
        if (typeof ref === 'string' && !known.has(ref)) {
          issues.push({ path: ['sessions', index, listName, refIndex], message: `no ${what} has the id "${sanitizeLine(ref)}"` });
        }
      });
    }
    // A tick belongs to its line's text: two lines with the same text could not be told apart.
    if (Array.isArray(session.focus)) {
      const seen = new Set<string>();
      session.focus.forEach((line, lineIndex) => {
        if (typeof line !== 'string') return;
        const key = line.replace(/\s+/g, ' ').trim();
        if (seen.has(key)) issues.push({ path: ['sessions', index, 'focus', lineIndex], message: 'repeats an earlier checklist line of this session: ticks follow their text, so every line must differ' });
        seen.add(key);
      });
    }
    if (typeof session.duration === 'string') {
      const minutes = parseDuration(session.duration);
      if (minutes === null) issues.push({ path: ['sessions', index, 'duration'], message: `"${sanitizeLine(session.duration)}" is not a positive duration` });
      else if (minutes > MAX_SESSION_MINUTES) issues.push({ path: ['sessions', index, 'duration'], message: `"${sanitizeLine(session.duration)}" is over 100 hours` });
    }
  }
  const review = document.review;
  if (isRecord(review) && typeof review.firstAfter === 'string' && parseDayCount(review.firstAfter) === null) {
    issues.push({ path: ['review', 'firstAfter'], message: 'must be a day count such as 1d or 2d' });
  }
}

function toSessions(file: PlanFile): PlanSession[] {
  const listed = file.sessions.map((session) => {
    // crossCheck has refused durations that do not parse.
    const minutes = typeof session.duration === 'number' ? session.duration : parseDuration(session.duration);
    return {
      id: session.id,
      number: 0,
      title: sanitizeLine(session.title),
      day: session.day,
      minutes: minutes ?? 0,
      focus: session.focus.map(sanitizeText),
      keyPoints: session.keyPoints ?? [],
      terms: session.terms ?? [],
    };
  });
  // Studied by day, then as listed; Array.prototype.sort is stable.
  return listed.sort((a, b) => a.day - b.day).map((session, index) => ({ ...session, number: index + 1 }));
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
};

function valueAt(document: unknown, path: PlanPath): unknown {
  let value = document;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${sanitizeLine(value).slice(0, 40)}"`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

/** A plan author's message for a schema issue; zod/mini ships no wording of its own. */
function describeSchemaIssue(issue: { code: string; message: string; expected?: unknown }, value: unknown): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  if (value === undefined) return 'is required';
  if (issue.code === 'invalid_type') {
    const expected = TYPE_NAMES[String(issue.expected)] ?? String(issue.expected);
    return `must be ${expected}, not ${describeValue(value)}`;
  }
  return `is not valid here (${describeValue(value)})`;
}

/**
 * Validates a parsed plan document (schema, unique ids, references, durations) and builds the
 * plan model with every text made safe for the terminal. Returns every issue found, not the first.
 */
export function validatePlan(document: unknown): { plan: Plan; issues: [] } | { plan: null; issues: PlanIssue[] } {
  const parsed = planSchema.safeParse(document);
  const issues: PlanIssue[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue): PlanIssue[] => {
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ path: issue.path as PlanPath, key, message: 'unknown key' }));
        }
        return [{ path: issue.path as PlanPath, message: describeSchemaIssue(issue, valueAt(document, issue.path as PlanPath)) }];
      });
  if (isRecord(document)) {
    // One problem per place: where the schema already spoke, the cross-checks stay quiet.
    const reported = new Set(issues.map((issue) => issue.path.join('\u0000')));
    const more: PlanIssue[] = [];
    crossCheck(document, more);
    issues.push(...more.filter((issue) => !reported.has(issue.path.join('\u0000'))));
  }
  if (!parsed.success || issues.length > 0) return { plan: null, issues };
  const file = parsed.data;
  const sessions = toSessions(file);
  const firstAfterDays = file.review?.firstAfter === undefined ? 1 : parseDayCount(file.review.firstAfter);

  const plan: Plan = {
    id: file.id,
    title: sanitizeLine(file.title),
    goal: file.goal === undefined ? null : sanitizeText(file.goal),
    scheduleNote: file.scheduleNote === undefined ? null : sanitizeText(file.scheduleNote),
    lab: file.lab ? { title: sanitizeLine(file.lab.title), text: file.lab.text === undefined ? null : sanitizeText(file.lab.text) } : null,
    review: {
      firstAfterDays: firstAfterDays ?? 1,
      summaryPrompt: sanitizeLine(file.review?.summary ?? DEFAULT_SUMMARY_PROMPT),
      notesAfter: file.review?.notesAfter === undefined ? null : sanitizeText(file.review.notesAfter),
      beforeLabText: file.review?.beforeLabText === undefined ? null : sanitizeText(file.review.beforeLabText),
      beforeLab: file.review?.beforeLab ?? true,
      retention: file.review?.retention ?? DEFAULT_RETENTION,
    },
    sessions,
    keyPoints: (file.keyPoints ?? []).map((point) => ({ id: point.id, title: sanitizeLine(point.title), text: sanitizeText(point.text) })),
    terms: (file.terms ?? []).map((term) => ({ id: term.id, term: sanitizeLine(term.term), text: sanitizeText(term.text) })),
    topics: (file.topics ?? []).map((topic) => ({ title: sanitizeLine(topic.title), text: sanitizeText(topic.text) })),
  };
  return { plan, issues: [] };
}
