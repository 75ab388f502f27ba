import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resealed, runCli, tempDir } from '../helpers.ts';

// `next` and `due` work from the store's read index and never parse the review items (with their
// FSRS cards) or the review log: shown by damaging those in place, at the same size, and resealing
// the index's checksum, so the index still matches the file. Commands that need the items then refuse
// the store, naming it. (Unsealed, any edit makes every command read the whole file.)
describe('the built binary reads the store through its index', () => {
  it('next and due answer from the index alone; show, which needs the items, refuses the damaged store', () => {
    const configDir = tempDir();
    expect(runCli(['done', '1', '--summary', 'AWS runs the control plane'], { configDir, now: '2026-11-20T20:00' }).status).toBe(0);
    expect(runCli(['done', '2', '--no-summary'], { configDir, now: '2026-11-21T20:00' }).status).toBe(0);
    expect(runCli(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-11-22T09:00' }).status).toBe(0);
    expect(runCli(['lab', '2026-12-10'], { configDir, now: '2026-11-22T09:00' }).status).toBe(0);
    const before = runCli(['next', '--json'], { configDir });
    const beforeHuman = runCli(['next'], { configDir });
    const beforeDue = runCli(['due', '--json'], { configDir });
    expect(JSON.parse(before.stdout).reviewsDue).toBeGreaterThan(0);
    // What the human view adds from the items and the log: the schedule (from the first day of study)
    // and the lab outlook.
    expect(beforeHuman.stdout).toContain('Behind: planned for day 2');
    expect(beforeHuman.stdout).toContain('Lab 2026-12-10');

    const file = join(configDir, 'config.json');
    const text = readFileSync(file, 'utf8');
    const plans = text.indexOf('\n\t"plans": ');
    expect(plans).toBeGreaterThan(0);
    // Every card's stability, and the logged rating, turn into bare words: invalid JSON, same size.
    const damaged = resealed(text.slice(0, plans) + text.slice(plans).replace(/"stability": [\d.]+/g, (match) => `"stability": ${'x'.repeat(match.length - 13)}`).replace('"rating": "good"', '"rating": good!!'));
    expect(damaged).not.toBe(text);
    expect(damaged.length).toBe(text.length);
    writeFileSync(file, damaged);

    const after = runCli(['next', '--json'], { configDir });
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(runCli(['next'], { configDir }).stdout).toBe(beforeHuman.stdout);
    expect(runCli(['due', '--json'], { configDir }).stdout).toBe(beforeDue.stdout);
    const show = runCli(['show', '1'], { configDir });
    expect(show.status).toBe(1);
    expect(show.stderr).toContain(`store ${file} is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });
});
