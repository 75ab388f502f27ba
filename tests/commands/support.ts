import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Choice, KeyChoice, Prompts } from '../../src/io/prompts.ts';
import { cli, ROOT, scriptedPrompts, SHIPPED_PLAN, tempDir, type CliOptions } from '../helpers.ts';

// What the command tests share: JSON runs that must succeed, plan files written for a test, the
// stored fixtures, and a byte-for-byte picture of a store folder (to say "nothing changed").

export const FIXTURE_2 = join(ROOT, 'tests/fixtures/store-format-2.json');
export const FIXTURE_1 = join(ROOT, 'tests/fixtures/store-format-1.json');

/** Runs a command with `--json` that must succeed, and returns the one JSON document it printed. */
export async function json<T = Record<string, unknown>>(args: string[], options: CliOptions = {}): Promise<T> {
  const result = await cli(['--json', ...args], options);
  expect(result.stderr, `${args.join(' ')}: stderr`).toBe('');
  expect(result.status, `${args.join(' ')}: exit`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Runs a command that must succeed (exit 0, nothing on stderr); returns what it printed. */
export async function ok(args: string[], options: CliOptions = {}): Promise<string> {
  const result = await cli(args, options);
  expect(result.stderr, `${args.join(' ')}: stderr`).toBe('');
  expect(result.status, `${args.join(' ')}: exit`).toBe(0);
  return result.stdout;
}

/** The shipped plan as data, for tests that write an edited copy. */
export type PlanData = {
  id: string;
  title: string;
  sessions: { id: string; title: string; day: number; duration?: string; focus: string[]; keyPoints?: string[]; terms?: string[] }[];
  keyPoints: { id: string; title: string; text: string }[];
  terms: { id: string; term: string; text: string }[];
  [key: string]: unknown;
};

export function shippedPlanData(): PlanData {
  return parseYaml(readFileSync(SHIPPED_PLAN, 'utf8')) as PlanData;
}

/** Writes a plan file (YAML text or data) into a new temporary folder; returns its path. */
export function writePlan(plan: string | PlanData, name = 'plan.yaml', folder = tempDir()): string {
  const file = join(folder, name);
  writeFileSync(file, typeof plan === 'string' ? plan : stringifyYaml(plan));
  return file;
}

/** A small plan of two days and three sessions, with whatever ids and texts a test gives. */
export function smallPlan(overrides: { id?: string; sessionIds?: [string, string, string]; title?: string } = {}): string {
  const [a, b, c] = overrides.sessionIds ?? ['alpha', 'beta', 'gamma'];
  return `version: 1
id: ${overrides.id ?? 'small-plan'}
title: ${JSON.stringify(overrides.title ?? 'Small Plan')}
sessions:
  - id: ${a}
    title: First session
    day: 1
    duration: 30m
    focus: [Read the first chapter, Draw the diagram]
    keyPoints: [point-one]
    terms: [term-one]
  - id: ${b}
    title: Second session
    day: 1
    duration: 45m
    focus: [Read the second chapter]
    keyPoints: [point-two]
  - id: ${c}
    title: Third session
    day: 2
    duration: 1h
    focus: [Write it up]
keyPoints:
  - id: point-one
    title: Point one
    text: The first point.
  - id: point-two
    title: Point two
    text: The second point.
terms:
  - id: term-one
    term: term one
    text: The first term.
`;
}

/** Puts a stored fixture into a new store folder as its config.json; returns the folder. */
export function seedStore(fixture: string, configDir = tempDir()): string {
  mkdirSync(configDir, { recursive: true });
  copyFileSync(fixture, join(configDir, 'config.json'));
  return configDir;
}

/** Every file of a store folder (caches left out) with its bytes: equal pictures mean nothing changed. */
export function storeSnapshot(configDir: string): Record<string, string> {
  const picture: Record<string, string> = {};
  if (!existsSync(configDir)) return picture;
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const key = relative(configDir, path);
      // The caches and a lock left by a run are not what the store holds.
      if (key === 'cache' || name.endsWith('.lock')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else picture[key] = readFileSync(path, 'latin1');
    }
  };
  walk(configDir);
  return picture;
}

/** Raw terminal control: ESC, BEL, C1 controls, DEL, a carriage return alone (a line feed, tab or CRLF is fine). */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;

/** Prompts that answer from a script and also keep what each prompt offered (choices, defaults). */
export function recordingPrompts(answers: unknown[]): Prompts & { asked: string[]; offered: { message: string; choices?: Choice<unknown>[]; keys?: KeyChoice<unknown>[]; default?: unknown }[] } {
  const scripted = scriptedPrompts(answers);
  const offered: { message: string; choices?: Choice<unknown>[]; keys?: KeyChoice<unknown>[]; default?: unknown }[] = [];
  return {
    asked: scripted.asked,
    offered,
    checkboxes: async <T>(message: string, choices: Choice<T>[]) => {
      offered.push({ message, choices: choices as Choice<unknown>[] });
      return scripted.checkboxes(message, choices);
    },
    text: async (message: string, options?: { default?: string; required?: boolean }) => {
      offered.push({ message, default: options?.default });
      return scripted.text(message, options);
    },
    duration: async (message: string, options: { default: number; parse: (typed: string) => number }) => {
      offered.push({ message, default: options.default });
      return scripted.duration(message, options);
    },
    choose: async <T>(message: string, choices: Choice<T>[]) => {
      offered.push({ message, choices: choices as Choice<unknown>[] });
      return scripted.choose(message, choices);
    },
    key: async <T>(message: string, choices: KeyChoice<T>[]) => {
      offered.push({ message, keys: choices as KeyChoice<unknown>[] });
      return scripted.key(message, choices);
    },
    editor: async (message: string, options?: { default?: string }) => {
      offered.push({ message, default: options?.default });
      return scripted.editor(message, options);
    },
    confirm: async (message: string, options?: { default?: boolean }) => {
      offered.push({ message, default: options?.default });
      return scripted.confirm(message, options);
    },
  };
}

/** An error as Inquirer throws it when the user presses Ctrl-C at a prompt. */
export function ctrlC(): Error {
  return Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a value is the SPEC's `Session`: exactly its fields, each of its type. */
export function expectSessionShape(value: unknown): void {
  const session = value as Record<string, unknown>;
  expect(Object.keys(session).sort()).toEqual(['checklist', 'completedAt', 'day', 'id', 'keyPoints', 'minutes', 'minutesSpent', 'number', 'status', 'summary', 'terms', 'title']);
  expect(session).toMatchObject({ id: expect.any(String), number: expect.any(Number), title: expect.any(String), day: expect.any(Number), minutes: expect.any(Number) });
  expect(['todo', 'in-progress', 'done']).toContain(session.status);
  for (const item of session.checklist as Record<string, unknown>[]) {
    expect(Object.keys(item).sort()).toEqual(['done', 'number', 'text']);
    expect(item).toEqual({ number: expect.any(Number), text: expect.any(String), done: expect.any(Boolean) });
  }
  for (const point of session.keyPoints as Record<string, unknown>[]) expect(point).toEqual({ id: expect.any(String), title: expect.any(String), text: expect.any(String) });
  for (const term of session.terms as Record<string, unknown>[]) expect(term).toEqual({ id: expect.any(String), term: expect.any(String), text: expect.any(String) });
  if (session.completedAt !== null) expect(session.completedAt).toMatch(INSTANT);
  if (session.minutesSpent !== null) expect(session.minutesSpent).toEqual(expect.any(Number));
  if (session.summary !== null) expect(session.summary).toEqual(expect.any(String));
}

/** Checks a value is the SPEC's `ReviewItem`: exactly its fields, each of its type. */
export function expectReviewItemShape(value: unknown): void {
  const item = value as Record<string, unknown>;
  expect(Object.keys(item).sort()).toEqual(['due', 'id', 'kind', 'overdueDays', 'title']);
  expect(['session', 'keypoint', 'term']).toContain(item.kind);
  expect(item.id).toMatch(new RegExp(`^${String(item.kind)}:`));
  expect(item.due).toMatch(DAY);
  expect(item).toMatchObject({ title: expect.any(String), overdueDays: expect.any(Number) });
}

/** Human output with its line wrapping undone: every run of white space one space. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Matches the instant the tool writes for a local clock time (`2026-12-01T10:00`), whatever the time zone's offset. */
export function localInstant(clock: string): unknown {
  return expect.stringMatching(new RegExp(`^${clock}:00(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$`));
}

/** A session as `show --json` and `list --json` print it (the fields the tests read). */
export interface SessionJson {
  id: string;
  number: number;
  status: string;
  checklist: { number: number; text: string; done: boolean }[];
  completedAt: string | null;
  minutesSpent: number | null;
  summary: string | null;
}
