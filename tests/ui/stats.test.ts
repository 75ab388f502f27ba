import { describe, expect, it } from 'vitest';
import { buildStats } from '../../src/core/stats.ts';
import { LEVEL_GLYPHS, renderStats, type StatsResult } from '../../src/ui/stats.ts';
import { createTheme } from '../../src/ui/theme.ts';
import { plainView, shown, tooWide } from './views.ts';

// The pictures of `stats`: fitted to the width, every level its own glyph, colour only on top.

function result(weeks = 26): StatsResult {
  const report = buildStats({
    today: '2026-12-09',
    dayStartHour: 4,
    weeks,
    sessions: [],
    reviews: [
      { at: '2026-12-01T10:00:00+00:00', rating: 'good' },
      { at: '2026-12-02T10:00:00+00:00', rating: 'again' },
    ],
    dueDays: ['2026-12-09', '2026-12-09', '2026-12-09', '2026-12-12', '2026-12-30'],
  });
  report.days.find((day) => day.date === '2026-12-07')!.minutes = 150;
  report.days.find((day) => day.date === '2026-12-08')!.minutes = 45;
  return { plans: [{ id: 'tiny', title: 'Tiny' }], weeks, ...report };
}

describe('renderStats', () => {
  it.each([40, 50, 80, 120])('fits %i columns', (width) => {
    const lines = shown(renderStats(result(53), plainView(width)), width);
    expect(tooWide(lines, width)).toEqual([]);
  });

  it('shows as many of the latest weeks as fit, each level with its own glyph', () => {
    const lines = renderStats(result(53), plainView(50));
    const monday = lines.find((line) => line.startsWith('Mon '))!;
    // (50 - 5) / 2 weeks of cells, two columns each.
    expect(monday.slice(5).split(' ')).toHaveLength(22);
    expect(monday.endsWith('█')).toBe(true);
    const tuesday = lines[lines.indexOf(monday) + 1]!;
    expect(tuesday.endsWith('▒')).toBe(true);
    expect(new Set(LEVEL_GLYPHS).size).toBe(5);
  });

  it('draws the forecast as bars, the highest day the full height', () => {
    const lines = renderStats(result(), plainView(80));
    const top = lines.findIndex((line) => line.startsWith('3 │'));
    expect(lines[top]).toBe('3 │█');
    // 1 of 3 is a third of four rows: one full row and three eighths of the next.
    expect(lines[top + 2]).toMatch(/^ {2}│█ {5}▃ {35}▃$/);
    expect(lines[top + 3]).toMatch(/^0 │█ {5}█ {35}█$/);
    expect(lines).toContain('5 reviews in all; most on Wed 2026-12-09: 3');
  });

  it('recall per week as a bar with its share, from the first week with answers', () => {
    const lines = renderStats(result(3), plainView(80));
    expect(lines.slice(-2)).toEqual(['  Nov 30  ██████████░░░░░░░░░░  50 %  (2 reviews)', '  Dec  7  ····················  no reviews']);
  });

  it('colours on top of the glyphs, never instead of them', () => {
    const coloured = renderStats(result(), { ...plainView(80), theme: createTheme(true) });
    const plain = renderStats(result(), plainView(80));
    expect(coloured.join('\n')).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    expect(coloured.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''))).toEqual(plain);
  });
});
