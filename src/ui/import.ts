import type { ImportChanges } from '../core/backup.ts';
import { sanitizeLine } from '../core/text.ts';
import { formatInstant, type View } from './layout.ts';

/** What `import` did (or, with --dry-run, would do); `--json` prints it. */
export interface ImportResult {
  file: string;
  mode: 'merge' | 'replace';
  dryRun: boolean;
  plan: { id: string; title: string };
  exportedAt: string;
  changes: ImportChanges;
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
  lines.push(result.dryRun ? theme.dim('Nothing was written (--dry-run).') : theme.dim(`See where you stand: ${command('status')}`));
  return lines;
}
