import { describeSession } from '../core/progress.ts';
import { effectiveDue } from '../core/reviews.ts';
import type { Context } from '../context.ts';
import { checklistLines, keyPointAndTermSections, sessionHeading, statusLabel, wrapText } from '../ui/layout.ts';
import { printJson, resolveSession } from './shared.ts';

/** `show <session>`: one session in full, with what the user recorded and its review dates. */
export async function runShow(context: Context, reference: string): Promise<void> {
  const plan = context.plan();
  const session = resolveSession(plan, reference);
  const progress = context.readProgress();
  const view = describeSession(plan, session, progress);
  if (context.json) return printJson(context, view);
  const { theme, width } = context;
  context.out(sessionHeading(view, theme));
  context.out(`${statusLabel(view.status, theme)}${view.completedAt ? theme.dim(` on ${view.completedAt.slice(0, 16).replace('T', ' ')}, ${view.minutesSpent ?? '?'} of ${view.minutes} min`) : ''}`);
  context.out();
  context.out(theme.heading('Checklist'));
  for (const line of checklistLines(view, theme, width)) context.out(line);
  for (const line of keyPointAndTermSections(view, theme, width)) context.out(line);
  context.out();
  context.out(theme.heading('Your summary'));
  context.out(
    view.summary
      ? wrapText(view.summary, width, 2)
      : theme.dim(`  none yet: ${plan.review.summaryPrompt} (k8s-study note ${view.number})`),
  );
  const items = Object.entries(progress.reviewItems).filter(([, item]) => item.source === session.id);
  if (items.length > 0) {
    context.out();
    context.out(theme.heading('Reviews'));
    for (const [id, item] of items.sort(([a], [b]) => a.localeCompare(b))) {
      context.out(`  ${id.padEnd(40)} ${theme.dim('due')} ${effectiveDue(item, plan, progress.lab, context.today())}`);
    }
  }
}
