import { describe, expect, it } from 'vitest';
import type { LabOutlook } from '../../src/core/lab.ts';
import type { ForecastItem, LabForecast } from '../../src/core/forecast.ts';
import { labJson, renderLab, type LabResult } from '../../src/ui/lab.ts';
import { plainView, shown, tooWide } from './views.ts';

const outlook = (fields: Partial<LabOutlook> = {}): LabOutlook => ({ date: '2026-12-10', daysLeft: 9, passed: false, sessionsLeft: 3, minutesLeft: 210, studyDaysLeft: 2, reviewsLeft: 4, fits: true, ...fields });

function render(fields: Partial<LabResult> = {}, width = 80): string[] {
  return renderLab(
    { change: null, outlook: outlook(), forecast: null, left: { sessions: 3, minutes: 210, reviewsDue: 2 }, labTitle: 'Deploy an Amazon EKS cluster', beforeLab: true, beforeLabText: 'Before the lab, review all the essential concepts.', ...fields },
    plainView(width),
  );
}

describe('renderLab', () => {
  it('shows the countdown: days, sessions and time left, reviews before the lab', () => {
    expect(render()).toEqual([
      'Lab 2026-12-10, in 9 days: Deploy an Amazon EKS cluster',
      '3 sessions left (3 h 30 min planned over 2 plan days)',
      '4 reviews to do before the lab, all due by the day before',
      'Before the lab, review all the essential concepts.',
    ]);
  });

  it.each([0, 1, 5])('never prints "0 reviews to do before the lab" (%i sessions left)', (sessionsLeft) => {
    const lines = render({ outlook: outlook({ reviewsLeft: 0, sessionsLeft }) });
    expect(lines.join('\n')).not.toMatch(/\b0 reviews?\b/);
    expect(lines.join('\n')).not.toContain('to do before the lab');
  });

  it('on the lab day, the reviews left are to do now (the day before has gone)', () => {
    const lines = render({ outlook: outlook({ date: '2026-12-01', daysLeft: 0 }) });
    expect(lines).toContain('4 reviews left to do before the lab: k8s-study review takes them now');
    expect(lines.join('\n')).not.toContain('the day before');
  });

  it('counts one review in the singular, and leaves out the cap when the plan has none', () => {
    expect(render({ outlook: outlook({ reviewsLeft: 1 }), beforeLab: false })).toContain('1 review to do before the lab');
  });

  it('says a lab date in the past has passed, with no advice for it', () => {
    const lines = render({ outlook: outlook({ date: '2026-11-28', daysLeft: -3, passed: true, fits: false }) });
    expect(lines).toEqual(['Lab 2026-11-28, passed 3 days ago: Deploy an Amazon EKS cluster', 'Set the next one with k8s-study lab DATE, or remove it with k8s-study lab --clear.']);
  });

  it('says when every session is done', () => {
    expect(render({ outlook: outlook({ sessionsLeft: 0, minutesLeft: 0, studyDaysLeft: 0 }) })).toContain('All sessions are done.');
  });

  it('warns when the sessions left do not fit before the lab', () => {
    const lines = render({ outlook: outlook({ daysLeft: 1, studyDaysLeft: 3, fits: false }) });
    expect(lines[0]).toBe('Lab 2026-12-10, tomorrow: Deploy an Amazon EKS cluster');
    expect(lines.join('\n')).toContain("At the plan's pace the 3 days of sessions left will not fit in the 1 day before the lab");
  });

  it('says what it changed', () => {
    expect(render({ change: 'set' })[0]).toBe('Lab date set.');
    expect(render({ change: 'unchanged' })[0]).toBe('The lab was on that day already; nothing changed.');
    expect(render({ change: 'cleared', outlook: null })).toEqual(['Lab date cleared.']);
    expect(render({ change: 'none-to-clear', outlook: null })).toEqual(['There was no lab date to clear. Set one with k8s-study lab +14d (or a date, YYYY-MM-DD).']);
    expect(render({ outlook: null })).toEqual(['No lab date set. Set one with k8s-study lab +14d (or a date, YYYY-MM-DD) to have every review due by the day before.']);
  });

  const item = (id: string, recall: number, fields: Partial<ForecastItem> = {}): ForecastItem => ({
    id,
    kind: 'term',
    title: id,
    recallOnLabDay: recall,
    due: '2026-12-09',
    dueNow: false,
    overdueDays: 0,
    afterReview: null,
    ...fields,
  });
  const forecast = (fields: Partial<LabForecast> = {}): LabForecast => {
    const items = [
      item('term:etcd', 0.62, { due: '2026-11-29', dueNow: true, overdueDays: 2, afterReview: 0.96 }),
      item('keypoint:control-plane', 0.7, { afterReview: 0.95 }),
      item('session:one', 0.93),
      item('term:kube-scheduler', 0.97),
    ];
    return { lab: '2026-12-10', readiness: 0.805, atTarget: 0.5, target: 0.9, items, weakest: items.slice(0, 2), notYetReviewed: 3, ...fields };
  };

  it('forecasts the lab day: readiness, the share at target, the weakest with the review that lifts each', () => {
    const lines = render({ forecast: forecast() });
    expect(lines.slice(3, 8)).toEqual([
      'Forecast for the lab day: readiness 81 %, 2 of 4 items at the 90 % target',
      'Weakest, and what a good answer on the day shown lifts each to:',
      '  term:etcd               62 %  review now (2 days overdue) → 96 %',
      '  keypoint:control-plane  70 %  review on 2026-12-09 → 95 %',
      '3 items not reviewed yet are left out: k8s-study review takes them.',
    ]);
    expect(render({ forecast: forecast({ weakest: [], atTarget: 1, readiness: 0.95, notYetReviewed: 0 }) }).slice(3, 5)).toEqual([
      'Forecast for the lab day: readiness 95 %, 4 of 4 items at the 90 % target',
      'Every item you have reviewed is at the target.',
    ]);
    expect(render({ forecast: forecast({ items: [], weakest: [], readiness: 0, atTarget: 0 }) })[3]).toBe('Forecast: none yet, as no item has been reviewed; k8s-study review starts it.');
  });

  it('--json gives the SPEC shape, with or without a lab date', () => {
    const result = { change: null, outlook: outlook(), forecast: forecast(), left: { sessions: 3, minutes: 210, reviewsDue: 2 }, labTitle: null, beforeLab: true, beforeLabText: null };
    expect(labJson(result)).toEqual({
      date: '2026-12-10',
      daysLeft: 9,
      passed: false,
      sessionsLeft: 3,
      minutesLeft: 210,
      reviewsLeft: 4,
      forecast: {
        readiness: 0.805,
        atTarget: 0.5,
        target: 0.9,
        items: forecast().items.map(({ id, title, recallOnLabDay, due }) => ({ id, title, recallOnLabDay, due })),
      },
    });
    expect(labJson({ ...result, outlook: null, forecast: null })).toEqual({ date: null, daysLeft: null, passed: false, sessionsLeft: 3, minutesLeft: 210, reviewsLeft: 2, forecast: null });
    expect(labJson({ ...result, forecast: forecast({ items: [], weakest: [] }) })).toMatchObject({ forecast: null });
  });

  it('fits 30 columns', () => {
    expect(tooWide(shown(render({ outlook: outlook({ daysLeft: 1, studyDaysLeft: 3, fits: false }), forecast: forecast() }, 30), 30), 30)).toEqual([]);
  });
});
