import { extname } from 'node:path';
import { createBackup } from '../core/backup.ts';
import { buildCalendarEvents } from '../core/calendar.ts';
import { timeOfInstant, toInstant } from '../core/dates.ts';
import { isReview, type ReviewEvent } from '../core/events.ts';
import type { Plan } from '../core/plan.ts';
import { detailOf } from '../core/plan-outline.ts';
import { describeSession, summarizeProgress } from '../core/progress.ts';
import type { PlanState } from '../core/records.ts';
import { dueRule, reviewItemTitle } from '../core/reviews.ts';
import { buildSchedule } from '../core/schedule.ts';
import { sanitizeLine } from '../core/text.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';
import { MAX_BACKUP_BYTES, writeExportFile } from '../io/export-file.ts';
import { loadIcs } from '../lazy.ts';
import { backupText, renderExported, type ExportResult } from '../ui/export.ts';
import { renderJournal, type JournalReview } from '../ui/journal.ts';
import { present } from './shared.ts';

export const EXPORT_FORMATS = ['json', 'ics', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format?: ExportFormat;
  output?: string;
}

const EXTENSIONS: Record<string, ExportFormat> = { '.json': 'json', '.ics': 'ics', '.ical': 'ics', '.md': 'md', '.markdown': 'md' };

function chooseFormat(options: ExportOptions): ExportFormat {
  const inferred = options.output ? EXTENSIONS[extname(options.output).toLowerCase()] : undefined;
  if (options.format !== undefined) {
    // A calendar in a file named .json (or a backup in .md) is a slip of one of the two.
    if (inferred !== undefined && inferred !== options.format) {
      throw new UsageError(`--format ${options.format} does not fit -o ${sanitizeLine(options.output!)}, a name for ${inferred}: change one of them`);
    }
    return options.format;
  }
  if (inferred) return inferred;
  throw new UsageError('export needs --format json, ics or md (or an -o FILE ending in .json, .ics or .md)');
}

/**
 * Whether instant `a` is later than `b` (both checked instants, as the history gives them). A
 * checked instant of 25 characters is in the tool's own form (2026-12-01T09:30:00+01:00) or has a
 * fraction of four digits in UTC (2026-12-01T09:30:00.1234Z): two that end alike are of one form
 * and one offset, and compare as text (a log of 50,000 answers is mostly that); else as times.
 */
function isLater(a: string, b: string): boolean {
  if (a.length === 25 && b.length === 25 && sameOffset(a, b)) return a > b;
  return timeOfInstant(a) > timeOfInstant(b);
}

/** Whether two instants of 25 characters end in the same offset (their last six). */
function sameOffset(a: string, b: string): boolean {
  for (let index = 19; index < 25; index += 1) if (a.charCodeAt(index) !== b.charCodeAt(index)) return false;
  return true;
}

function journalReviews(plan: Plan, state: PlanState, reviews: readonly ReviewEvent[], today: string): JournalReview[] {
  const counts = new Map<string, { reviews: number; last: string | null }>();
  for (const entry of reviews) {
    if (entry.practice) continue;
    let seen = counts.get(entry.item);
    if (!seen) counts.set(entry.item, (seen = { reviews: 0, last: null }));
    seen.reviews += 1;
    if (seen.last === null || isLater(entry.at, seen.last)) seen.last = entry.at;
  }
  const dueOf = dueRule(plan, state.meta.lab, today);
  const listed: JournalReview[] = [];
  // for...in rather than Object.entries: no pair array for each of ten thousand items.
  const items = state.items;
  for (const id in items) {
    const described = reviewItemTitle(plan, id);
    if (!described) continue;
    const item = items[id]!;
    const seen = counts.get(id);
    listed.push({ id, title: described.title, source: item.source, due: dueOf(item), reviews: seen?.reviews ?? 0, lastReview: seen?.last ?? null });
  }
  return listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The export's text in the chosen format. */
async function renderExport(context: Context, format: ExportFormat): Promise<string> {
  const state = context.readState();
  const now = context.now();
  const today = context.today();
  // A backup names the plan but holds none of its texts: the outline is enough.
  const plan = format === 'json' ? null : context.plan();
  const reviews = context.store.readHistory(context.outline().id, { reviewsOnly: true }).filter(isReview);
  if (plan === null) {
    const text = backupText(createBackup(context.outline(), state, reviews, toInstant(now)));
    // What export writes, import must read: never a backup over the size import accepts.
    // (Counted only when it could be: a UTF-16 unit of the text is at most three bytes of UTF-8.)
    if (text.length * 3 > MAX_BACKUP_BYTES && Buffer.byteLength(text) > MAX_BACKUP_BYTES) throw new StudyError(`the backup would be over the ${MAX_BACKUP_BYTES / 1024 / 1024} MiB that import reads; nothing was written`);
    return text;
  }
  if (format === 'ics') {
    // The calendar library is loaded only here: no other command pays for it.
    const { renderIcs } = await loadIcs();
    return renderIcs(buildCalendarEvents(plan, state, reviews.filter((review) => !review.practice), today, context.dayStartHour), plan.title, now);
  }
  return renderJournal({
    plan,
    sessions: plan.sessions.map((session) => describeSession(detailOf(plan, session), state.sessions[session.id])),
    schedule: buildSchedule(plan, state, today, context.dayStartHour),
    totals: summarizeProgress(plan, state.sessions),
    reviews: journalReviews(plan, state, reviews, today),
    exportedAt: toInstant(now),
  });
}

/**
 * `export --format json|ics|md [-o FILE]`: a versioned backup, a calendar, or the study journal,
 * to standard output or (atomically, readable by you only) to a file.
 */
export async function runExport(context: Context, options: ExportOptions): Promise<void> {
  const format = chooseFormat(options);
  const toFile = options.output !== undefined && options.output !== '-';
  if (context.json && !toFile && format !== 'json') {
    throw new UsageError(`--json prints one JSON document, but --format ${format} is not JSON: drop --json or add -o FILE`);
  }
  const text = await renderExport(context, format);
  if (!toFile) {
    // A JSON backup is made by toJsonByLine, which escapes every control character already.
    context.out(text, { escaped: format === 'json' });
    return;
  }
  const file = options.output as string;
  writeExportFile(file, text, [
    { file: context.store.rootFile, what: 'the store that holds your progress' },
    { file: context.store.journalFile, what: "the store's journal" },
    { file: context.planPath, what: 'the plan file in use' },
  ]);
  const result: ExportResult = { file, format, bytes: Buffer.byteLength(text) };
  present(context, result, (value) => value, renderExported);
}
