import { DEFAULT_DAY_START_HOUR, parseClock, studyDay, type Day } from './core/dates.ts';
import type { Plan } from './core/plan.ts';
import type { PlanProgress } from './core/progress.ts';
import { reviewItemTitle } from './core/reviews.ts';
import { UsageError } from './errors.ts';
import { cachedPlan, loadPlan, shippedPlanPath, type PlanCache } from './io/plan-source.ts';
import type { Prompts } from './io/prompts.ts';
import { cacheDirectory, checkProgress, progressOf, readStore, reviewDigestOf, storeDirectory, updateStore, type ReviewDigest, type StoreData } from './io/store.ts';
import { createTheme, type Theme } from './ui/theme.ts';

/** Everything a command receives: the clock, the plan, the store, where to write, how to look. */
export interface Context {
  env: NodeJS.ProcessEnv;
  /** The tool's clock: `K8S_STUDY_NOW` when set. */
  now(): Date;
  /** The current study day (it starts at `dayStartHour`, local time). */
  today(): Day;
  dayStartHour: number;
  /** Writes one line (or several) to standard output. */
  out(text?: string): void;
  /** Writes one line to standard error. */
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
  /** Standard input and output are both a terminal: prompts are allowed. */
  interactive: boolean;
  json: boolean;
  theme: Theme;
  /** Columns available for human output. */
  width: number;
  planPath: string;
  storeDirectory: string;
  /** The plan, loaded and validated once per run. */
  plan(): Plan;
  /** The plan's recorded progress, read without locking. */
  readProgress(): PlanProgress;
  /**
   * Each review item's due day and last review, and when reviewing the plan's items began, read
   * without locking and without reading the items (their FSRS cards) or the log themselves: enough to
   * tell what is due and when study began.
   */
  readReviewDigest(): ReviewDigest;
  /** Changes the plan's progress under the store lock and writes it atomically. */
  updateProgress<T>(change: (progress: PlanProgress, plan: Plan) => T | Promise<T>): Promise<T>;
  /** The prompt module, loaded on first use. */
  prompts(): Promise<Prompts>;
}

export interface GlobalOptions {
  plan?: string;
  json?: boolean;
  color?: boolean;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

function readDayStartHour(env: NodeJS.ProcessEnv): number {
  const value = env.K8S_STUDY_DAY_START;
  if (value === undefined || value === '') return DEFAULT_DAY_START_HOUR;
  const match = /^(\d{1,2})(?::00)?$/.exec(value.trim());
  const hour = match ? Number(match[1]) : Number.NaN;
  if (!(hour >= 0 && hour <= 12)) {
    throw new UsageError(`K8S_STUDY_DAY_START="${value}" is not an hour from 0 to 12 (e.g. 4 or 04:00)`);
  }
  return hour;
}

function readClock(env: NodeJS.ProcessEnv): () => Date {
  const value = env.K8S_STUDY_NOW;
  if (value === undefined || value === '') return () => new Date();
  const fixed = parseClock(value);
  if (!fixed) {
    throw new UsageError(`K8S_STUDY_NOW="${value}" is not an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T09:30`);
  }
  return () => new Date(fixed.getTime());
}

function wantsColor(env: NodeJS.ProcessEnv, options: GlobalOptions, stdout: Streams['stdout']): boolean {
  if (options.json || options.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stdout.isTTY);
}

declare const K8S_STUDY_BUILD: string;

function planPathFor(env: NodeJS.ProcessEnv, options: GlobalOptions): string {
  return options.plan ?? (env.K8S_STUDY_PLAN ? env.K8S_STUDY_PLAN : shippedPlanPath());
}

/** The validated-plan cache; only a build knows its own identity, so running from sources caches nothing. */
function planCacheFor(env: NodeJS.ProcessEnv): PlanCache | null {
  return typeof K8S_STUDY_BUILD === 'string' ? { directory: cacheDirectory(env), build: K8S_STUDY_BUILD } : null;
}

/**
 * Builds the context for one run of a command. The plan parser (the YAML and schema libraries) is
 * loaded only when the plan is not in the cache of validated plans.
 */
export async function openContext(env: NodeJS.ProcessEnv, options: GlobalOptions, streams: Streams): Promise<Context> {
  const planPath = planPathFor(env, options);
  const cache = planCacheFor(env);
  const cached = cachedPlan(planPath, cache);
  const parse = cached ? undefined : (await import('./io/plan-file.ts')).parsePlan;
  return createContext(env, options, streams, undefined, cached ? () => cached : (file) => loadPlan(file, cache, parse));
}

/**
 * Builds the context for one run from the environment, the global options and the streams.
 * `loadPlanFrom` reads and validates the plan file (at most once per context).
 */
export function createContext(
  env: NodeJS.ProcessEnv,
  options: GlobalOptions,
  streams: Streams,
  loadPrompts?: () => Promise<Prompts>,
  loadPlanFrom: (file: string) => Plan = (file) => loadPlan(file, planCacheFor(env), undefined),
): Context {
  const now = readClock(env);
  const dayStartHour = readDayStartHour(env);
  const planPath = planPathFor(env, options);
  const directory = storeDirectory(env);
  let plan: Plan | undefined;
  const getPlan = (): Plan => (plan ??= loadPlanFrom(planPath));
  // Read once per run: a large store costs more to parse than everything else `next` does.
  let store: StoreData | undefined;
  let progress: PlanProgress | undefined;
  const readData = (): StoreData => (store ??= readStore(directory));
  return {
    env,
    now,
    today: () => studyDay(now(), dayStartHour),
    dayStartHour,
    out: (text = '') => streams.stdout.write(`${text}\n`),
    err: (text) => streams.stderr.write(`${text}\n`),
    get stdin() {
      return streams.stdin;
    },
    // Standard output first: when it is not a terminal, standard input is never touched.
    interactive: Boolean(streams.stdout.isTTY && streams.stdin.isTTY),
    json: Boolean(options.json),
    theme: createTheme(wantsColor(env, options, streams.stdout)),
    width: Math.max(40, Math.min(streams.stdout.columns ?? 80, 110)),
    planPath,
    storeDirectory: directory,
    plan: getPlan,
    readProgress: () => (progress ??= progressOf(readData(), getPlan().id, directory)),
    readReviewDigest: () => {
      const current = getPlan();
      // The reviews that count towards study days: of items the plan still has (as in core/agenda.ts).
      return reviewDigestOf(readData(), current.id, (itemId) => reviewItemTitle(current, itemId) !== null);
    },
    updateProgress: async (change) => {
      const current = getPlan();
      try {
        return await updateStore(directory, (data) => change(progressOf(data, current.id, directory), current), {
          check: (data) => checkProgress(data, current.id, directory),
        });
      } finally {
        // What another run wrote under the lock is newer than what was read before it.
        store = undefined;
        progress = undefined;
      }
    },
    prompts: loadPrompts ?? (async () => (await import('./io/prompts.ts')).terminalPrompts),
  };
}
