import { describe, expect, it } from 'vitest';
import type { LabOutlook } from '../../src/core/lab.ts';
import { renderNext, type NextResult } from '../../src/ui/next.ts';
import { plainView, sessionView, shown, tooWide } from './views.ts';

const outlook = (fields: Partial<LabOutlook> = {}): LabOutlook => ({ date: '2026-12-10', daysLeft: 9, passed: false, sessionsLeft: 3, minutesLeft: 210, studyDaysLeft: 2, reviewsLeft: 4, fits: true, ...fields });

function result(fields: Partial<NextResult> = {}): NextResult {
  return {
    plan: { id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals', labTitle: 'Deploy an Amazon EKS cluster', beforeLabText: "Before the lab, review all the essential concepts to ensure you're well-prepared." },
    totals: { done: 2, total: 5, minutesPlanned: 330, minutesSpent: 120 },
    session: sessionView(),
    behind: null,
    reviewsDue: 0,
    firstDue: [],
    lab: null,
    outlook: null,
    clock: null,
    ...fields,
  };
}

const text = (fields: Partial<NextResult> = {}, width = 80): string => renderNext(result(fields), plainView(width)).join('\n');

describe('renderNext', () => {
  it('shows the next session with its checklist, key points, terms and what to type', () => {
    const lines = renderNext(result({ session: sessionView({ status: 'in-progress', checklist: [{ number: 1, text: 'Study it.', done: true }, { number: 2, text: 'Note it.', done: false }] }) }), plainView());
    expect(lines[0]).toBe('Kubernetes Security Fundamentals');
    expect(lines[1]).toMatch(/ 2 of 5 sessions done · 2 h spent of 5 h 30 min planned$/);
    // Too long for 80 columns: the rest wraps under the title.
    expect(lines).toContain('Next: 3. EKS Security Architecture  day 2 · 1 h 30 min\n         · eks-security-architecture');
    expect(lines).toContain('  [x] 1. Study it.');
    expect(lines).toContain('  [ ] 2. Note it.');
    expect(lines.join('\n')).toContain('EKS Architecture: Familiarize yourself');
    expect(lines.join('\n')).toContain('etcd: Key Value store');
    // The tick suggested is the first line not ticked yet.
    expect(lines).toContain('Tick items: k8s-study check 3 2 · when finished: k8s-study done 3 (1 h 30 min planned, 1/2 ticked)');
  });

  it('suggests only done once every line is ticked', () => {
    const output = text({ session: sessionView({ status: 'in-progress', checklist: [{ number: 1, text: 'Study it.', done: true }, { number: 2, text: 'Note it.', done: true }] }) });
    expect(output).toContain('when finished: k8s-study done 3 (1 h 30 min planned, 2/2 ticked)');
    expect(output).not.toContain('Tick items');
  });

  it('says a lab date in the past has passed', () => {
    const output = text({ lab: { date: '2026-11-28', daysLeft: -3 }, outlook: outlook({ date: '2026-11-28', daysLeft: -3, passed: true, fits: false }) });
    expect(output).toContain('Lab 2026-11-28, passed 3 days ago: Deploy an Amazon EKS cluster (k8s-study lab DATE sets the next one)');
    // No pace advice for a lab that is over.
    expect(output).not.toContain('will not fit');
    // Nor the plan's advice for before the lab, once every session is done.
    const finished = text({ session: null, lab: { date: '2026-11-28', daysLeft: -3 } });
    expect(finished).toContain('All sessions are done.\nKeep your notes fresh: review what is due.\n');
    expect(finished).not.toContain('Before the lab');
    expect(text({ session: null, lab: { date: '2026-12-02', daysLeft: 1 } }).replace(/\n(?!\n)/g, ' ')).toContain("All sessions are done. Before the lab, review all the essential concepts to ensure you're well-prepared.");
  });

  it.each([
    [0, 'Lab 2026-12-01, today: Deploy an Amazon EKS cluster'],
    [1, 'Lab 2026-12-01, tomorrow: Deploy an Amazon EKS cluster'],
    [9, 'Lab 2026-12-01, in 9 days: Deploy an Amazon EKS cluster'],
    [-1, 'Lab 2026-12-01, passed yesterday: Deploy an Amazon EKS cluster (k8s-study lab DATE sets the next one)'],
  ])('counts down to the lab: %i days left', (daysLeft, line) => {
    expect(text({ lab: { date: '2026-12-01', daysLeft } })).toContain(line);
  });

  it('warns when the sessions left will not fit before the lab', () => {
    const output = text({ lab: { date: '2026-12-02', daysLeft: 1 }, outlook: outlook({ date: '2026-12-02', daysLeft: 1, studyDaysLeft: 2, fits: false }) });
    expect(output).toContain("At the plan's pace the 2 days of sessions left will not fit in the 1 day before the lab");
    expect(text({ outlook: outlook() })).not.toContain('will not fit');
  });

  it('says when the session is behind its date', () => {
    expect(text({ behind: { date: '2026-12-01', daysLate: 2 } })).toContain('Behind: planned for day 2, Tue 2026-12-01, 2 days ago (k8s-study schedule shows the agenda)');
  });

  it('names the first reviews due and how many more', () => {
    const firstDue = [
      { id: 'term:etcd', kind: 'term' as const, title: 'etcd', due: '2026-11-30', overdueDays: 1 },
      { id: 'keypoint:control-plane', kind: 'keypoint' as const, title: 'Kubernetes Control Plane', due: '2026-12-01', overdueDays: 0 },
    ];
    expect(text({ reviewsDue: 5, firstDue })).toContain('Reviews due: 5 — etcd (term:etcd), Kubernetes Control Plane (keypoint:control-plane), and 3 more. Run k8s-study review.');
    expect(text({ reviewsDue: 2, firstDue })).toContain('Kubernetes Control Plane (keypoint:control-plane). Run k8s-study review.');
  });

  it('when all is done, says so with the before-lab advice and points at reviews', () => {
    const output = text({ session: null, totals: { done: 5, total: 5, minutesPlanned: 330, minutesSpent: 300 } }).replace(/\n(?!\n)/g, ' ');
    expect(output).toContain('All sessions are done.');
    expect(output).toContain("Before the lab, review all the essential concepts to ensure you're well-prepared.");
    expect(output).toContain('No reviews due today; k8s-study due --upcoming 7 shows what comes next.');
    expect(output).not.toContain('Next:');
  });

  it('carries the --plan of the user in every command it suggests', () => {
    const lines = renderNext(result({ reviewsDue: 1, firstDue: [{ id: 'term:etcd', kind: 'term', title: 'etcd', due: '2026-12-01', overdueDays: 0 }] }), plainView(80, "k8s-study --plan 'my plan.yaml'"));
    const output = lines.join('\n');
    expect(output).toContain("k8s-study --plan 'my plan.yaml' check 3 1");
    expect(output).toContain("k8s-study --plan 'my plan.yaml' done 3");
    expect(output).toContain("Run k8s-study --plan 'my plan.yaml' review.");
  });

  it.each([50, 30])('fits %i columns, wrapping the checklist under its text', (width) => {
    const lines = shown(renderNext(result({ lab: { date: '2026-11-28', daysLeft: -3 }, behind: { date: '2026-12-01', daysLate: 2 } }), plainView(width)), width);
    expect(tooWide(lines, width)).toEqual([]);
    expect(lines.some((line) => line.startsWith('  [ ] 1. Study the EKS'))).toBe(true);
  });

  it('shows a running clock: on this session, on another, in another plan, and one forgotten past its day', () => {
    const clock = { plan: 'k8s-security-fundamentals', session: 'eks-security-architecture', label: '3. EKS Security Architecture', startedAt: '2026-12-01T09:35:00+00:00', minutes: 25, clockedBefore: 0, forgotten: false };
    expect(text({ clock })).toContain('⏱ Clock running on this session: 25 min since 2026-12-01 09:35');
    expect(text({ clock: { ...clock, clockedBefore: 40 } })).toContain('⏱ Clock running on this session: 25 min since 2026-12-01 09:35, 1 h 5 min clocked in all');
    expect(text({ clock: { ...clock, session: 'shared-responsibility', label: '1. Shared Responsibility' } })).toContain('⏱ Clock running on 1. Shared Responsibility: 25 min');
    expect(text({ clock: { ...clock, plan: 'other-plan' } })).toContain('⏱ Clock running on 3. EKS Security Architecture (plan other-plan): 25 min');
    expect(text({ clock: { ...clock, minutes: 1500, forgotten: true } }, 200)).toContain('it ran past the end of the study day it started in: stop it');
    expect(text()).not.toContain('Clock running');
  });
});
