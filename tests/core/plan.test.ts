import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSession } from '../../src/core/plan.ts';
import { planJsonSchema } from '../../src/core/plan-schema.ts';
import { parsePlan, PlanError } from '../../src/io/plan-file.ts';
import { ROOT, SHIPPED_PLAN } from '../helpers.ts';

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

describe('parsePlan', () => {
  it('orders sessions by day, then as listed, and numbers them', () => {
    const plan = parsePlan(MINIMAL, 'plan.yaml');
    expect(plan.sessions.map((session) => [session.number, session.id, session.minutes])).toEqual([
      [1, 'beta', 60],
      [2, 'alpha', 30],
    ]);
    expect(plan.review.firstAfterDays).toBe(1);
    expect(plan.review.beforeLab).toBe(true);
  });

  it('reports every error at once as FILE:LINE:COL: message', () => {
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
      'plan.yaml:12:10: sessions[0].day: must be a positive whole number',
      'plan.yaml:13:15: sessions[0].duration: must be a duration such as 1h, 90m, 1.5h or 1h30m',
      'plan.yaml:15:21: sessions[0].keyPoints[1]: no key point has the id "nope"',
      'plan.yaml:16:9: sessions[1].id: duplicate id "alpha" in sessions',
      'plan.yaml:21:13: sessions[1].terms[0]: no term has the id "etcd"',
    ]);
  });

  it('reports a duration of zero with the other errors', () => {
    expect(errorsOf('version: 1\nid: Bad\ntitle: T\nsessions:\n  - id: a\n    title: A\n    day: 1\n    duration: 0m\n    focus: [a]\n')).toEqual([
      'plan.yaml:2:5: id: must be a lowercase slug such as "shared-responsibility"',
      'plan.yaml:8:15: sessions[0].duration: "0m" is not a positive duration',
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
  - id: alpha
    title: B
    day: 1
    duration: 1h
    focus: [b]
    terms: [etcd]
`;
    expect(errorsOf(text)).toEqual([
      'plan.yaml:14:21: sessions[0].keyPoints[1]: no key point has the id "nope"',
      'plan.yaml:15:9: sessions[1].id: duplicate id "alpha" in sessions',
      'plan.yaml:20:13: sessions[1].terms[0]: no term has the id "etcd"',
    ]);
  });

  it('refuses an empty session list, a missing key and a wrong type', () => {
    expect(errorsOf('version: 1\nid: p\ntitle: T\nsessions: []\n')).toEqual(['plan.yaml:4:11: sessions: must list at least one session']);
    expect(errorsOf('version: 1\nid: p\nsessions:\n  - id: a\n    title: A\n    day: "1"\n    duration: 1h\n    focus: []\n')[0]).toMatch(
      /^plan\.yaml:1:1: title: is required$/,
    );
    expect(errorsOf('version: 1\nid: p\ntitle: T\nsessions:\n  - id: a\n    title: A\n    day: "1"\n    duration: 1h\n    focus: []\n')).toEqual([
      'plan.yaml:7:10: sessions[0].day: must be a number, not the text "1"',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(errorsOf('version: 1\nid: [unclosed\n')[0]).toMatch(/^plan\.yaml:\d+:\d+: /);
    expect(errorsOf('version: 1\nversion: 1\n')[0]).toMatch(/^plan\.yaml:2:1: .*[Uu]nique/);
  });

  it('refuses a YAML alias bomb quickly instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const current = String.fromCharCode(97 + level);
      bomb.push(`${current}: &${current} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = Date.now();
    const errors = errorsOf(bomb.join('\n'));
    expect(errors[0]).toMatch(/^plan\.yaml:1:1: YAML aliases expand too far/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('strips terminal escape sequences from every text', () => {
    const plan = parsePlan(MINIMAL.replace('title: Alpha', 'title: "Al\\e]52;c;ZXZpbA==\\apha\\e[2J"'), 'plan.yaml');
    expect(plan.sessions[1]?.title).toBe('Alpha');
  });
});

describe('findSession', () => {
  const plan = parsePlan(readFileSync(SHIPPED_PLAN, 'utf8'), SHIPPED_PLAN);
  it.each([
    ['1', 'shared-responsibility'],
    ['5', 'review-lab-preparation'],
    ['eks-security-architecture', 'eks-security-architecture'],
    ['eks', 'eks-security-architecture'],
    ['REVIEW', 'review-lab-preparation'],
    ['0', null],
    ['6', null],
    ['zzz', null],
    ['', null],
  ])('%j → %j', (reference, id) => {
    expect(findSession(plan, reference).session?.id ?? null).toBe(id);
  });
});

describe('the shipped JSON Schema', () => {
  it('is what the plan schema generates (run `npm run schema` after changing it)', () => {
    const shipped = JSON.parse(readFileSync(`${ROOT}data/plan.schema.json`, 'utf8'));
    expect(shipped).toEqual(planJsonSchema());
  });
});
