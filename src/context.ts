import { resolve } from 'node:path';
import { readClock, readDayStartHour } from './clock.ts';
import { studyDay, toInstant, type Day } from './core/dates.ts';
import type { Plan } from './core/plan.ts';
import { itemOwnersOf, type PlanOutline, type SessionDetail } from './core/plan-outline.ts';
import type { PlanState } from './core/records.ts';
import type { TextSink } from './io/output.ts';
import { cacheDirectory, planPathFor, storeDirectory } from './io/locations.ts';
import { openPlanSource, type PlanCache, type PlanSource } from './io/plan-source.ts';
import type { Prompts } from './io/prompts.ts';
import { Store, type PlanTransaction } from './io/store.ts';
import { toJson } from './ui/json.ts';
import { loadPlanParser, loadPrompts } from './lazy.ts';
import { columnsFromEnvironment } from './columns.ts';
import { fitLines, keepTogether, shellWord, type View } from './ui/layout.ts';
import { keepColorsOnly, stripControls } from './ui/terminal-text.ts';
import type { ViewSource } from './views.ts';
import { createTheme } from './ui/theme.ts';

/** Everything a command receives: the clock, the plan, the store, where to write, how to look. */
export interface Context {
  env: NodeJS.ProcessEnv;
  /** The tool's clock: `K8S_STUDY_NOW` when set. */
  now(): Date;
  /** The current study day (it starts at `dayStartHour`, local time). */
  today(): Day;
  dayStartHour: number;
  /** `--json`: one JSON document on standard output, no prompts, no prose. */
  json: boolean;
  /** Standard input and output are both a terminal and no JSON is asked for: prompts are allowed. */
  interactive: boolean;
  /** How human output looks: colours, width, and how to write a command to suggest. */
  view: View;
  /** A command line to suggest in a message, as plain text, carrying the `--plan FILE` the user gave. */
  suggest(args: string): string;
  /** Writes human lines to standard output, each made to fit the terminal's width. */
  print(lines: readonly string[]): void;
  /**
   * Writes text to standard output as it is (a script, a document), with a final line break;
   * control characters are removed unless `escaped` says the text holds none (JSON made by toJson).
   */
  out(text: string, options?: { escaped?: boolean }): void;
  /** Writes one JSON document to standard output. */
  printJson(value: unknown): void;
  /** Writes one line to standard error (after what is pending on standard output). */
  err(line: string): void;
  /** Sends what is pending on standard output (before a prompt, at the end of a run). */
  flush(): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  planPath: string;
  /** The whole plan, loaded and validated once per run. */
  plan(): Plan;
  /** The plan without its texts (plan-outline.ts): all a change to one session or item needs with detail(). */
  outline(): PlanOutline;
  /** One session in full, with its key points and terms. */
  detail(session: { id: string; number: number }): SessionDetail;
  /** Another plan file (one of the store's other plans), read like the current one: from the cache of validated plans when it can. */
  openPlan(file: string): Promise<PlanSource>;
  store: Store;
  /** The current plan's records, read once per run (again after a change). */
  readState(): PlanState;
  /** Changes the current plan's records under the store's lock; commits what `change` changed. */
  update<T>(change: (tx: PlanTransaction, plan: PlanOutline) => T | Promise<T>): Promise<T>;
  /** The prompt module, loaded on first use. */
  prompts(): Promise<Prompts>;
  /**
   * Says that what this run printed may be cached and printed again while nothing it came from
   * changes (commands that only read call it when they have printed; `journal`: it shows what only
   * the journal holds).
   */
  offerView(options?: { journal?: boolean }): void;
  /** What offerView recorded, for the entry to cache. */
  readonly viewSource: ViewSource | null;
}

export interface GlobalOptions {
  plan?: string;
  json?: boolean;
  color?: boolean;
}

export interface Streams {
  stdout: TextSink;
  stderr: TextSink;
  /** Read only when a command reads standard input (a getter in real runs: most never touch it). */
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}




function wantsColor(env: NodeJS.ProcessEnv, options: GlobalOptions, stdout: TextSink): boolean {
  if (options.json || options.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stdout.isTTY);
}

declare const K8S_STUDY_BUILD: string;


/** The build that made this code, so that caches written by another build are never read; null when running from sources. */
export function buildIdentity(): string | null {
  return typeof K8S_STUDY_BUILD === 'string' ? K8S_STUDY_BUILD : null;
}

/** Where a large journal's review history is cached and record files found good are stamped (not at all without a per-user folder). */
function storeCachesFor(env: NodeJS.ProcessEnv): { historyCache?: { directory: string }; recordStamps?: { directory: string; build: string } } {
  try {
    const directory = cacheDirectory(env);
    return { historyCache: { directory }, recordStamps: { directory, build: buildIdentity() ?? 'sources' } };
  } catch {
    return {};
  }
}

/** The validated-plan cache; only a build knows its own identity, so running from sources caches nothing. */
function planCacheFor(env: NodeJS.ProcessEnv): PlanCache | null {
  const build = buildIdentity();
  if (!build) return null;
  try {
    return { directory: cacheDirectory(env), build };
  } catch {
    return null; // No per-user folder (no home): no cache, which only costs time.
  }
}

