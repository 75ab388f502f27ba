import { describe, expect, it } from 'vitest';
import type { ReviewItemView } from '../../src/core/reviews.ts';
import { renderDue } from '../../src/ui/due.ts';
import { widthOf } from '../../src/ui/layout.ts';
import { plainView, shown, tooWide } from './views.ts';

const item = (id: string, title: string, due: string, overdueDays: number): ReviewItemView => ({ id, kind: id.split(':')[0] as ReviewItemView['kind'], title, due, overdueDays });

const due = [
  item('keypoint:shared-responsibility-model', 'Shared Responsibility Model', '2026-11-28', 3),
  item('term:etcd', 'etcd', '2026-11-30', 1),
  item('session:eks-security-architecture', 'EKS Security Architecture', '2026-12-01', 0),
  item('term:cloud-controller-manager', 'クラウドコントローラーマネージャー (cloud-controller-manager) のセキュリティ', '2026-12-01', 0),
];

describe('renderDue', () => {
  it('lists what is due, most overdue first, with how late each is, in one column', () => {
    const lines = renderDue({ due, upcoming: [], upcomingDays: 0 }, plainView());
    expect(lines[0]).toBe('Due now: 4 review items, most overdue first');
    expect(lines.slice(1, 4)).toEqual([
      // Too long for 80 columns: the id wraps under the title, not under the label.
      '  3 days overdue   Shared Responsibility Model\n                   keypoint:shared-responsibility-model',
      '  1 day overdue    etcd  term:etcd',
      '  due today        EKS Security Architecture  session:eks-security-architecture',
    ]);
    expect(lines.at(-1)).toBe('Review them: k8s-study review.');
  });

  it('says when nothing is due, and how to see what comes', () => {
    expect(renderDue({ due: [], upcoming: [], upcomingDays: 0 }, plainView())).toEqual(['Nothing is due for review today.', 'k8s-study due --upcoming 7 shows what comes next.']);
    expect(renderDue({ due: [], upcoming: [], upcomingDays: 7 }, plainView())).toEqual(['Nothing is due for review today.', '', 'Nothing else comes due in the next 7 days.']);
  });

  it('lists upcoming items under their day', () => {
    const lines = renderDue({ due: [], upcoming: [item('term:etcd', 'etcd', '2026-12-03', 0)], upcomingDays: 1 }, plainView());
    expect(lines).toContain('Coming up in the next 1 day:');
    expect(lines).toContain('  2026-12-03       etcd  term:etcd');
  });

  it('suggests portions for a backlog', () => {
    const many = Array.from({ length: 16 }, (_, index) => item(`term:t${index}`, `Term ${index}`, '2026-11-20', 11));
    expect(renderDue({ due: many, upcoming: [], upcomingDays: 0 }, plainView()).at(-1)).toBe(
      'Review them: k8s-study review. A backlog is easier in portions: k8s-study review --limit 10 takes the 10 most overdue.',
    );
    expect(renderDue({ due: many.slice(0, 15), upcoming: [], upcomingDays: 0 }, plainView()).at(-1)).toBe('Review them: k8s-study review.');
  });

  it('fits 50 columns, every item still shown with its id', () => {
    const lines = shown(renderDue({ due, upcoming: [item('term:kube-scheduler', 'kube scheduler', '2026-12-04', 0)], upcomingDays: 7 }, plainView(50)), 50);
    expect(tooWide(lines, 50)).toEqual([]);
    const output = lines.join('\n');
    for (const entry of due) expect(output).toContain(entry.id.slice(0, 20));
    // Each item still starts with how late it is.
    expect(lines.filter((line) => /^ {2}(\d+ days? overdue|due today)\b/.test(line))).toHaveLength(4);
    expect(lines.every((line) => widthOf(line) <= 50)).toBe(true);
  });
});
