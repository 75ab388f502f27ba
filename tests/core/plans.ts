import { readFileSync } from 'node:fs';
import { toInstant } from '../../src/core/dates.ts';
import { validatePlan, type Plan } from '../../src/core/plan.ts';
import { memoryRecords, type PlanRecords } from '../../src/core/progress.ts';
import { dict, emptyMeta, type Dict, type ItemRecord, type PlanMeta, type PlanState, type SessionRecord } from '../../src/core/records.ts';
import { parsePlan } from '../../src/io/plan-file.ts';

// What the core and ui tests share. Kept apart from tests/helpers.ts, which loads the whole program
// (main.ts) to run the CLI in-process: these tests import only the pure modules they test.

export const SHIPPED_PLAN = new URL('../../data/k8s-security-fundamentals.yaml', import.meta.url).pathname;

/** The shipped plan, parsed and validated as the tool loads it. */
export function shippedPlan(): Plan {
  return parsePlan(readFileSync(SHIPPED_PLAN, 'utf8'), SHIPPED_PLAN);
}

/** A session entry of a plan document, with whatever the test does not care about filled in. */
export function sessionEntry(id: string, day: number, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, title: `Session ${id}`, day, duration: '1h', focus: [`study ${id}`], ...more };
}

/** A validated plan from a document (the plan file as parsed YAML); throws with the issues when invalid. */
export function planOf(document: Record<string, unknown>): Plan {
  const result = validatePlan({ version: 1, id: 'tiny', title: 'Tiny', ...document });
  if (!result.plan) throw new Error(`invalid test plan: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

/** An instant for a local date and time (`2026-12-01`, `10:00`), written with the local offset as the store writes it. */
export function localInstant(day: string, time = '10:00'): string {
  return toInstant(new Date(`${day}T${time}`));
}

/** A local Date (the constructor's local fields: the same study day in every time zone). */
export function localDate(day: string, time = '10:00'): Date {
  return new Date(`${day}T${time}`);
}

/** A session record, finished or not as `fields` say. */
export function sessionRecord(fields: Partial<SessionRecord> = {}): SessionRecord {
  return { completedAt: null, minutesSpent: null, summary: null, ticks: [], clockedMinutes: 0, changedAt: '2026-11-01T10:00:00+00:00', ...fields };
}

/** A finished session record, finished at the local instant of `day` at `time`. */
export function doneRecord(day: string, fields: Partial<SessionRecord> = {}, time = '10:00'): SessionRecord {
  const at = localInstant(day, time);
  return sessionRecord({ completedAt: at, minutesSpent: 60, changedAt: at, ...fields });
}

/** A review item never reviewed, due on `due`. */
export function itemRecord(due: string, fields: Partial<ItemRecord> = {}): ItemRecord {
  return { source: 'alpha', createdAt: '2026-11-01T10:00:00+00:00', due, card: null, changedAt: '2026-11-01T10:00:00+00:00', ...fields };
}

/** A plan's state (records without a prototype, as the store gives them). */
export function stateOf(parts: { sessions?: Record<string, SessionRecord>; items?: Record<string, ItemRecord>; meta?: Partial<PlanMeta> } = {}): PlanState {
  return {
    id: 'tiny',
    meta: { ...emptyMeta('Tiny'), ...parts.meta },
    sessions: dict(Object.entries(parts.sessions ?? {})),
    items: dict(Object.entries(parts.items ?? {})),
  };
}

/** PlanRecords in memory, with the dictionaries they change. */
export function recordsOf(state: { sessions: Dict<SessionRecord>; items: Dict<ItemRecord>; meta?: PlanMeta } = { sessions: dict(), items: dict() }): PlanRecords & {
  sessions: Dict<SessionRecord>;
  items: Dict<ItemRecord>;
} {
  const held = { sessions: state.sessions, items: state.items, meta: state.meta ?? emptyMeta('Tiny') };
  return Object.assign(memoryRecords(held), { sessions: held.sessions, items: held.items });
}

/** Three sessions over plan days 1, 1 and 3 (day 2 is a rest day), with a lab and one key point. */
export function threeSessionPlan(): Plan {
  return planOf({
    lab: { title: 'The lab' },
    sessions: [
      sessionEntry('alpha', 1, { duration: '1h', keyPoints: ['one'] }),
      sessionEntry('beta', 1, { duration: '30m' }),
      sessionEntry('gamma', 3, { duration: '1h30m' }),
    ],
    keyPoints: [{ id: 'one', title: 'One', text: 'The one point.' }],
  });
}
