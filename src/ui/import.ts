import type { ImportChanges } from '../core/backup.ts';
import { sanitizeLine } from '../core/text.ts';
import { formatInstant, plural, shellWord, type View } from './layout.ts';

/** What `import` did (or, with --dry-run, would do); `--json` prints it. */
export interface ImportResult {
  file: string;
  mode: 'merge' | 'replace';
  dryRun: boolean;
  plan: { id: string; title: string };
  exportedAt: string;
  changes: ImportChanges;
  /** Sessions and review items of the backup that the plan does not have (kept all the same). */
  notInPlan: { sessions: string[]; reviewItems: string[] };
  /** Where a replace kept the progress it replaced, as a backup (null for a merge or a dry run). */
  keptIn: string | null;
}

/** The human view of `import`. */
export function renderImport(result: ImportResult, { theme, command }: View): string[] {
  const { changes } = result;
  const replace = result.mode === 'replace';
  const lines = [
    `${theme.good(result.dryRun ? 'Would import' : 'Imported')} ${sanitizeLine(result.file)} (exported ${formatInstant(result.exportedAt)}) into "${result.plan.title}", ${replace ? 'replacing what was there' : 'merged: the newer record wins'}.`,
    `  sessions: ${changes.sessions.added} added, ${changes.sessions.updated} updated${replace ? `, ${changes.sessions.removed} removed` : ''}`,
    `  review items: ${changes.reviewItems.added} added, ${changes.reviewItems.updated} updated${replace ? `, ${changes.reviewItems.removed} removed` : ''}`,
    `  review log: ${changes.reviewLog.added} added${replace ? `, ${changes.reviewLog.removed} removed` : ''}`,
  ];
  if (changes.lab) lines.push('  lab date set');
  if (changes.startDate) lines.push('  start date set');
  const { sessions, reviewItems } = result.notInPlan;
  if (sessions.length + reviewItems.length > 0) {
    const what = [sessions.length > 0 ? `${plural(sessions.length, 'session')} (${sessions.slice(0, 3).map(sanitizeLine).join(', ')}${sessions.length > 3 ? ', …' : ''})` : '', reviewItems.length > 0 ? plural(reviewItems.length, 'review item') : ''].filter(Boolean).join(' and ');
    lines.push(theme.warn(`  ${what} the plan does not have: kept, and listed by ${command('status')} under "Kept, no longer in the plan"`));
  }
  if (result.keptIn !== null) lines.push(`What was there is kept in ${sanitizeLine(result.keptIn)}: ${command(`import ${shellWord(result.keptIn)} --replace`)} brings it back.`);
  lines.push(result.dryRun ? theme.dim('Nothing was written (--dry-run).') : theme.dim(`See where you stand: ${command('status')}`));
  return lines;
}
