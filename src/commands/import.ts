import { BACKUP_VERSION, createBackup, planMerge, planReplace, type Backup, type ImportPlan, type MergeSchedule } from '../core/backup.ts';
import { toInstant } from '../core/dates.ts';
import { isReview, type ReviewEvent } from '../core/events.ts';
import { replayReviews } from '../core/fsrs.ts';
import { checkBackupDirectly } from '../core/backup-direct-check.ts';
import { loadBackupCheck } from '../lazy.ts';
import { plural, sanitizeLine } from '../core/text.ts';
import { itemIdsOf } from '../core/item-names.ts';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import { keepReplacedProgress, readBackupText } from '../io/export-file.ts';
import type { PlanTransaction } from '../io/store.ts';
import { backupText } from '../ui/export.ts';
import { renderImport, type ImportResult } from '../ui/import.ts';
import { present } from './shared.ts';

export interface ImportOptions {
  replace?: boolean;
  dryRun?: boolean;
}

function refuse(file: string, problem: string): StudyError {
  return new StudyError(`${sanitizeLine(file)} ${problem}; nothing was imported`);
}

/** Reads and checks a whole backup file; throws before anything is applied. */
export async function readBackup(file: string): Promise<Backup> {
  const text = readBackupText(file, (problem) => refuse(file, problem));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // The other exports are not backups: say which it is, and what makes one.
    const start = text.trimStart();
    if (start.startsWith('BEGIN:VCALENDAR')) throw refuse(file, 'is a calendar (export --format ics), not a backup: import reads what export --format json writes');
    // A plan (YAML, perhaps opening with a comment) has its sessions at the top level.
    if (/^sessions:/m.test(text) && /^id:/m.test(text)) throw refuse(file, 'looks like a plan file, not a backup: choose the plan with --plan FILE; import reads what export --format json writes');
    if (start.startsWith('#')) throw refuse(file, 'looks like Markdown (such as the study journal of export --format md), not a backup: import reads what export --format json writes');
    const why = text.trim() === '' ? 'the file is empty' : (error as Error).message;
    throw refuse(file, `is not valid JSON, perhaps cut short (${why})`);
  }
  // A good backup of this version needs no schema library; any other is checked by it, which names what is wrong.
  const good = checkBackupDirectly(document);
  if (good) return good;
  const checked = (await loadBackupCheck()).checkBackup(document);
  if (checked.ok) return checked.backup;
  if (checked.reason === 'newer') {
    throw refuse(file, `is a backup in format ${checked.version}, from a newer k8s-study (this one reads up to format ${BACKUP_VERSION}): upgrade k8s-study to import it`);
  }
  if (checked.reason === 'not-backup') throw refuse(file, `is not a k8s-study backup (${checked.problems[0] ?? ''}); make one with k8s-study export --format json`);
  const [first, ...rest] = checked.problems;
  throw refuse(file, `is not a valid backup: ${sanitizeLine(first ?? '')}${rest.length > 0 ? ` (and ${plural(rest.length, 'more problem')})` : ''}`);
}

/**
 * `import FILE`: restores a JSON backup. The whole file is checked before the store is touched, then
 * applied in one commit: merged (the newer record wins, a finish in either copy stays, every review
 * once by its id) or, with --replace, exactly as saved.
 */
export async function runImport(context: Context, file: string, options: ImportOptions): Promise<void> {
  // The plan's ids, not its texts: the outline.
  const plan = context.outline();
  const backup = await readBackup(file);
  if (backup.plan.id !== plan.id) {
    throw refuse(file, `holds progress for the plan "${backup.plan.id}", not for the current plan "${plan.id}": choose its plan with --plan FILE`);
  }
  // What the plan does not have is kept (the plan may have been edited since), but said. Worked
  // out before anything is written: whatever it finds wrong, nothing has changed yet.
  const sessionIds = new Set(plan.sessions.map((session) => session.id));
  const itemIds = new Set(itemIdsOf(plan));
  const notInPlan = {
    sessions: Object.keys(backup.progress.sessions).filter((id) => !sessionIds.has(id)),
    reviewItems: Object.keys(backup.progress.reviewItems).filter((id) => !itemIds.has(id)),
  };
  const knownIds = (): string[] => context.store.reviewIds(plan.id);
  // A merge schedules an item answered in both copies from all the answers (see planMerge): the
  // store's answers are read whole only then, when the backup brings some; knownIds needs their ids.
  const schedule = (): MergeSchedule => ({
    answers: () => context.store.countedReviews(plan.id),
    replay: (item, answers) => replayReviews(answers, item.due, context.dayStartHour, plan.review.retention),
  });
  // What a restore adds and removes is told against the answers that count now: one taken back
  // (undo) is no longer the store's to lose, and one the backup holds comes back.
  const countedReviews = (): ReviewEvent[] => context.store.readHistory(plan.id, { reviewsOnly: true }).filter(isReview);
  const decide = (current: Parameters<typeof planMerge>[0], counted = countedReviews): ImportPlan =>
    options.replace ? planReplace(current, counted().map((event) => event.id), backup.progress) : planMerge(current, knownIds(), backup.progress, schedule());
  let changes: ImportPlan['changes'];
  // Where a replace kept what it replaced (so that it can be imported back).
  let keptIn: string | null = null;
  if (options.dryRun) {
    changes = decide(context.readState()).changes;
  } else {
    changes = await context.update((tx) => {
      const current = { sessions: tx.allSessions(), items: tx.allItems(), meta: tx.meta };
      if (!options.replace) return apply(tx, decide(current), `imported ${sanitizeLine(file)}`);
      // What is replaced is first kept as a backup, on disk before the replace commits.
      const counted = countedReviews();
      const now = context.now();
      keptIn = keepReplacedProgress(context.store.directory, plan.id, backupText(createBackup(plan, current, counted, toInstant(now))), now);
      return apply(tx, decide(current, () => counted), `imported ${sanitizeLine(file)}, replacing what was there (kept in ${sanitizeLine(keptIn)})`);
    });
  }
  const result: ImportResult = {
    file,
    mode: options.replace ? 'replace' : 'merge',
    dryRun: Boolean(options.dryRun),
    plan: { id: plan.id, title: plan.title },
    exportedAt: backup.exportedAt,
    changes,
    notInPlan,
    keptIn,
  };
  present(context, result, (value) => value, renderImport);

  /** Writes what an import decided, as one recorded change. */
  function apply(tx: PlanTransaction, planned: ImportPlan, description: string): ImportPlan['changes'] {
    tx.describe('import', description, { resets: options.replace });
    for (const [id, record] of Object.entries(planned.sessions)) tx.setSession(id, record);
    for (const [id, record] of Object.entries(planned.items)) tx.setItem(id, record);
    for (const review of planned.reviews) tx.addReview(review);
    tx.setMeta({ ...tx.meta, ...planned.meta });
    return planned.changes;
  }
}
