import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSession } from '../../src/core/plan.ts';
import { MAX_PLAN_DAY, MAX_SESSION_MINUTES, planJsonSchema } from '../../src/core/plan-schema.ts';
import { parsePlan, PlanError } from '../../src/io/plan-file.ts';
import { shippedPlan } from './plans.ts';

// Plan validation as `validate` and every command report it: each error is FILE:LINE:COL pointing at
// the offending node (src/io/plan-file.ts places what src/core/plan.ts finds), all errors at once.

const MINIMAL = `version: 1
id: mini
title: Mini plan
sessions:
  - id: alpha
    title: Alpha
    day: 2
    duration: 30m
    focus: [one]
  - id: beta
    title: Beta
    day: 1
    duration: 1h
    focus: [two, three]
`;

function errorsOf(text: string): string[] {
  try {
    parsePlan(text, 'plan.yaml');
  } catch (error) {
    if (error instanceof PlanError) return error.lines;
    throw error;
  }
  return [];
}

/** A one-session plan with the session's fields as given (YAML flow values). */
const oneSession = (fields: string): string => `version: 1\nid: p\ntitle: T\nsessions:\n  - id: a\n    title: A\n${fields}`;

describe('parsePlan', () => {
  it('orders sessions by day, then as listed, and numbers them', () => {
    const plan = parsePlan(MINIMAL, 'plan.yaml');
    expect(plan.sessions.map((session) => [session.number, session.id, session.minutes])).toEqual([
      [1, 'beta', 60],
      [2, 'alpha', 30],
    ]);
    expect(plan.review).toMatchObject({ firstAfterDays: 1, beforeLab: true, retention: 0.9, summaryPrompt: 'Summarize the key points in your own words.' });
    expect([plan.goal, plan.lab, plan.keyPoints, plan.terms, plan.topics]).toEqual([null, null, [], [], []]);
  });

  it('reports every error at once as FILE:LINE:COL: message, naming sessions by id', () => {
    const text = `version: 1
id: Bad Id
title: T
colour: blue
keyPoints:
  - id: kp
    title: K
    text: k
sessions:
  - id: alpha
    title: A
    day: 0
    duration: 1x
    focus: [a]
    keyPoints: [kp, nope]
  - id: alpha
    title: B
    day: 1
    duration: 1h
    focus: [b]
    terms: [etcd]
`;
    expect(errorsOf(text)).toEqual([
      'plan.yaml:2:5: id: must be a lowercase slug such as "shared-responsibility"',
      'plan.yaml:4:1: colour: unknown key',
      'plan.yaml:12:10: session "alpha", day: must be a positive whole number',
      'plan.yaml:13:15: session "alpha", duration: must be a duration such as 1h, 90m, 1.5h or 1h30m',
      'plan.yaml:15:21: session "alpha", keyPoints[1]: no key point has the id "nope"',
      'plan.yaml:16:9: session "alpha", id: duplicate id "alpha" in sessions',
      'plan.yaml:21:13: session "alpha", terms[0]: no term has the id "etcd"',
    ]);
  });

  it('names a session without a usable id by its place in the file', () => {
    const text = `version: 1
id: p
title: T
sessions:
  - id: fine
    title: F
    day: 1
    duration: 1h
    focus: [f]
  - id: Not A Slug
    title: B
    day: 1
    duration: 1h
    focus: [b]
  - title: C
    day: 1
    duration: 1h
    focus: [c]
keyPoints:
  - id: kp
    title: K
topics:
  - title: Only a title
`;
    expect(errorsOf(text)).toEqual([
      'plan.yaml:10:9: session 2 in the file, id: must be a lowercase slug such as "shared-responsibility"',
      'plan.yaml:15:5: session 3 in the file, id: is required',
      'plan.yaml:20:5: key point "kp", text: is required',
      'plan.yaml:23:5: topic 1 in the file, text: is required',
    ]);
  });

  it('reports a duration of zero with the other errors', () => {
    expect(errorsOf('version: 1\nid: Bad\ntitle: T\nsessions:\n  - id: a\n    title: A\n    day: 1\n    duration: 0m\n    focus: [a]\n')).toEqual([
      'plan.yaml:2:5: id: must be a lowercase slug such as "shared-responsibility"',
      'plan.yaml:8:15: session "a", duration: "0m" is not a positive duration',
    ]);
  });

  it('reports duplicate ids and dangling references', () => {
    const text = `version: 1
id: p
title: T
keyPoints:
  - id: kp
    title: K
    text: k
sessions:
  - id: alpha
    title: A
    day: 1
    duration: 1h
    focus: [a]
    keyPoints: [kp, nope]
  - id: beta
    title: B
    day: 1
    duration: 1h
    focus: [b]
    terms: [etcd]
  - id: beta
    title: B again
    day: 2
    duration: 1h
    focus: [c]
`;
    expect(errorsOf(text)).toEqual([
      'plan.yaml:14:21: session "alpha", keyPoints[1]: no key point has the id "nope"',
      'plan.yaml:20:13: session "beta", terms[0]: no term has the id "etcd"',
      'plan.yaml:21:9: session "beta", id: duplicate id "beta" in sessions',
    ]);
  });

  it('refuses an empty session list, a missing key and a wrong type', () => {
    expect(errorsOf('version: 1\nid: p\ntitle: T\nsessions: []\n')).toEqual(['plan.yaml:4:11: sessions: must list at least one session']);
    expect(errorsOf('version: 1\nid: p\nsessions:\n  - id: a\n    title: A\n    day: "1"\n    duration: 1h\n    focus: []\n')[0]).toBe('plan.yaml:1:1: title: is required');
    expect(errorsOf(oneSession('    day: "1"\n    duration: 1h\n    focus: []\n'))).toEqual(['plan.yaml:7:10: session "a", day: must be a number, not the text "1"']);
    expect(errorsOf(oneSession('    day: 1\n    duration: 1h\n    focus: a line\n'))).toEqual(['plan.yaml:9:12: session "a", focus: must be a list, not the text "a line"']);
    expect(errorsOf('version: 2\nid: p\ntitle: T\nsessions: [{ id: a, title: A, day: 1, duration: 1h, focus: [] }]\n')).toEqual([
      'plan.yaml:1:10: version: must be 1 (the only plan format version)',
    ]);
  });

  it.each([
    ['day: 3650', 'duration: 1h', null],
    ['day: 3651', 'duration: 1h', 'plan.yaml:7:10: session "a", day: must be at most 3650 (ten years of study days)'],
    ['day: 3000000', 'duration: 1h', 'plan.yaml:7:10: session "a", day: must be at most 3650 (ten years of study days)'],
    ['day: 1.5', 'duration: 1h', 'plan.yaml:7:10: session "a", day: must be a whole number, not the number 1.5'],
    ['day: 1', 'duration: 100h', null],
    ['day: 1', 'duration: 6000', null],
    ['day: 1', 'duration: 100h1m', 'plan.yaml:8:15: session "a", duration: "100h1m" is over 100 hours'],
    ['day: 1', 'duration: 6001m', 'plan.yaml:8:15: session "a", duration: "6001m" is over 100 hours'],
    ['day: 1', 'duration: 6001', 'plan.yaml:8:15: session "a", duration: must be at most 6000 minutes (100 hours)'],
    ['day: 1', 'duration: 0', 'plan.yaml:8:15: session "a", duration: must be a positive number of minutes'],
  ])('bounds a session: %s, %s', (day, duration, error) => {
    expect(errorsOf(oneSession(`    ${day}\n    ${duration}\n    focus: [x]\n`))).toEqual(error === null ? [] : [error]);
  });

  it('takes a duration in minutes as a number', () => {
    expect(parsePlan(oneSession('    day: 1\n    duration: 45\n    focus: [x]\n'), 'plan.yaml').sessions[0]?.minutes).toBe(45);
  });

  it('checks the review settings', () => {
    const plan = (review: string): string => `version: 1\nid: p\ntitle: T\nreview:\n${review}\nsessions: [{ id: a, title: A, day: 1, duration: 1h, focus: [] }]\n`;
    expect(parsePlan(plan('  firstAfter: 2d\n  beforeLab: false\n  retention: 0.95'), 'plan.yaml').review).toMatchObject({ firstAfterDays: 2, beforeLab: false, retention: 0.95 });
    expect(errorsOf(plan('  firstAfter: tomorrow'))).toEqual(['plan.yaml:5:15: review.firstAfter: must be a day count such as 1d or 2d']);
    for (const retention of ['1.5', '0.5', 'high']) {
      expect(errorsOf(plan(`  retention: ${retention}`)), retention).toEqual(['plan.yaml:5:14: review.retention: must be a number from 0.7 to 0.99 (the share you mean to recall, e.g. 0.9)']);
    }
  });

  it('points an unknown key of a session at the key itself', () => {
    expect(errorsOf(oneSession('    day: 1\n    duration: 1h\n    focus: []\n    notes: x\n'))).toEqual(['plan.yaml:10:5: session "a", notes: unknown key']);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(errorsOf('version: 1\nid: [unclosed\n')[0]).toMatch(/^plan\.yaml:\d+:\d+: /);
    expect(errorsOf('version: 1\nversion: 1\n')).toEqual(['plan.yaml:2:1: Map keys must be unique']);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const current = String.fromCharCode(97 + level);
      bomb.push(`${current}: &${current} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(errorsOf(bomb.join('\n'))[0]).toMatch(/^plan\.yaml:1:1: YAML aliases expand too far/);
  });

  it('reports at most 100 errors, then how many more', () => {
    const keys = Array.from({ length: 150 }, (_, index) => `extra${index}: x`).join('\n');
    const errors = errorsOf(`version: 1\nid: p\ntitle: T\nsessions: [{ id: a, title: A, day: 1, duration: 1h, focus: [] }]\n${keys}\n`);
    expect(errors).toHaveLength(101);
    expect(errors[100]).toBe('plan.yaml:105:1: and 50 more errors from here on');
  });

  it('strips terminal escape sequences from every text, and from the errors that quote the plan', () => {
    const plan = parsePlan(MINIMAL.replace('title: Alpha', 'title: "Al\\e]52;c;ZXZpbA==\\apha\\e[2J"'), 'plan.yaml');
    expect(plan.sessions[1]?.title).toBe('Alpha');
    const errors = errorsOf(MINIMAL.replace('focus: [one]', 'focus: [one]\n    "\\e[31mred\\e]0;x\\a": 1'));
    // The unknown key is quoted as JSON: its escapes show as text, and nothing raw reaches the terminal.
    expect(errors).toEqual(['plan.yaml:10:5: session "alpha", ["\\u001b[31mred\\u001b]0;x\\u0007"]: unknown key']);
    // eslint-disable-next-line no-control-regex
    expect(errors[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('findSession', () => {
  const plan = shippedPlan();
  it.each([
    ['1', 'shared-responsibility'],
    ['5', 'review-lab-preparation'],
    ['eks-security-architecture', 'eks-security-architecture'],
    ['eks', 'eks-security-architecture'],
    ['REVIEW', 'review-lab-preparation'],
    [' 2 ', 'architecture-cloud-native-gaps'],
    ['0', null],
    ['6', null],
    ['zzz', null],
    ['', null],
  ])('%j → %j', (reference, id) => {
    expect(findSession(plan, reference).session?.id ?? null).toBe(id);
  });

  it('names the candidates of an ambiguous prefix', () => {
    const lookup = findSession(parsePlan(MINIMAL.replace('id: beta', 'id: alpine'), 'plan.yaml'), 'al');
    expect(lookup).toMatchObject({ session: null, reason: 'ambiguous' });
    expect(lookup.session === null && lookup.candidates.map((session) => session.id)).toEqual(['alpine', 'alpha']);
  });
});

describe('the shipped JSON Schema (data/plan.schema.json)', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../data/plan.schema.json', import.meta.url), 'utf8'));

  it('is what the plan schema generates (run `npm run schema` after changing it)', () => {
    expect(shipped).toEqual(planJsonSchema());
  });

  it('tells an editor the bounds the validator enforces: day at most 3650, at most 6000 minutes', () => {
    const session = shipped.properties.sessions.items.properties;
    expect(session.day.maximum).toBe(MAX_PLAN_DAY);
    expect(session.duration.anyOf.find((option: { type: string }) => option.type === 'integer').maximum).toBe(MAX_SESSION_MINUTES);
  });
});