/** Columns available for human output: the terminal's; else $COLUMNS (output to a pipe or a file); else 80. */
function columnsOf(stdout: TextSink, env: NodeJS.ProcessEnv): number {
  const columns = (stdout.isTTY ? null : columnsFromEnvironment(env)) ?? stdout.columns ?? 80;
  return Math.max(20, Math.min(columns, 120));
}

/**
 * Builds the context for one run of a command. The plan parser (the YAML and schema libraries) is
 * loaded only when the plan is not in the cache of validated plans.
 */
export async function openContext(env: NodeJS.ProcessEnv, options: GlobalOptions, streams: Streams): Promise<Context> {
  const planPath = planPathFor(env, options.plan);
  const cache = planCacheFor(env);
  let source = openPlanSource(planPath, cache);
  if (source.needsParser) source = openPlanSource(planPath, cache, (await loadPlanParser()).parsePlan);
  return createContext(env, options, streams, { planSource: source });
}

export interface ContextParts {
  planSource?: PlanSource;
  loadPrompts?: () => Promise<Prompts>;
}

/** Builds the context for one run from the environment, the global options and the streams. */
export function createContext(env: NodeJS.ProcessEnv, options: GlobalOptions, streams: Streams, parts: ContextParts = {}): Context {
  const now = readClock(env);
  const dayStartHour = readDayStartHour(env);
  const planPath = planPathFor(env, options.plan);
  const source = parts.planSource ?? openPlanSource(planPath, planCacheFor(env));
  const stdout = streams.stdout;
  const json = Boolean(options.json);
  // Run through npx (the README's quick start), the commands it suggests are run the same way.
  const name = env.npm_lifecycle_event === 'npx' ? 'npx k8s-study' : 'k8s-study';
  const invocation = options.plan === undefined ? name : `${name} --plan ${shellWord(options.plan)}`;
  const suggest = (args: string): string => `${invocation} ${args}`;
  // Made when first used: commands that never open the store (validate, init) work without a home folder.
  let opened: Store | undefined;
  const store = (): Store =>
    (opened ??= new Store(storeDirectory(env), {
      warn: (line) => err(line),
      onWaiting: (line) => err(line),
      suggest,
      ...storeCachesFor(env),
    }));
  const getPlan = (): Plan => source.plan();
  const color = wantsColor(env, options, streams.stdout);
  const theme = createTheme(color);
  // The last guard on the way to the terminal: only this run's own colour codes pass.
  const clean = color ? keepColorsOnly : stripControls;
  const width = columnsOf(streams.stdout, env);
  let viewSource: ViewSource | null = null;
  const err = (line: string): void => {
    stdout.flush?.();
    streams.stderr.write(`${clean(line).replaceAll('\u00a0', ' ')}\n`);
  };
  return {
    env,
    now,
    today: () => studyDay(now(), dayStartHour),
    dayStartHour,
    json,
    // Standard output first: when it is not a terminal, standard input is never touched.
    interactive: !json && Boolean(streams.stdout.isTTY && streams.stdin.isTTY),
    view: { theme, width, command: (args) => theme.command(keepTogether(suggest(args))), program: name },
    suggest,
    // A suggested command's no-break spaces (keepTogether) are spaces again once it is placed.
    print: (lines) => stdout.write(fitLines(lines, width).map((line) => `${clean(line).replaceAll('\u00a0', ' ')}\n`).join('')),
    out: (text, options = {}) => {
      const ended = text.endsWith('\n') ? text : `${text}\n`;
      stdout.write(options.escaped ? ended : stripControls(ended));
    },
    printJson: (value) => stdout.write(`${toJson(value)}\n`),
    err,
    flush: () => stdout.flush?.(),
    get stdin() {
      return streams.stdin;
    },
    planPath,
    plan: getPlan,
    outline: () => source.outline(),
    detail: (session) => source.detail(session),
    openPlan: async (file) => {
      const cache = planCacheFor(env);
      const other = openPlanSource(file, cache);
      return other.needsParser ? openPlanSource(file, cache, (await loadPlanParser()).parsePlan) : other;
    },
    get store() {
      return store();
    },
    readState: () => store().readPlan(source.outline().id),
    update: async (change) => {
      const outline = source.outline();
      const at = toInstant(now());
      return store().update(
        outline.id,
        {
          title: outline.title,
          file: resolve(planPath),
          at,
          resolveTicks: (sessionId, positions) => {
            const session = outline.sessions.find((candidate) => candidate.id === sessionId);
            if (!session) return null;
            const { focus } = source.detail(session).session;
            return positions.flatMap((position) => (focus[position - 1] === undefined ? [] : [focus[position - 1]!]));
          },
          layout: itemOwnersOf(outline),
        },
        (tx) => change(tx, outline),
      );
    },
    offerView: (options = {}) => {
      viewSource = { planPath: resolve(planPath), planId: source.outline().id, journal: Boolean(options.journal) };
    },
    get viewSource() {
      return viewSource;
    },
    prompts: async () => {
      stdout.flush?.();
      return parts.loadPrompts ? parts.loadPrompts() : (await loadPrompts()).terminalPrompts;
    },
  };
}
