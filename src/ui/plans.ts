import type { Day } from '../core/dates.ts';
import { plural, shellWord, type View } from './layout.ts';

/** Whether a stored plan's file is at hand (see commands/stored-plans.ts). */
export type PlanFileState = 'found' | 'missing' | 'unknown' | 'other-plan' | 'invalid';

/** One plan of the store, as `plans` lists it. */
export interface PlanRow {
  id: string;
  title: string;
  /** The plan the command ran with. */
  current: boolean;
  /** The plan file last used with it (the current plan's own), or null. */
  file: string | null;
  fileState: PlanFileState;
  /** Sessions done, of how many (null without the plan file). */
  sessions: { done: number; total: number | null };
  reviewsDue: number;
  lab: Day | null;
}

/** What `plans` found; `plans --json` prints it. */
export interface PlansResult {
  plans: PlanRow[];
}

/** What became of a plan's file, in words, with the way to point at it again; null when it is at hand. */
export function fileNote(file: string | null, state: PlanFileState): string | null {
  const where = file === null ? 'its plan file is not known here' : `its plan file ${file}`;
  switch (state) {
    case 'found':
      return null;
    case 'missing':
      return `${where} is gone`;
    case 'unknown':
      return where;
    case 'other-plan':
      return `${where} now holds another plan`;
    case 'invalid':
      return `${where} is not a valid plan now`;
  }
}

/** How to use a plan that is not the current one: with its file, or with wherever it is now. */
export function usePlan(row: Pick<PlanRow, 'file' | 'fileState'>, args: string, { theme, program }: Pick<View, 'theme' | 'program'>): string {
  if (row.fileState === 'found' && row.file !== null) return theme.command(`${program} --plan ${shellWord(row.file)} ${args}`);
  return theme.command(`${program} --plan FILE ${args}`);
}

/** The human view of `plans`. */
export function renderPlans({ plans }: PlansResult, view: View): string[] {
  const { theme } = view;
  if (plans.length === 0) return [theme.dim('No plan has progress in this store yet.')];
  const lines = [theme.heading(`${plural(plans.length, 'plan')} in this store`)];
  for (const row of plans) {
    const sessions = row.sessions.total === null ? `${plural(row.sessions.done, 'session')} done` : `${row.sessions.done}/${row.sessions.total} sessions`;
    const due = row.reviewsDue > 0 ? theme.warn(`${plural(row.reviewsDue, 'review')} due`) : 'nothing due';
    const lab = row.lab ? ` · lab ${row.lab}` : '';
    lines.push('', `${row.current ? theme.good('▸') : ' '} ${theme.heading(row.title)}${row.current ? theme.dim('  (current)') : ''}`);
    lines.push(`    ${sessions} · ${due}${lab}`);
    const note = fileNote(row.file, row.fileState);
    lines.push(`    ${theme.dim(`${row.id} · ${note === null ? row.file : note}`)}`);
    if (note !== null) lines.push(`    point at it: ${usePlan(row, 'next', view)} (the next change made with it remembers where it is)`);
    else if (!row.current) lines.push(`    use it: ${usePlan(row, 'next', view)}`);
  }
  return lines;
}
