import { FIRST_YEAR, LAST_YEAR, parseDateArgument, parseDay, type Day } from '../core/dates.ts';
import type { Plan, PlanSession } from '../core/plan.ts';
import { findSession } from '../core/plan-index.ts';
import type { Context } from '../context.ts';
import { StudyError, UsageError } from '../errors.ts';

/** Looks a session up by number, id or id prefix, or fails naming what was typed. */
export function resolveSession(plan: Plan, reference: string): PlanSession {
  const found = findSession(plan, reference);
  if (found.session) return found.session;
  if (found.reason === 'ambiguous') {
    throw new StudyError(
      `session "${reference}" is ambiguous: it could be ${found.candidates.map((session) => `${session.number} (${session.id})`).join(', ')}`,
    );
  }
  throw new StudyError(
    `unknown session "${reference}": use a number from 1 to ${plan.sessions.length} or an id (k8s-study list shows them)`,
  );
}

/** Parses a command-line date or fails naming the option and the value. */
export function parseDateOption(value: string, option: string, today: Day): Day {
  const day = parseDateArgument(value, today);
  if (!day) {
    const text = value.trim();
    if (parseDay(text) || /^[+-]\d{1,4}d$/i.test(text)) {
      throw new UsageError(`${option} "${value}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);
    }
    throw new UsageError(`${option} "${value}" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday or +3d`);
  }
  return day;
}

/** Parses a whole number of minutes (1 to 1440), or fails naming the value. */
export function parseMinutesOption(value: string): number {
  const minutes = /^\d{1,4}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(minutes >= 1 && minutes <= 1440)) {
    throw new UsageError(`--minutes "${value}" is not a whole number of minutes from 1 to 1440`);
  }
  return minutes;
}

/** Reads all of standard input as text (for `--summary -`). */
export async function readAllInput(context: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves `--summary` (`-` reads standard input); undefined when it was not given. */
export async function readSummaryOption(context: Context, summary: string | boolean | undefined): Promise<string | null | undefined> {
  if (summary === false) return null;
  if (typeof summary !== 'string') return undefined;
  const text = (summary === '-' ? await readAllInput(context) : summary).trim();
  return text === '' ? null : text;
}

/** Prints the one JSON document of a `--json` run. */
export function printJson(context: Context, value: unknown): void {
  context.out(JSON.stringify(value, null, 2));
}
