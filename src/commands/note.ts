import { describeSession } from '../core/progress.ts';
import { emptySession } from '../core/records.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { renderNote, type NoteResult } from '../ui/note.ts';
import { checkedSummary, present, readSummaryOption, resolveSession, whyNoPrompt } from './shared.ts';

export interface NoteOptions {
  summary?: string;
  clear?: boolean;
  /** Edit the summary in $VISUAL / $EDITOR. */
  edit?: boolean;
}

/** `note <session>`: writes, replaces or (--clear) removes the user's own-words summary of a session. */
export async function runNote(context: Context, reference: string, options: NoteOptions): Promise<void> {
  const plan = context.outline();
  const session = resolveSession(plan, reference, context.suggest);
  const given = [options.summary !== undefined && '--summary', options.clear && '--clear', options.edit && '--edit'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`give one of --summary, --edit and --clear, not ${given.join(' and ')}`);
  let summary: string | null | undefined = options.clear ? null : await readSummaryOption(context, options.summary, 'leave the option out to be asked');
  if (options.edit) {
    if (!context.interactive) throw new UsageError(`note --edit opens your editor, which needs a terminal${context.json ? ' and no --json' : ''}: give --summary TEXT (or --summary - to read standard input)`);
    const previous = context.store.readSessions(plan.id)[session.id]?.summary ?? '';
    const prompts = await context.prompts();
    const edited = checkedSummary(await prompts.editor(`Your summary of ${session.number}. ${session.title}`, { default: previous === '' ? '' : `${previous}\n` }), 'the summary you saved');
    // An editor closed on an empty file is not a wish to lose the summary: --clear says that.
    if (edited === '') throw new UsageError(`the summary you saved is empty; nothing changed (${context.suggest(`note ${session.number} --clear`)} removes it)`);
    summary = edited;
  }
  if (summary === undefined) {
    if (!context.interactive) {
      throw new UsageError(`note needs --summary TEXT (or --summary - to read standard input) ${whyNoPrompt(context)}`);
    }
    const previous = context.store.readSessions(plan.id)[session.id]?.summary ?? undefined;
    const prompts = await context.prompts();
    context.print([context.view.theme.heading(`${session.number}. ${session.title}`)]);
    context.flush();
    summary = checkedSummary(await prompts.text(`${plan.review.summaryPrompt}\n  Your summary:`, { default: previous, required: true }), 'the summary you typed');
  }
  const text = summary;
  const result: NoteResult = await context.update((tx) => {
    const record = tx.session(session.id) ?? emptySession(tx.at);
    const had = record.summary !== null;
    if (record.summary !== text) {
      tx.describe('note', `${text === null ? 'removed the summary of' : had ? 'rewrote the summary of' : 'wrote a summary for'} ${session.number}. ${session.title}`);
      tx.setSession(session.id, { ...record, summary: text, changedAt: tx.at });
    }
    return { session: describeSession(context.detail(session), tx.session(session.id)), cleared: text === null, hadSummary: had };
  });
  present(context, result, (value) => value.session, renderNote);
}
