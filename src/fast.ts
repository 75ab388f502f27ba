import { studyDayOf } from './clock.ts';
import type { GlobalOptions, Streams } from './context.ts';
import { cacheDirectory, planPathFor, storeDirectory } from './io/locations.ts';
import { fileStamp, storeStamp } from './io/stamps.ts';
import { readView, viewFile, writeView } from './io/view-cache.ts';
import { parseUpcomingDays } from './options.ts';

// The fast path, part one: the commands that only read, typed plainly, answered from the cache of
// views without loading anything else when nothing they show has changed. It knows a small grammar
// (global options, then `next`, `due [--upcoming N]`, `list`/`ls`, `show SESSION`, `status` or
// `lab`); every other command line goes to the full program. Part two (read-commands.ts) runs such a
// command when the cache cannot answer.

export type FastCommand = { name: 'next' | 'list' | 'status' | 'lab' } | { name: 'due'; upcoming?: number } | { name: 'show'; session: string };

export interface FastInvocation {
  command: FastCommand;
  globals: GlobalOptions;
  /** The command line as the cache names it. */
  key: string;
}

const COMMANDS = new Set(['next', 'due', 'list', 'ls', 'show', 'status', 'lab']);

/** The invocation, when it is one the fast path answers; null for anything else. */
export function parseFastInvocation(argv: readonly string[]): FastInvocation | null {
  const globals: GlobalOptions = {};
  let name: string | null = null;
  const positional: string[] = [];
  let upcoming: number | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (token === '--json') globals.json = true;
    else if (token === '--no-color') globals.color = false;
    else if (token === '--plan' || token.startsWith('--plan=')) {
      if (globals.plan !== undefined) return null;
      const value = token === '--plan' ? argv[(index += 1)] : token.slice('--plan='.length);
      if (value === undefined || value === '' || value.startsWith('-')) return null;
      globals.plan = value;
    } else if ((token === '--upcoming' || token.startsWith('--upcoming=')) && name === 'due' && upcoming === undefined) {
      const value = token === '--upcoming' ? argv[(index += 1)] : token.slice('--upcoming='.length);
      if (value === undefined) return null;
      try {
        upcoming = parseUpcomingDays(value);
      } catch {
        return null;
      }
    } else if (token.startsWith('-')) return null;
    else if (name === null) {
      if (!COMMANDS.has(token)) return null;
      name = token === 'ls' ? 'list' : token;
    } else positional.push(token);
  }
  name ??= 'next';
  let command: FastCommand;
  if (name === 'show') {
    if (positional.length !== 1 || positional[0] === '') return null;
    command = { name: 'show', session: positional[0]! };
  } else {
    if (positional.length > 0) return null;
    command = name === 'due' ? { name: 'due', ...(upcoming === undefined ? {} : { upcoming }) } : { name: name as 'next' | 'list' | 'status' | 'lab' };
  }
  return { command, globals, key: JSON.stringify([command, Boolean(globals.json), globals.color !== false]) };
}

declare const K8S_STUDY_BUILD: string;

/** Where a view of this invocation is cached, and what it must have been made from to be used. */
export interface ViewSlot {
  file: string;
  planStamp: string;
  /** The full key of a view of this invocation on the plan with this id. */
  key(planId: string): string;
}

/**
 * The cache slot of an invocation; null when views are not cached (running from the sources, whose
 * code has no build identity, or a plan file that cannot be looked at).
 */
export function viewSlot(invocation: FastInvocation, env: NodeJS.ProcessEnv, streams: Streams): ViewSlot | null {
  if (typeof K8S_STUDY_BUILD !== 'string') return null;
  const planPath = planPathFor(env, invocation.globals.plan);
  const planStamp = fileStamp(planPath);
  if (planStamp === '-') return null;
  const directory = storeDirectory(env);
  const terminal = Boolean(streams.stdout.isTTY);
  const today = studyDayOf(env);
  return {
    file: viewFile(cacheDirectory(env), planPath, invocation.key),
    planStamp,
    key: (planId) =>
      JSON.stringify([
        K8S_STUDY_BUILD,
        invocation.key,
        terminal ? streams.stdout.columns : 0,
        terminal,
        env.NO_COLOR ?? null,
        env.FORCE_COLOR ?? null,
        env.TZ ?? null,
        env.K8S_STUDY_NOW ?? null,
        env.K8S_STUDY_DAY_START ?? null,
        invocation.globals.plan ?? null,
        storeStamp(directory, planId, invocation.command.name === 'status'),
        today,
      ]),
  };
}

/** The cached view of an invocation, when everything it was made from is unchanged; else null. */
export function cachedView(slot: ViewSlot): string | null {
  const cached = readView(slot.file);
  return cached && cached.planStamp === slot.planStamp && cached.key === slot.key(cached.planId) ? cached.output : null;
}

/** Keeps a view for next time. */
export function keepView(slot: ViewSlot, planId: string, output: string): void {
  writeView(slot.file, { key: slot.key(planId), planId, planStamp: slot.planStamp, output });
}
