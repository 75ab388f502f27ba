import { BACKUP_VERSION, checkBackup, mergeProgress, replaceProgress, type Backup, type ImportChanges } from '../core/backup.ts';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import { readBackupText } from '../io/backup-file.ts';
import { printJson } from './shared.ts';

export interface ImportOptions {
  replace?: boolean;
  dryRun?: boolean;
}

export interface ImportResult {
  file: string;
  mode: 'merge' | 'replace';
  dryRun: boolean;
  plan: { id: string; title: string };
  exportedAt: string;
  changes: ImportChanges;
}

function refuse(file: string, problem: string): StudyError {
  return new StudyError(`${file} ${problem}; nothing was imported`);
}

/** Reads and checks a whole backup file; throws before anything is applied. */
export function readBackup(file: string): Backup {
  const text = readBackupText(file, (problem) => refuse(file, problem));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const why = text.trim() === '' ? 'the file is empty' : (error as Error).message;
    throw refuse(file, `is not valid JSON, perhaps cut short (${why})`);
  }
  const checked = checkBackup(document);
  if (checked.ok) return checked.backup;
  if (checked.reason === 'newer') {
    throw refuse(file, `is a backup in format ${checked.version}, from a newer k8s-study (this one reads up to format ${BACKUP_VERSION}): upgrade k8s-study to import it`);
  }
  if (checked.reason === 'not-backup') throw refuse(file, `is not a k8s-study backup (${checked.problems[0] ?? ''}); make one with k8s-study export --format json`);
  const [first, ...rest] = checked.problems;
  throw refuse(file, `is not a valid backup: ${first}${rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : ''}`);
}

/**
 * `import FILE`: restores a JSON backup. The whole file is checked before the store is touched, then
 * applied in one locked write: merged (the newer record wins) or, with --replace, exactly as saved.
 */
export async function runImport(context: Context, file: string, options: ImportOptions): Promise<void> {
  const plan = context.plan();
  const backup = readBackup(file);
  if (backup.plan.id !== plan.id) {
    throw refuse(file, `holds progress for the plan "${backup.plan.id}", not for the current plan "${plan.id}": choose its plan with --plan FILE`);
  }
  const apply = options.replace ? replaceProgress : mergeProgress;
  // The backup object is the store's new content: give the store its own copy.
  const incoming = structuredClone(backup.progress);
  const changes = options.dryRun
    ? apply(structuredClone(context.readProgress()), incoming)
    : await context.updateProgress((progress) => apply(progress, incoming));
  const result: ImportResult = {
    file,
    mode: options.replace ? 'replace' : 'merge',
    dryRun: Boolean(options.dryRun),
    plan: { id: plan.id, title: plan.title },
    exportedAt: backup.exportedAt,
    changes,
  };
  if (context.json) return printJson(context, result);
  renderImport(context, result);
}

function renderImport(context: Context, result: ImportResult): void {
  const { theme } = context;
  const { changes } = result;
  const verb = result.dryRun ? 'Would import' : 'Imported';
  context.out(`${theme.good(verb)} ${result.file} (exported ${result.exportedAt.slice(0, 16).replace('T', ' ')}) into "${result.plan.title}", ${result.mode === 'replace' ? 'replacing what was there' : 'merged: the newer record wins'}.`);
  const parts = [
    `sessions: ${changes.sessions.added} added, ${changes.sessions.updated} updated${result.mode === 'replace' ? `, ${changes.sessions.removed} removed` : ''}`,
    `review items: ${changes.reviewItems.added} added, ${changes.reviewItems.updated} updated${result.mode === 'replace' ? `, ${changes.reviewItems.removed} removed` : ''}`,
    `review log: ${changes.reviewLog.added} added${result.mode === 'replace' ? `, ${changes.reviewLog.removed} removed` : ''}`,
  ];
  if (changes.lab) parts.push('lab date set');
  if (changes.startDate) parts.push('start date set');
  for (const part of parts) context.out(`  ${part}`);
  if (result.dryRun) context.out(theme.dim('Nothing was written (--dry-run).'));
  else context.out(theme.dim(`See where you stand: ${theme.command('k8s-study status')}`));
}
