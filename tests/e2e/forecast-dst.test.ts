import { forgetting_curve, generatorParameters } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { readStoreOnDisk, runBinary, SLOW, tempDir } from '../helpers.ts';

// The lab forecast counts whole calendar days from each item's last review to the lab day, in the
// user's time zone, whatever the clocks did in between. The built binary runs in Europe/Berlin, with
// reviews on both sides of a DST change; what it forecasts is checked against ts-fsrs's own
// forgetting curve at the day counts made by hand.

const TZ = { TZ: 'Europe/Berlin' };
const W = generatorParameters().w;

function run(configDir: string, now: string, args: string[]): string {
  const result = runBinary(args, { configDir, now, env: TZ });
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.status, args.join(' ')).toBe(0);
  return result.stdout;
}

type Lab = { daysLeft: number; forecast: { items: { id: string; recallOnLabDay: number }[] } };

describe('the lab forecast across DST changes (Europe/Berlin)', () => {
  it('spring forward: reviews before, during and after the night of 2026-03-29, the lab on 2026-04-02', { timeout: SLOW }, () => {
    const configDir = tempDir();
    run(configDir, '2026-03-27T20:00', ['done', '1', '--no-summary']);
    run(configDir, '2026-03-27T20:05', ['lab', '2026-04-02']);
    // 23:30 on the 28th (UTC+1); 03:30 on the 29th (UTC+2, the clocks just went forward), still the
    // study day of the 28th as the day starts at 04:00; noon on the 29th.
    run(configDir, '2026-03-28T23:30', ['review', 'etcd', '--rating', 'good']);
    run(configDir, '2026-03-29T03:30', ['review', 'session:1', '--rating', 'good']);
    run(configDir, '2026-03-29T12:00', ['review', 'control-plane', '--rating', 'hard']);
    const items = readStoreOnDisk(configDir).items;
    expect([items['term:etcd']?.card?.last_review, items['session:shared-responsibility']?.card?.last_review, items['keypoint:control-plane']?.card?.last_review]).toEqual([
      '2026-03-28',
      '2026-03-28',
      '2026-03-29',
    ]);
    const doc = JSON.parse(run(configDir, '2026-03-30T09:00', ['--json', 'lab'])) as Lab;
    expect(doc.daysLeft).toBe(3);
    const recall = Object.fromEntries(doc.forecast.items.map((item) => [item.id, item.recallOnLabDay]));
    // 28 March to 2 April: 5 days; 29 March to 2 April: 4 days.
    expect(recall['term:etcd']).toBeCloseTo(forgetting_curve(W, 5, items['term:etcd']!.card!.stability), 10);
    expect(recall['session:shared-responsibility']).toBeCloseTo(forgetting_curve(W, 5, items['session:shared-responsibility']!.card!.stability), 10);
    expect(recall['keypoint:control-plane']).toBeCloseTo(forgetting_curve(W, 4, items['keypoint:control-plane']!.card!.stability), 10);
  });

  it('fall back: a review late on 2026-10-24, the lab on 2026-10-27, asked on the night of the change', { timeout: SLOW }, () => {
    const configDir = tempDir();
    run(configDir, '2026-10-23T20:00', ['done', '1', '--no-summary']);
    run(configDir, '2026-10-23T20:05', ['lab', '2026-10-27']);
    run(configDir, '2026-10-24T22:00', ['review', 'etcd', '--rating', 'easy']);
    // 02:30 on the 25th happens twice; either way it is the study day of the 24th.
    const doc = JSON.parse(run(configDir, '2026-10-25T02:30', ['--json', 'lab'])) as Lab;
    expect(doc.daysLeft).toBe(3);
    const stability = readStoreOnDisk(configDir).items['term:etcd']!.card!.stability;
    expect(doc.forecast.items.find((item) => item.id === 'term:etcd')?.recallOnLabDay).toBeCloseTo(forgetting_curve(W, 3, stability), 10);
    const shown = JSON.parse(run(configDir, '2026-10-26T12:00', ['--json', 'show', 'etcd'])) as { retrievability: number; recallOnLabDay: number };
    expect(shown.retrievability).toBeCloseTo(forgetting_curve(W, 2, stability), 10);
    expect(shown.recallOnLabDay).toBeCloseTo(forgetting_curve(W, 3, stability), 10);
  });
});
