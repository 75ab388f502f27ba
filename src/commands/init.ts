import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { sanitizeLine } from '../core/text.ts';
import { shellWord } from '../ui/layout.ts';
import type { Context } from '../context.ts';
import { StudyError } from '../errors.ts';
import { writeNewFile } from '../io/files.ts';
import { loadPlanParser } from '../lazy.ts';
import { renderInit, type InitResult } from '../ui/init.ts';
import { present } from './shared.ts';

export const DEFAULT_INIT_FILE = 'study-plan.yaml';

const REASONS: Record<string, string> = {
  EEXIST: 'it already exists; it was left as it is',
  ENOENT: 'its folder does not exist; make it first (mkdir -p), or name a file in a folder that exists',
  EISDIR: 'it is a folder; name a file in it',
  EACCES: 'permission denied; name a file in a folder you can write to',
  EROFS: 'the disk is read-only; name a file on another disk',
  ENOSPC: 'the disk is full; free some space and run it again',
};

/** A file name like `file` that is not taken: `my-plan-2.yaml`, `my-plan-3.yaml`... */
function freeName(file: string): string {
  const extension = extname(file);
  // my-plan-2.yaml taken: my-plan-3.yaml, not my-plan-2-2.yaml.
  const stem = file.slice(0, file.length - extension.length).replace(/-\d+$/, '');
  for (let number = 2; ; number += 1) {
    const candidate = `${stem}-${number}${extension}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** `init [FILE]`: writes a copy of the shipped plan to start your own; never overwrites. */
export async function runInit(context: Context, file: string | undefined): Promise<void> {
  const target = file ?? DEFAULT_INIT_FILE;
  const { parsePlan, shippedPlanCopy } = await loadPlanParser();
  const text = shippedPlanCopy();
  const plan = parsePlan(text, target);
  try {
    writeNewFile(target, text, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file of that name is there: suggest one that is not (the same name again would fail again).
    const another = code === 'EEXIST' ? `. Name another file: ${context.view.program} init ${shellWord(freeName(target))}` : '';
    throw new StudyError(`cannot write ${sanitizeLine(target)}: ${(code && REASONS[code]) ?? code ?? String(error)}${another}`);
  }
  const result: InitResult = { file: target, plan: { id: plan.id, title: plan.title } };
  present(context, result, (value) => value, renderInit);
}
