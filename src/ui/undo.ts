import type { SessionView } from '../core/progress.ts';
import { plural, type View } from './layout.ts';

/** What `undo <session>` did; `--json` prints the session. */
export interface UndoSessionResult {
  wasDone: boolean;
  removed: string[];
  session: SessionView;
}

/** The human view of `undo <session>`. */
export function renderUndoSession({ wasDone, removed, session }: UndoSessionResult, { theme }: View): string[] {
  if (!wasDone) return [`Session ${session.number} (${session.title}) is not done; nothing changed.`];
  return [`${theme.warn('Reopened:')} ${session.number}. ${session.title}`, theme.dim(`${plural(removed.length, 'review item')} removed${session.summary ? '; your summary is kept' : ''}.`)];
}
