import { cpSync, existsSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, PLAN_ID, SEEDED_NOW, seedProgress, tempDir } from '../helpers.ts';
import { committedState, leftovers, run, startRun } from './support.ts';

// Ctrl-C during long work that asks nothing: a large backup import (tens of MB) interrupted with
// SIGINT part way applies nothing, and the process ends; the next change tidies what it left. No
// time is asserted: "part way" is told by what the run does (its lock taken, its journal growing),
// and the time-outs only catch a hang.

const REVIEWS = 300_000;

/** A backup of the seeded store with a long review history added: over 20 MB of JSON. */
async function writeLargeBackup(seedStore: string, file: string): Promise<number> {
  const exported = await cli(['export', '--format', 'json', '-o', file], { configDir: seedStore, now: SEEDED_NOW });
  expect(exported.status, exported.stderr).toBe(0);
  const backup = JSON.parse(readFileSync(file, 'utf8')) as { progress: { reviewItems: Record<string, unknown>; reviewLog: unknown[] } };
  const items = Object.keys(backup.progress.reviewItems);
  const ratings = ['again', 'hard', 'good', 'easy'];
  const start = Date.UTC(2026, 10, 29);
  backup.progress.reviewLog = Array.from({ length: REVIEWS }, (_, index) => ({
    id: `bulk-${index.toString(36)}`,
    item: items[index % items.length],
    at: new Date(start + index * 1000).toISOString().replace('Z', '+00:00'),
    rating: ratings[index % 4],
  }));
  writeFileSync(file, JSON.stringify(backup));
  return statSync(file).size;
}

type Moment = 'while the backup is read and checked' | 'when it takes the store lock' | 'while it appends to the journal';

describe('Ctrl-C during a large import', () => {
  it('applies nothing, at whatever point it comes, and the process ends', { timeout: 900_000 }, async () => {
    const scratch = tempDir();
    const seed = join(scratch, 'seed');
    await seedProgress(seed);
    const backupFile = join(scratch, 'backup.json');
    const size = await writeLargeBackup(seed, backupFile);
    expect(size).toBeGreaterThan(20 * 1024 * 1024);
    expect(size).toBeLessThan(60 * 1024 * 1024);

    // Undisturbed, on a copy: the import applies every review, and shows how long it runs here.
    const probeDir = join(scratch, 'probe');
    cpSync(seed, probeDir, { recursive: true });
    const started = Date.now();
    const probe = await run(['import', backupFile], { configDir: probeDir, now: SEEDED_NOW, hangMs: 600_000 });
    const fullRun = Date.now() - started;
    expect(probe.status, probe.stderr).toBe(0);
    expect(committedState(probeDir, PLAN_ID).events.filter((event) => event.kind === 'review').length).toBeGreaterThanOrEqual(REVIEWS);

    // What was imported exports again as a backup of about the same size (one record a line, not
    // pretty-printed), and that backup imports: what we export, we import.
    const again = join(scratch, 'again.json');
    const exported = await run(['export', '--format', 'json', '-o', again], { configDir: probeDir, now: SEEDED_NOW, hangMs: 600_000 });
    expect(exported.status, exported.stderr).toBe(0);
    expect(statSync(again).size).toBeLessThan(size * 1.25);
    const restored = join(scratch, 'restored');
    const reimported = await run(['import', again], { configDir: restored, now: SEEDED_NOW, hangMs: 600_000 });
    expect(reimported.status, reimported.stderr).toBe(0);
    expect(committedState(restored, PLAN_ID).events.filter((event) => event.kind === 'review').length).toBe(
      committedState(probeDir, PLAN_ID).events.filter((event) => event.kind === 'review').length,
    );

    const moments: Moment[] = ['while the backup is read and checked', 'when it takes the store lock', 'while it appends to the journal'];
    for (const moment of moments) {
      const configDir = join(scratch, moment.replaceAll(' ', '-'));
      cpSync(seed, configDir, { recursive: true });
      const before = committedState(configDir, PLAN_ID);
      const journal = join(configDir, 'journal.jsonl');
      const journalBefore = statSync(journal).size;
      const { child, result } = startRun(['import', backupFile], { configDir, now: SEEDED_NOW, hangMs: 600_000 });
      let interrupted = false;
      const interrupt = (): void => {
        if (interrupted) return;
        interrupted = true;
        child.kill('SIGINT');
      };
      const watcher = moment === 'while the backup is read and checked' ? null : watch(configDir, () => undefined);
      let poll: ReturnType<typeof setInterval> | undefined;
      if (moment === 'while the backup is read and checked') setTimeout(interrupt, fullRun / 10);
      else {
        // Watched closely (the events wake the loop; the poll decides): the lock folder, or the journal past its old end.
        const due = moment === 'when it takes the store lock' ? () => existsSync(join(configDir, 'config.json.lock')) : () => statSync(journal).size > journalBefore;
        watcher?.on('change', () => due() && interrupt());
        poll = setInterval(() => due() && interrupt(), 2);
      }
      const ended = await result;
      clearInterval(poll);
      watcher?.close();
      const what = `${moment}: exit ${ended.status}, ${ended.signal}: ${ended.stderr}`;
      expect(interrupted, `${moment}: the import ended before the moment came`).toBe(true);
      expect(ended.hung, what).toBe(false);
      // Ended by the interrupt (killed by it, or exit 130), not by finishing the import.
      expect(ended.signal === 'SIGINT' || ended.status === 130, what).toBe(true);
      expect(ended.stdout, what).not.toMatch(/Imported/);
      expect(committedState(configDir, PLAN_ID), what).toEqual(before);
      // It was cut part way: holding the store's lock, or with journal lines written but not committed.
      if (moment === 'when it takes the store lock') expect(leftovers(configDir), what).toContain('config.json.lock');
      if (moment === 'while it appends to the journal') expect(leftovers(configDir).join('\n'), what).toMatch(/journal\.jsonl: \d+ bytes past the committed end/);
      // The next change tidies what the interrupted run left, and the import can be run again whole.
      const next = await run(['note', '3', '--summary', 'after the interrupt'], { configDir, now: SEEDED_NOW, hangMs: 120_000 });
      expect(next.status, next.stderr).toBe(0);
      expect(leftovers(configDir)).toEqual([]);
    }
  });
});
