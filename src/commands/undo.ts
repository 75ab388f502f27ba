import { describeSession, undoSession } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { renderUndoSession, type UndoSessionResult } from '../ui/undo.ts';
import { present, resolveSession } from './shared.ts';

/** `undo <session>`: marks it not done again; its review items go, its summary stays. */
export async function runUndoSession(context: Context, reference: string): Promise<void> {
  const plan = context.outline();
  const session = resolveSession(plan, reference, context.suggest);
  const result: UndoSessionResult = await context.update((tx) => {
    const wasDone = Boolean(tx.session(session.id)?.completedAt);
    if (wasDone) tx.describe('reopen', `reopened ${session.number}. ${session.title}`);
    const removed = wasDone ? undoSession(plan, tx, session, tx.at) : [];
    return { wasDone, removed, session: describeSession(context.detail(session), tx.session(session.id)) };
  });
  present(context, result, (value) => value.session, renderUndoSession);
}
