import { extname } from 'node:path';
import { createBackup } from '../core/backup.ts';
import { buildCalendarEvents } from '../core/calendar.ts';
import { toInstant } from '../core/dates.ts';
import { describeSession, summarizeProgress, type PlanProgress } from '../core/progress.ts';
import { effectiveDue, reviewItemTitle } from '../core/reviews.ts';
import { buildSchedule } from '../core/agenda.ts';
import type { Plan } from '../core/plan.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { writeExportFile } from '../io/backup-file.ts';
import { renderJournal, type JournalReview } from '../ui/journal.ts';
import { printJson } from './shared.ts';

export const EXPORT_FORMATS = ['json', 'ics', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format?: string;
  output?: string;
}

const EXTENSIONS: Record<string, ExportFormat> = { '.json': 'json', '.ics': 'ics', '.ical': 'ics', '.md': 'md', '.markdown': 'md' };

function chooseFormat(options: ExportOptions): ExportFormat {
  if (options.format !== undefined) {
    const format = options.format.trim().toLowerCase();
    if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
    throw new UsageError(`--format "${options.format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const inferred = options.output ? EXTENSIONS[extname(options.output).toLowerCase()] : undefined;
  if (inferred) return inferred;
  throw new UsageError('export needs --format json, ics or md (or an -o FILE ending in .json, .ics or .md)');
}

function journalReviews(plan: Plan, progress: PlanProgress, today: string): JournalReview[] {
  const counts = new Map<string, { reviews: number; last: string | null }>();
  for (const entry of progress.reviewLog) {
    const seen = counts.get(entry.item) ?? { reviews: 0, last: null };
    seen.reviews += 1;
    seen.last = entry.at;
    counts.set(entry.item, seen);
  }
  return Object.entries(progress.reviewItems).flatMap(([id, item]) => {
    const described = reviewItemTitle(plan, id);
    if (!described) return [];
    const seen = counts.get(id);
    return [{ id, title: described.title, source: item.source, due: effectiveDue(item, plan, progress.lab, today), reviews: seen?.reviews ?? 0, lastReview: seen?.last ?? null }];
  }).sort((a, b) => a.id.localeCompare(b.id));
}

/** The export's text in the chosen format. */
async function renderExport(context: Context, format: ExportFormat): Promise<string> {
  const plan = context.plan();
  const progress = context.readProgress();
  const now = context.now();
  const today = context.today();
  if (format === 'json') return `${JSON.stringify(createBackup(plan, progress, toInstant(now)), null, 2)}\n`;
  if (format === 'ics') {
    // The calendar library is loaded only here: no other command pays for it.
    const { renderIcs } = await import('../ui/ics.ts');
    return renderIcs(buildCalendarEvents(plan, progress, today, context.dayStartHour), plan.title, now);
  }
  return renderJournal({
    plan,
    sessions: plan.sessions.map((session) => describeSession(plan, session, progress)),
    schedule: buildSchedule(plan, progress, today, context.dayStartHour),
    totals: summarizeProgress(plan, progress),
    reviews: journalReviews(plan, progress, today),
    exportedAt: toInstant(now),
  });
}

/**
 * `export --format json|ics|md [-o FILE]`: a versioned backup, a calendar, or the study journal,
 * to standard output or (atomically) to a file.
 */
export async function runExport(context: Context, options: ExportOptions): Promise<void> {
  const format = chooseFormat(options);
  const toFile = options.output !== undefined && options.output !== '-';
  if (context.json && !toFile && format !== 'json') {
    throw new UsageError(`--json prints one JSON document, but --format ${format} is not JSON: drop --json or add -o FILE`);
  }
  const text = await renderExport(context, format);
  if (!toFile) {
    // The text ends with its own line break; out() adds one.
    context.out(text.endsWith('\n') ? text.slice(0, -1) : text);
    return;
  }
  const file = options.output as string;
  // A backup holds your own writing: readable by you only, like the store.
  writeExportFile(file, text, format === 'json' ? 0o600 : 0o644);
  const result = { file, format, bytes: Buffer.byteLength(text) };
  if (context.json) return printJson(context, result);
  const what = { json: 'backup of your progress', ics: 'calendar', md: 'study journal' }[format];
  const hint = {
    json: `restore it with ${context.theme.command(`k8s-study import ${file}`)}`,
    ics: 'import it into your calendar app; a later export updates the same entries',
    md: 'open it in any Markdown viewer',
  }[format];
  context.out(`${context.theme.good('Wrote')} ${what} to ${file} (${result.bytes} bytes): ${hint}.`);
}
