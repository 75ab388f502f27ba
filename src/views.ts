import { resolve } from 'node:path';
import { studyDayOf } from './clock.ts';
import { columnsFromEnvironment } from './columns.ts';
import { commandWordOf } from './command-word.ts';
import type { Streams } from './context.ts';
import { cacheDirectory, storeDirectory } from './io/locations.ts';
import { fileStamp, storeStamp } from './io/stamps.ts';
import { readView, viewFile, writeView } from './io/view-cache.ts';
import { keepColorsOnly } from './ui/terminal-text.ts';

// The cache of views: what a command that only reads (`next`, `due`, `list`, `show`, `status`, `lab`)
// printed, kept per command line, and printed again without running anything while nothing it came
// from has changed: the build, the command line, the environment that matters, the terminal's width
// and colours, the study day, the plan file and the store's files (all looked at, none read but the
// store's small root). On a store of thousands of review items, `next` then costs little more than
// Node's own start-up. The program says which commands may be cached and from what (ViewSource).

/** What a cached view was made from, as the program reports it after a command that only reads. */
export interface ViewSource {
  /** The plan file (absolute path) and the plan's id. */
  planPath: string;
  planId: string;
  /** Whether the view shows what only the journal holds (`status`: reviews done, the streak). */
  journal: boolean;
}

/** The environment a view depends on, beyond the command line. */
const ENVIRONMENT = ['K8S_STUDY_PLAN', 'K8S_STUDY_CONFIG_DIR', 'K8S_STUDY_NOW', 'K8S_STUDY_DAY_START', 'NO_COLOR', 'FORCE_COLOR', 'TZ', 'HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'npm_lifecycle_event'];

/** The commands that may offer their view to the cache (the program decides when; see offerView in context.ts). */
export const VIEW_COMMANDS = ['next', 'list', 'ls', 'show', 'due', 'review', 'lab', 'status'];

declare const K8S_STUDY_BUILD: string;

export interface ViewSlot {
  file: string;
  /** The full key of a view made from this source: any difference from a cached one means it is not used. */
  key(source: ViewSource): string;
}

/** Where a view of this command line is cached; null when running from the sources (no build, no cache). */
export function viewSlot(argv: readonly string[], env: NodeJS.ProcessEnv, streams: Streams): ViewSlot | null {
  if (typeof K8S_STUDY_BUILD !== 'string') return null;
  // A command that never offers its view (one that changes the store) skips looking for one.
  if (!VIEW_COMMANDS.includes(commandWordOf(argv) ?? 'next')) return null;
  let today: string;
  let cache: string;
  let store: string;
  try {
    today = studyDayOf(env);
    cache = cacheDirectory(env);
    store = storeDirectory(env);
  } catch {
    return null; // A clock or folder the program will refuse, with its message.
  }
  const terminal = Boolean(streams.stdout.isTTY);
  // The width a view was made for: the terminal's, else $COLUMNS (as read for a pipe or a file).
  const columns = terminal ? (streams.stdout.columns ?? 0) : (columnsFromEnvironment(env) ?? 0);
  const context = JSON.stringify([K8S_STUDY_BUILD, argv, ENVIRONMENT.map((name) => env[name] ?? null), terminal, columns]);
  return {
    file: viewFile(cache, context),
    key: (source) => JSON.stringify([context, today, source.planPath, source.planId, source.journal, fileStamp(source.planPath), storeStamp(store, source.planId, source.journal)]),
  };
}

/**
 * The cached view of a command line, when everything it was made from is unchanged; else null. The
 * cache is a file like any other: its text goes through the same last filter as everything printed.
 */
export function cachedView(slot: ViewSlot): string | null {
  const cached = readView(slot.file);
  if (!cached) return null;
  return cached.key === slot.key(cached.source) ? keepColorsOnly(cached.output) : null;
}

/** Keeps a view for next time. */
export function keepView(slot: ViewSlot, source: ViewSource, output: string): void {
  const normalized = { ...source, planPath: resolve(source.planPath) };
  writeView(slot.file, { key: slot.key(normalized), source: normalized, output });
}
