import { describeSession } from '../core/progress.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { wrapText } from '../ui/layout.ts';
import { printJson, readSummaryOption, resolveSession } from './shared.ts';

/** `note <session>`: writes or replaces the user's own-words summary of a session. */
export async function runNote(context: Context, reference: string, options: { summary?: string }): Promise<void> {
  const plan = context.plan();
  const session = resolveSession(plan, reference);
  let summary = await readSummaryOption(context, options.summary);
  if (summary === undefined) {
    if (!context.interactive) {
      throw new UsageError(`note needs --summary TEXT (or --summary - to read standard input) when not run on a terminal`);
    }
    const previous = context.readProgress().sessions[session.id]?.summary ?? undefined;
    const prompts = await context.prompts();
    context.out(context.theme.heading(`${session.number}. ${session.title}`));
    const answer = await prompts.text(`${plan.review.summaryPrompt}\n  Your summary:`, { default: previous, required: true });
    summary = answer.trim();
  }
  if (summary === null) throw new UsageError('--summary is empty: write the summary, or leave the option out to be asked');
  const text = summary;
  const view = await context.updateProgress((progress) => {
    (progress.sessions[session.id] ??= {}).summary = text;
    return describeSession(plan, session, progress);
  });
  if (context.json) return printJson(context, view);
  context.out(`${context.theme.good('Summary saved')} for ${view.number}. ${view.title}:`);
  context.out(wrapText(view.summary ?? '', context.width, 2));
}
