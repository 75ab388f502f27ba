import { openContext, type Streams } from '../context.ts';
import { parseDateInput, parseMinutes, parseRating } from '../options.ts';
import type { SimpleWrite } from '../simple-writes.ts';
import type { DoneOptions } from './done.ts';

// Runs a write read by simpleWriteOf (src/simple-writes.ts) as the program would: the option values
// parsed by the same parsers, the same command with the same context.

/** Each value as the program's option parser gives it; null when one does not parse (the program then says why). */
function parsedValues(write: SimpleWrite): { done?: DoneOptions; rating?: ReturnType<typeof parseRating> } | null {
  try {
    if (write.command === 'review') return { rating: parseRating(write.rating) };
    if (write.command !== 'done') return {};
    const options: DoneOptions = {};
    if (write.summary !== undefined) options.summary = write.summary;
    if (write.minutes !== undefined) options.minutes = parseMinutes(write.minutes);
    if (write.at !== undefined) options.at = { input: parseDateInput(write.at, { past: true }), typed: write.at };
    return { done: options };
  } catch {
    return null;
  }
}

/** Runs the write; false, having done nothing, when a value does not parse. */
export async function runSimpleWrite(write: SimpleWrite, env: NodeJS.ProcessEnv, streams: Streams): Promise<boolean> {
  const values = parsedValues(write);
  if (!values) return false;
  const context = await openContext(env, write.global, streams);
  if (write.command === 'done') await (await import('./done.ts')).runDone(context, write.session, values.done!);
  else if (write.command === 'check') await (await import('./check.ts')).runCheck(context, write.session, write.items, write.uncheck ? { uncheck: true } : {});
  else await (await import('./review.ts')).runReview(context, write.item, { rating: values.rating! });
  return true;
}
