import { describe, expect, it } from 'vitest';
import { checkPlanModel } from '../../src/core/plan-model.ts';
import type { Plan } from '../../src/core/plan.ts';
import { shippedPlan } from './plans.ts';

// The cache of validated plans is a file like any other: an entry edited by hand or damaged must be
// refused (the plan is then validated again from its file), never used to crash or to print escapes.

const valid = shippedPlan();

/** Marks a key to delete rather than to set. */
const DELETE = Symbol('delete');

/** A deep copy of the shipped plan (as the cache holds it: JSON) with the value at `path` set, or deleted. */
function changed(path: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('checkPlanModel', () => {
  it('accepts a plan the validator built, and its JSON copy', () => {
    expect(checkPlanModel(valid)).toBe(true);
    expect(checkPlanModel(JSON.parse(JSON.stringify(valid)))).toBe(true);
    expect(checkPlanModel(changed(['sessions', 0, 'title'], 'A plain new title'))).toBe(true);
  });

  it.each<[string, (string | number)[], unknown]>([
    ['an ESC in a session title', ['sessions', 0, 'title'], 'Shared \u001b]0;pwned\u0007Responsibility'],
    ['a C1 control in a focus line', ['sessions', 1, 'focus', 0], 'a\u009b2Jb'],
    ['a DEL in a key point text', ['keyPoints', 0, 'text'], 'x\u007f'],
    ['a bell in the goal', ['goal'], 'ring\u0007'],
    ['an escape in the lab title', ['lab', 'title'], '\u001b[2J'],
    ['sessions: [{}]', ['sessions'], [{}]],
    ['no sessions', ['sessions'], []],
    ['a day of 3000000', ['sessions', 4, 'day'], 3_000_000],
    ['a day of 0', ['sessions', 0, 'day'], 0],
    ['a day as text', ['sessions', 0, 'day'], '1'],
    ['minutes as text', ['sessions', 0, 'minutes'], '60'],
    ['over 6000 minutes', ['sessions', 0, 'minutes'], 6001],
    ['numbers out of order', ['sessions', 1, 'number'], 3],
    ['an id that is no slug', ['sessions', 0, 'id'], 'Shared Responsibility'],
    ['focus as text', ['sessions', 0, 'focus'], 'one line'],
    ['keyPoints missing on a session', ['sessions', 0, 'keyPoints'], DELETE],
    ['a term id that is a number', ['sessions', 0, 'terms'], [1]],
    ['a retention of 2', ['review', 'retention'], 2],
    ['beforeLab as text', ['review', 'beforeLab'], 'yes'],
    ['no review', ['review'], DELETE],
    ['topics as an object', ['topics'], {}],
    ['a term without its text', ['terms', 0, 'text'], DELETE],
    ['the plan id as a number', ['id'], 7],
  ])('refuses %s', (_name, path, value) => {
    expect(checkPlanModel(changed(path, value))).toBe(false);
  });

  it.each([null, [], 'plan', 42, {}])('refuses %j', (value) => {
    expect(checkPlanModel(value as unknown as Plan)).toBe(false);
  });
});
