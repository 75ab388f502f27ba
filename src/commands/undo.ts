import { describeSession, undoSession } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { printJson, resolveSession } from './shared.ts';

/** `undo <session>`: marks it not done again; its review items go, its summary stays. */
export async function runUndo(context: Context, reference: string): Promise<void> {
  const plan = context.plan();
  const session = resolveSession(plan, reference);
  const outcome = await context.updateProgress((progress) => {
    const wasDone = Boolean(progress.sessions[session.id]?.completedAt);
    const removed = wasDone ? undoSession(plan, progress, session) : [];
    return { wasDone, removed, view: describeSession(plan, session, progress) };
  });
  if (context.json) return printJson(context, outcome.view);
  const { theme } = context;
  if (!outcome.wasDone) {
    context.out(`Session ${session.number} (${session.title}) is not done; nothing changed.`);
    return;
  }
  context.out(`${theme.warn('Reopened:')} ${session.number}. ${session.title}`);
  context.out(
    theme.dim(
      `${outcome.removed.length} review item${outcome.removed.length === 1 ? '' : 's'} removed${outcome.view.summary ? '; your summary is kept' : ''}.`,
    ),
  );
}
