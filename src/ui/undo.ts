import type { SessionView } from '../core/progress.ts';
import { formatInstant, plural, type View } from './layout.ts';

/** What `undo <session>` did; `--json` prints the session. */
export interface UndoSessionResult {
  wasDone: boolean;
  removed: string[];
  session: SessionView;
}

/** The human view of `undo <session>`. */
export function renderUndoSession({ wasDone, removed, session }: UndoSessionResult, { theme, command }: View): string[] {
  if (!wasDone) return [`Session ${session.number} (${session.title}) is not done; nothing changed.`];
  return [
    `${theme.warn('Reopened:')} ${session.number}. ${session.title}`,
    theme.dim(`${plural(removed.length, 'review item')} removed${session.summary ? '; your summary is kept' : ''}. ${command('undo')} takes this back.`),
  ];
}

/** What `undo` (with no session) did; `--json` prints it. */
export type UndoResult =
  | { kind: 'undone'; what: string; at: string; day: string | null; summaryTakenBack: string | null }
  | { kind: 'nothing' };

/** The human view of `undo`. */
export function renderUndo(result: UndoResult, { theme, command }: View): string[] {
  if (result.kind === 'nothing') return ['Nothing to take back: no change of this plan is recorded, or all are taken back already.'];
  const lines = [`${theme.good('Taken back:')} ${result.what} ${theme.dim(`(made ${formatInstant(result.at)})`)}`];
  if (result.summaryTakenBack !== null) {
    lines.push(`${theme.warn('The summary saved with it is taken back too.')} It was:`, ...result.summaryTakenBack.split('\n').map((line) => `  ${line}`));
  }
  lines.push(theme.dim(`${command('undo')} again takes back the change before it.`));
  return lines;
}
