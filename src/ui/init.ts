import { shellWord, wrapText, type View } from './layout.ts';

/** What `init` wrote; `--json` prints it. */
export interface InitResult {
  file: string;
  plan: { id: string; title: string };
}

/** The human view of `init`: what was written and what to do next. */
export function renderInit({ file, plan }: InitResult, { theme, width, program }: View): string[] {
  const name = shellWord(file);
  // One paragraph, wrapped to the terminal (a line break fixed in the text fell mid-line).
  return [
    wrapText(`${theme.good('Wrote')} ${name}: a copy of "${plan.title}" to make your own.`, width),
    wrapText(
      `Give it a new ${theme.heading('id')} so its progress is kept apart, check it with ${theme.command(`${program} validate ${name}`)}, then study it with ${theme.command(`${program} --plan ${name} next`)} (or set K8S_STUDY_PLAN=${name}).`,
      width,
    ),
  ];
}
