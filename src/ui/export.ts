import type { Backup } from '../core/backup.ts';
import { sanitizeLine } from '../core/text.ts';
import { toJsonByLine } from './json.ts';
import { shellWord, type View } from './layout.ts';

/** A backup as `export --format json` writes it: one record a line, so a large one stays quick to write and read. */
export function backupText(backup: Backup): string {
  return `${toJsonByLine(backup, 3)}\n`;
}

/** What `export -o FILE` wrote; `--json` prints it. */
export interface ExportResult {
  file: string;
  format: 'json' | 'ics' | 'md';
  bytes: number;
}

/** `Wrote backup of your progress to FILE (N bytes): restore it with …`. File names are data: made safe to print. */
export function renderExported({ file, format, bytes }: ExportResult, { theme, command }: View): string[] {
  const name = sanitizeLine(file);
  const what = { json: 'backup of your progress', ics: 'calendar', md: 'study journal' }[format];
  const hint = {
    json: `restore it with ${command(`import ${shellWord(file)}`)}`,
    ics: 'import it into your calendar app; a later export updates the same entries',
    md: 'open it in any Markdown viewer',
  }[format];
  return [`${theme.good('Wrote')} ${what} to ${name} (${bytes} bytes): ${hint}.`];
}
