import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedPlan } from './plans.ts';

// The shipped plan must carry the study notes it is built from (a copy of shared/seed), faithfully.
const notes = readFileSync(new URL('../fixtures/seed-notes.txt', import.meta.url), 'utf8').replace(/[\u2019]/g, "'");
const plan = shippedPlan();
const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();
const notesText = normalize(notes);

describe('the shipped plan', () => {
  it('has the five sessions of the notes, with their days, durations and checklists', () => {
    expect(plan.id).toBe('k8s-security-fundamentals');
    expect(plan.title).toBe('Kubernetes Security Fundamentals');
    expect(plan.sessions.map((session) => session.title)).toEqual([
      'Shared Responsibility and Compute Types',
      'Security Architecture Example and Cloud Native Gaps',
      'EKS Security Architecture',
      'Additional Kubernetes Security Components',
      'Review and Lab Preparation',
    ]);
    expect(plan.sessions.map((session) => session.day)).toEqual([1, 1, 2, 2, 3]);
    expect(plan.sessions.map((session) => session.focus.length)).toEqual([3, 3, 3, 2, 3]);
    expect(plan.sessions.map((session) => session.minutes)).toEqual([60, 60, 90, 60, 60]);
    expect(plan.sessions.reduce((sum, session) => sum + session.minutes, 0)).toBe(330);
  });

  it('has the 7 key study points, all linked from sessions', () => {
    expect(plan.keyPoints).toHaveLength(7);
    const linked = new Set(plan.sessions.flatMap((session) => session.keyPoints));
    expect([...linked].sort()).toEqual(plan.keyPoints.map((point) => point.id).sort());
  });

  it('has the 5 control-plane components as terms, linked from sessions 1 and 2', () => {
    expect(plan.terms).toHaveLength(5);
    expect(plan.sessions[1]?.terms.slice().sort()).toEqual(plan.terms.map((term) => term.id).sort());
    expect(plan.sessions[0]?.terms.length).toBeGreaterThan(0);
  });

  it('has the goal, the four key topics, the lab and the review rules', () => {
    expect(plan.topics).toHaveLength(4);
    expect(plan.goal).toMatch(/^Understand the core concepts of Kubernetes security/);
    expect(plan.lab?.title).toMatch(/Amazon EKS/);
    expect(plan.review.firstAfterDays).toBe(1);
    expect(plan.review.beforeLab).toBe(true);
    expect(plan.review.summaryPrompt).toMatch(/summarize the key points in your own words/);
    expect(plan.review.notesAfter).toMatch(/Review your notes a day or two later/);
    expect(plan.review.beforeLabText).toMatch(/Before the lab, review all the essential concepts/);
  });

  it('uses the notes’ own words for every checklist item, key point, term and topic', () => {
    const texts = [
      plan.goal ?? '',
      ...plan.sessions.flatMap((session) => [session.title, ...session.focus]),
      ...plan.keyPoints.flatMap((point) => [point.title, point.text]),
      ...plan.terms.map((term) => term.text),
      ...plan.topics.flatMap((topic) => [topic.title, topic.text]),
    ];
    const missing = texts.filter((text) => !notesText.includes(normalize(text)));
    expect(missing).toEqual([]);
  });
});
