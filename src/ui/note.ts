import type { SessionView } from '../core/progress.ts';
import { wrapText, type View } from './layout.ts';

/** What `note` did; `--json` prints the session. */
export interface NoteResult {
  session: SessionView;
  cleared: boolean;
  hadSummary: boolean;
}

/** The human view of `note`. */
export function renderNote({ session, cleared, hadSummary }: NoteResult, { theme, width, command }: View): string[] {
  if (cleared) {
    return [hadSummary ? `${theme.good('Summary removed')} from ${session.number}. ${session.title}.` : `${session.number}. ${session.title} had no summary; nothing changed.`, theme.dim(`Write a new one with ${command(`note ${session.number}`)}.`)];
  }
  return [`${theme.good('Summary saved')} for ${session.number}. ${session.title}:`, wrapText(session.summary ?? '', width, 2)];
}
