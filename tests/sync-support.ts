import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, tempDir, type CliResult } from './helpers.ts';

// What the sync tests share: a bare repository in a temporary folder (the "shared disk"), stores
// that sync with it, and their exports put side by side.

/** A fresh bare git repository, as a person would make one for k8s-study: `git init --bare`. */
export function bareRemote(): string {
  const folder = join(tempDir('k8s-study-remote-'), 'study.git');
  execFileSync('git', ['init', '-q', '--bare', folder]);
  return folder;
}

/** Runs `sync` in-process on a store, at a time of the store's clock. */
export async function sync(configDir: string, now: string, args: string[] = []): Promise<CliResult> {
  return cli(['sync', ...args], { configDir, now });
}

/**
 * What a run says while it waits for a lock that a killed run left (a lock whose holder had not yet
 * written its name is waited for a few seconds): information, not a complaint.
 */
export const WAITING = /^waiting for another k8s-study(?: sync of this store| \(process \d+\))? to finish(?: with the store)?…\n/gm;

/** `sync` that must succeed, saying nothing on standard error but that it waited for a lock. */
export async function syncOk(configDir: string, now: string, args: string[] = []): Promise<string> {
  const result = await sync(configDir, now, args);
  expect(result.stderr.replace(WAITING, ''), `sync ${args.join(' ')}: stderr`).toBe('');
  expect(result.status, `sync ${args.join(' ')}: exit`).toBe(0);
  return result.stdout;
}

/** A value with every object's keys in order: two stores' records compare whatever order their files list them in. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  return value;
}

export interface ExportedProgress {
  sessions: Record<string, { summary: string | null; completedAt: string | null; ticks: string[]; minutesSpent: number | null }>;
  reviewItems: Record<string, { due: string; card: { reps: number } | null; source: string }>;
  reviewLog: { id: string; item: string; rating: string; at: string }[];
  lab: string | null;
  startDate: string | null;
}

/** A plan's progress as `export --format json` writes it, its review log in id order (each journal lists it in the order it learnt of it). */
export async function exported(configDir: string, now: string, plan: string[] = []): Promise<ExportedProgress> {
  const result = await cli([...plan, 'export', '--format', 'json'], { configDir, now });
  expect(result.status, result.stderr).toBe(0);
  const progress = (JSON.parse(result.stdout) as { progress: ExportedProgress }).progress;
  progress.reviewLog.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted(progress) as ExportedProgress;
}

/** Git's own answer about a repository (to look at the remote and at repositories sync must leave alone). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } });
}
