import { DEFAULT_DAY_START_HOUR, parseClock, studyDay, type Day } from './core/dates.ts';
import { sanitizeLine } from './core/text.ts';
import { UsageError } from './errors.ts';

// The tool's clock and its study day, from the environment: K8S_STUDY_NOW and K8S_STUDY_DAY_START.

/** The hour (local) a study day starts: K8S_STUDY_DAY_START, else 4. */
export function readDayStartHour(env: NodeJS.ProcessEnv): number {
  const value = env.K8S_STUDY_DAY_START;
  if (value === undefined || value === '') return DEFAULT_DAY_START_HOUR;
  const match = /^(\d{1,2})(?::00)?$/.exec(value.trim());
  const hour = match ? Number(match[1]) : Number.NaN;
  if (!(hour >= 0 && hour <= 12)) {
    throw new UsageError(`K8S_STUDY_DAY_START="${sanitizeLine(value)}" is not an hour from 0 to 12 (e.g. 4 or 04:00)`);
  }
  return hour;
}

/** The tool's clock: K8S_STUDY_NOW when set (for scripts, demos and tests), else the real one. */
export function readClock(env: NodeJS.ProcessEnv): () => Date {
  const value = env.K8S_STUDY_NOW;
  if (value === undefined || value === '') return () => new Date();
  const fixed = parseClock(value);
  if (!fixed) {
    throw new UsageError(`K8S_STUDY_NOW="${sanitizeLine(value)}" is not an ISO 8601 date or time from 1970 to 2999, such as 2026-12-01 or 2026-12-01T09:30`);
  }
  return () => new Date(fixed.getTime());
}

/** The current study day by the tool's clock and day start. */
export function studyDayOf(env: NodeJS.ProcessEnv): Day {
  return studyDay(readClock(env)(), readDayStartHour(env));
}
