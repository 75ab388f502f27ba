import { existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, readStoreOnDisk, ROOT, runBinary, SHIPPED_PLAN, SLOW, tempDir } from '../helpers.ts';
import { flat, json, localInstant, ok, smallPlan, storeSnapshot, writePlan } from './support.ts';

// export (a json backup, an ics calendar, an md journal; to standard output or a file) and import
// (merge, --replace, --dry-run; all or nothing).

interface Backup {
  format: string;
  version: number;
  plan: { id: string; title: string };
  exportedAt: string;
  progress: {
    sessions: Record<string, { summary: string | null; ticks: string[]; completedAt: string | null; minutesSpent: number | null }>;
    reviewItems: Record<string, { due: string; card: unknown }>;
    reviewLog: { id: string; item: string; at: string; rating: string }[];
    lab: string | null;
    startDate: string | null;
  };
}

/** A store with some of everything: two sessions done (one with a summary), ticks, reviews, a lab and a start date. */
async function studiedStore(): Promise<string> {
  const configDir = tempDir();
  await ok(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC, images, nodes', '--minutes', '55'], { configDir, now: '2026-12-01T10:00' });
  await ok(['done', '2', '--no-summary', '--minutes', '1h10m'], { configDir, now: '2026-12-01T12:00' });
  await ok(['check', '3', '1', '3'], { configDir, now: '2026-12-02T09:00' });
  await ok(['review', 'session:1', '--rating', 'good'], { configDir, now: '2026-12-03T09:00' });
  await ok(['review', 'term:etcd', '--rating', 'hard'], { configDir, now: '2026-12-03T09:05' });
  await ok(['lab', '2026-12-10'], { configDir, now: '2026-12-03T09:10' });
  await ok(['schedule', '--start', '2026-12-01'], { configDir, now: '2026-12-03T09:10' });
  return configDir;
}

const NOW = '2026-12-03T12:00';
const withoutStamp = (text: string): string => text.replace(/"exportedAt":"[^"]*"/, '"exportedAt":"-"');

describe('export to standard output', () => {
  it('json: a versioned backup of this plan, one record a line', async () => {
    const configDir = await studiedStore();
    const before = storeSnapshot(configDir);
    const text = await ok(['export', '--format', 'json'], { configDir, now: NOW });
    const backup = JSON.parse(text) as Backup;
    expect(backup).toMatchObject({ format: 'k8s-study-backup', plan: { id: 'k8s-security-fundamentals', title: 'Kubernetes Security Fundamentals' }, exportedAt: localInstant('2026-12-03T12:00') });
    expect(Object.keys(backup.progress.sessions).sort()).toEqual(['architecture-cloud-native-gaps', 'eks-security-architecture', 'shared-responsibility']);
    expect(backup.progress.sessions['shared-responsibility']).toMatchObject({ summary: 'AWS runs the control plane; I own RBAC, images, nodes', minutesSpent: 55 });
    expect(backup.progress.sessions['eks-security-architecture']?.ticks).toHaveLength(2);
    expect(Object.keys(backup.progress.reviewItems)).toHaveLength(11);
    expect(backup.progress.reviewLog.map((entry) => [entry.item, entry.rating])).toEqual([
      ['session:shared-responsibility', 'good'],
      ['term:etcd', 'hard'],
    ]);
    expect(backup.progress).toMatchObject({ lab: '2026-12-10', startDate: '2026-12-01' });
    // Exporting reads; it changes nothing.
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it('ics: a calendar with the sessions on their days, the reviews and the lab', async () => {
    const configDir = await studiedStore();
    const text = await ok(['export', '--format', 'ics'], { configDir, now: NOW });
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toMatch(/END:VCALENDAR\r\n$/);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:✔ Study 1. Shared Responsibility and Compute Types');
    expect(unfolded).toContain('SUMMARY:Study 5. Review and Lab Preparation');
    expect(unfolded).toContain('SUMMARY:Lab: Deploy an Amazon EKS cluster using the AWS Well-Architected Framework');
    expect(unfolded).toMatch(/SUMMARY:Review \d+ items?: Kubernetes Security Fundamentals/);
    expect(unfolded).toMatch(/DTSTART;VALUE=DATE:20261210/);
  });

  it('md: the study journal with summaries, key points, dates and time spent', async () => {
    const configDir = await studiedStore();
    const text = await ok(['export', '--format', 'md'], { configDir, now: NOW });
    expect(text).toMatch(/^# Kubernetes Security Fundamentals: study journal\n/);
    expect(text).toContain('## Day 1: Tue 2026-12-01');
    expect(text).toContain('### 1. Shared Responsibility and Compute Types ✔');
    expect(text).toContain('*done 2026-12-01 10:00, 55 min spent of 1 h planned*');
    expect(text).toContain('> AWS runs the control plane; I own RBAC, images, nodes');
    expect(text).toContain('- **Shared Responsibility Model**: Understand the division of security responsibilities');
    expect(text).toContain('- [x] Study the EKS Security Architecture');
    expect(text).toContain('**Lab:** Thu 2026-12-10: Deploy an Amazon EKS cluster');
  });

  it('takes a format in any case, as ratings are taken; completion takes its shell so too', async () => {
    const configDir = tempDir();
    for (const [typed, start] of [['JSON', /^\{\n"format":"k8s-study-backup"/], [' Md ', /^# Kubernetes Security Fundamentals: study journal/], ['ICS', /^BEGIN:VCALENDAR/]] as const) {
      const result = await cli(['export', '--format', typed], { configDir });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(start);
    }
    const completion = await cli(['completion', 'Zsh'], { configDir });
    expect(completion.status, completion.stderr).toBe(0);
    expect(completion.stdout).toContain('#compdef k8s-study');
    // A refused value is named as it was typed.
    expect((await cli(['export', '--format', 'PDF'], { configDir })).stderr).toBe('error: --format: "PDF" is not one of json, ics, md\n');
  });

  it('refuses what it cannot do: no format, an unknown one, --json with a format that is not JSON (exit 2)', async () => {
    const configDir = tempDir();
    const cases: [string[], RegExp][] = [
      [['export'], /^error: export needs --format json, ics or md \(or an -o FILE ending in \.json, \.ics or \.md\)\n$/],
      [['export', '-o', join(tempDir(), 'backup.txt')], /export needs --format json, ics or md/],
      [['export', '--format', 'pdf'], /^error: --format: "pdf" is not one of json, ics, md\n$/],
      [['--json', 'export', '--format', 'md'], /--json prints one JSON document, but --format md is not JSON: drop --json or add -o FILE/],
      [['export', '--format', 'md', '-o', join(tempDir(), 'backup.json')], /^error: --format md does not fit -o .*backup\.json, a name for json: change one of them\n$/],
      [['export', '--format', 'json', '-o', join(tempDir(), 'Calendar.ICS')], /--format json does not fit -o .*Calendar\.ICS, a name for ics/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('export -o FILE', () => {
  it('writes the file readable by you only and says how to use it; the format follows the extension', async () => {
    const configDir = await studiedStore();
    const folder = tempDir();
    const cases: [string, string, RegExp][] = [
      ['backup.json', 'backup of your progress', /^\{\n"format":"k8s-study-backup"/],
      ['study.ics', 'calendar', /^BEGIN:VCALENDAR/],
      ['journal.md', 'study journal', /^# Kubernetes Security Fundamentals/],
    ];
    for (const [name, what, content] of cases) {
      const file = join(folder, name);
      const out = flat(await ok(['export', '-o', file], { configDir, now: NOW }));
      expect(out).toMatch(new RegExp(`^Wrote ${what} to ${file} \\(\\d+ bytes\\): `));
      expect(statSync(file).mode & 0o777, name).toBe(0o600);
      expect(readFileSync(file, 'utf8'), name).toMatch(content);
    }
    expect(flat(await ok(['export', '-o', join(folder, 'backup.json')], { configDir, now: NOW }))).toContain(`restore it with k8s-study import ${join(folder, 'backup.json')}.`);
    // The file holds exactly what standard output would.
    expect(readFileSync(join(folder, 'backup.json'), 'utf8')).toBe(await ok(['export', '--format', 'json'], { configDir, now: NOW }));
    const doc = await json(['export', '--format', 'json', '-o', join(folder, 'again.json')], { configDir, now: NOW });
    expect(doc).toEqual({ file: join(folder, 'again.json'), format: 'json', bytes: statSync(join(folder, 'again.json')).size });
  });

  it('never writes over the store, its journal or the plan in use (exit 1, each left as it was)', async () => {
    const configDir = await studiedStore();
    const planFile = writePlan(readFileSync(SHIPPED_PLAN, 'utf8'));
    const planText = readFileSync(planFile, 'utf8');
    const before = storeSnapshot(configDir);
    const linkToStore = join(tempDir(), 'innocent.json');
    symlinkSync(join(configDir, 'config.json'), linkToStore);
    const store = 'the store that holds your progress';
    const cases: [string[], string, string][] = [
      [['export', '--format', 'json', '-o', join(configDir, 'config.json')], join(configDir, 'config.json'), store],
      [['export', '--format', 'md', '-o', join(configDir, 'journal.jsonl')], join(configDir, 'journal.jsonl'), "the store's journal"],
      [['--plan', planFile, 'export', '--format', 'md', '-o', planFile], planFile, 'the plan file in use'],
      [['export', '--format', 'json', '-o', linkToStore], linkToStore, store],
    ];
    for (const [args, file, what] of cases) {
      const result = await cli(args, { configDir, now: NOW });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toBe(`error: cannot write ${file}: it is ${what}, which export never overwrites; choose another -o FILE\n`);
      expect(result.stdout).toBe('');
    }
    expect(storeSnapshot(configDir)).toEqual(before);
    expect(readFileSync(planFile, 'utf8')).toBe(planText);
    expect(lstatSync(linkToStore).isSymbolicLink()).toBe(true);
  });

  it('through a symbolic link replaces the link with the file; the link target is untouched', async () => {
    const configDir = await studiedStore();
    const folder = tempDir();
    const target = join(folder, 'precious.txt');
    writeFileSync(target, 'someone else’s file\n');
    const link = join(folder, 'backup.json');
    symlinkSync(target, link);
    await ok(['export', '-o', link], { configDir, now: NOW });
    expect(readFileSync(target, 'utf8')).toBe('someone else’s file\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(lstatSync(link).isFile()).toBe(true);
    expect(statSync(link).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(link, 'utf8'))).toMatchObject({ format: 'k8s-study-backup' });
  });

  it('into a folder that does not exist, or onto a folder, is exit 1 and writes nothing', async () => {
    const configDir = tempDir();
    const missing = join(tempDir(), 'no-such-folder', 'backup.json');
    const result = await cli(['export', '--format', 'json', '-o', missing], { configDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot write ${missing}: the folder`);
    expect(existsSync(missing)).toBe(false);
    const folder = tempDir();
    const onFolder = await cli(['export', '--format', 'md', '-o', folder], { configDir });
    expect(onFolder.status).toBe(1);
    expect(onFolder.stderr).toBe(`error: cannot write ${folder}: it is a folder; name a file in it\n`);
  });
});

describe('import', () => {
  it('into a fresh store restores everything, and exports the same again', async () => {
    const configDir = await studiedStore();
    const file = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir, now: NOW });
    const fresh = tempDir();
    const out = await ok(['import', file], { configDir: fresh, now: '2026-12-05T08:00' });
    expect(flat(out)).toContain(`Imported ${file} (exported 2026-12-03 12:00) into "Kubernetes Security Fundamentals", merged: the newer record wins.`);
    expect(out).toContain('  sessions: 3 added, 0 updated\n');
    expect(out).toContain('  review items: 11 added, 0 updated\n');
    expect(out).toContain('  review log: 2 added\n');
    expect(out).toContain('  lab date set\n  start date set\n');
    const again = await ok(['export', '--format', 'json'], { configDir: fresh, now: '2026-12-05T08:00' });
    expect(withoutStamp(again)).toBe(withoutStamp(readFileSync(file, 'utf8')));
    for (const args of [['status'], ['list'], ['due', '--upcoming', '30'], ['show', '1'], ['lab']]) {
      expect(await json(args, { configDir: fresh, now: '2026-12-05T08:00' }), args.join(' ')).toEqual(await json(args, { configDir, now: '2026-12-05T08:00' }));
    }
  });

  it('says what of the backup the plan does not have (a session, an item), and keeps it', async () => {
    const configDir = await studiedStore();
    const file = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir, now: NOW });
    const backup = JSON.parse(readFileSync(file, 'utf8')) as { progress: { sessions: Record<string, unknown>; reviewItems: Record<string, unknown> } };
    const [sessionId, record] = Object.entries(backup.progress.sessions)[0]!;
    const [, item] = Object.entries(backup.progress.reviewItems)[0]!;
    backup.progress.sessions['a-session-renamed-since'] = record;
    backup.progress.reviewItems['term:gone-from-the-plan'] = { ...(item as object), source: sessionId };
    writeFileSync(file, JSON.stringify(backup));
    const fresh = tempDir();
    const out = flat(await ok(['import', file, '--dry-run'], { configDir: fresh, now: NOW }));
    expect(out).toContain('1 session (a-session-renamed-since) and 1 review item the plan does not have: kept, and listed by k8s-study status under "Kept, no longer in the plan"');
    const result = await json<{ notInPlan: { sessions: string[]; reviewItems: string[] } }>(['import', file], { configDir: fresh, now: NOW });
    expect(result.notInPlan).toEqual({ sessions: ['a-session-renamed-since'], reviewItems: ['term:gone-from-the-plan'] });
    expect(flat(await ok(['status'], { configDir: fresh, now: NOW }))).toContain('a-session-renamed-since');
  });

  it('the journal names the last review by time, whatever offsets the answers were written with', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir, now: '2026-12-01T10:00' });
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
    const backup = JSON.parse(await ok(['export', '--format', 'json'], { configDir, now: NOW })) as Backup;
    // Answered on other machines: 08:00 on the 4th in Tokyo is 23:00 UTC on the 3rd; 19:00 on the
    // 3rd in New York is midnight UTC, an hour later, though its text sorts first.
    backup.progress.reviewLog.push({ id: 'from-tokyo', item: 'term:etcd', at: '2026-12-04T08:00:00+09:00', rating: 'good' });
    backup.progress.reviewLog.push({ id: 'from-new-york', item: 'term:etcd', at: '2026-12-03T19:00:00-05:00', rating: 'hard' });
    const file = writePlan(JSON.stringify(backup), 'backup.json');
    const fresh = tempDir();
    await ok(['import', file], { configDir: fresh, now: NOW });
    const journal = await ok(['export', '--format', 'md'], { configDir: fresh, now: NOW });
    const [line] = journal.split('\n').filter((text) => text.includes('term:etcd') && text.includes('reviewed'));
    expect(line).toContain('reviewed 3×, last 2026-12-03');
    // Two instants of 25 characters in different forms: 00:30 on the 5th at +01:00 is 23:30 UTC on
    // the 4th, ten minutes before the UTC answer with a fraction of a second, though its text sorts later.
    backup.progress.reviewLog.push({ id: 'paris', item: 'term:etcd', at: '2026-12-05T00:30:00+01:00', rating: 'good' });
    backup.progress.reviewLog.push({ id: 'utc', item: 'term:etcd', at: '2026-12-04T23:40:00.0000Z', rating: 'good' });
    const again = tempDir();
    await ok(['import', writePlan(JSON.stringify(backup), 'backup.json')], { configDir: again, now: NOW });
    const [later] = (await ok(['export', '--format', 'md'], { configDir: again, now: NOW })).split('\n').filter((text) => text.includes('term:etcd') && text.includes('reviewed'));
    expect(later).toContain('reviewed 5×, last 2026-12-04');
  });

  it('keeps two identical reviews (same item, rating and instant) as two', async () => {
    const configDir = tempDir();
    await ok(['done', '1', '--no-summary'], { configDir, now: '2026-12-01T10:00' });
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
    await ok(['review', 'term:etcd', '--rating', 'good'], { configDir, now: '2026-12-02T09:00' });
    const backup = JSON.parse(await ok(['export', '--format', 'json'], { configDir, now: NOW })) as Backup;
    const etcd = backup.progress.reviewLog.filter((entry) => entry.item === 'term:etcd');
    expect(etcd).toHaveLength(2);
    expect(etcd.map((entry) => [entry.at, entry.rating])).toEqual([
      [localInstant('2026-12-02T09:00'), 'good'],
      [localInstant('2026-12-02T09:00'), 'good'],
    ]);
    const file = writePlan(JSON.stringify(backup), 'backup.json');
    const fresh = tempDir();
    await ok(['import', file], { configDir: fresh, now: NOW });
    const restored = JSON.parse(await ok(['export', '--format', 'json'], { configDir: fresh, now: NOW })) as Backup;
    expect(restored.progress.reviewLog).toEqual(backup.progress.reviewLog);
    expect((await json<{ reviews: { done: number } }>(['status'], { configDir: fresh, now: NOW })).reviews.done).toBe(2);
    // Importing it again adds nothing: each review is known by its id.
    expect(await ok(['import', file], { configDir: fresh, now: NOW })).toContain('  review log: 0 added\n');
    expect((JSON.parse(await ok(['export', '--format', 'json'], { configDir: fresh, now: NOW })) as Backup).progress.reviewLog).toHaveLength(2);
  });

  it('merges by default (what only the store has stays) and restores exactly with --replace', async () => {
    const configDir = await studiedStore();
    const file = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir, now: NOW });
    const other = tempDir();
    await ok(['done', '5', '--summary', 'only here', '--minutes', '30'], { configDir: other, now: '2026-12-04T10:00' });
    const merged = await json<{ mode: string; changes: { sessions: { added: number } } }>(['import', file], { configDir: other, now: '2026-12-05T08:00' });
    expect(merged).toMatchObject({ mode: 'merge', dryRun: false, changes: { sessions: { added: 3, updated: 0 }, lab: true, startDate: true } });
    let list = await json<{ progress: { done: number } }>(['list'], { configDir: other, now: '2026-12-05T08:00' });
    expect(list.progress.done).toBe(3);
    expect(readStoreOnDisk(other).sessions['review-lab-preparation']).toMatchObject({ summary: 'only here', minutesSpent: 30 });

    const replaced = await ok(['import', file, '--replace'], { configDir: other, now: '2026-12-05T08:00' });
    expect(flat(replaced)).toContain('replacing what was there');
    expect(replaced).toMatch(/ {2}sessions: 0 added, 0 updated, 1 removed\n/);
    list = await json<{ progress: { done: number } }>(['list'], { configDir: other, now: '2026-12-05T08:00' });
    expect(list.progress.done).toBe(2);
    expect(readStoreOnDisk(other).sessions['review-lab-preparation']).toBeUndefined();
    const restored = JSON.parse(await ok(['export', '--format', 'json'], { configDir: other, now: NOW })) as Backup;
    expect(restored.progress).toEqual((JSON.parse(readFileSync(file, 'utf8')) as Backup).progress);
  });

  it('a merge keeps a session done when the backup only ticked it later, with its day and minutes', async () => {
    const [mine, theirs] = [tempDir(), tempDir()];
    await ok(['done', '1', '--summary', 'my words', '--minutes', '50'], { configDir: mine, now: '2026-12-01T09:00' });
    await ok(['check', '1', '3'], { configDir: theirs, now: '2026-12-01T10:00' });
    const file = join(tempDir(), 'theirs.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir: theirs, now: '2026-12-01T10:00' });
    await ok(['import', file], { configDir: mine, now: '2026-12-01T11:00' });
    const session = readStoreOnDisk(mine).sessions['shared-responsibility'];
    expect(session).toMatchObject({ completedAt: expect.stringMatching(/^2026-12-01T09:00/), minutesSpent: 50, summary: 'my words' });
    expect(session?.ticks).toHaveLength(1);
    expect((await json<{ progress: { done: number } }>(['list'], { configDir: mine, now: '2026-12-01T11:00' })).progress.done).toBe(1);
  });

  it("a merge schedules an item answered in both copies from all their answers, as one store given them all", async () => {
    // Two stores from one backup, each answering term:etcd once more; and one store given both answers.
    const start = await studiedStore();
    const base = join(tempDir(), 'base.json');
    await ok(['export', '--format', 'json', '-o', base], { configDir: start, now: NOW });
    const [mine, theirs, both] = [tempDir(), tempDir(), tempDir()];
    for (const store of [mine, theirs, both]) await ok(['import', base, '--replace'], { configDir: store, now: NOW });
    await ok(['review', 'term:etcd', '--rating', 'again'], { configDir: mine, now: '2026-12-06T10:00' });
    await ok(['review', 'term:etcd', '--rating', 'easy'], { configDir: theirs, now: '2026-12-06T11:00' });
    await ok(['review', 'term:etcd', '--rating', 'again'], { configDir: both, now: '2026-12-06T10:00' });
    await ok(['review', 'term:etcd', '--rating', 'easy'], { configDir: both, now: '2026-12-06T11:00' });
    const file = join(tempDir(), 'theirs.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir: theirs, now: '2026-12-06T12:00' });
    const merged = await json<{ changes: { reviewItems: { updated: number }; reviewLog: { added: number } } }>(['import', file], { configDir: mine, now: '2026-12-06T12:00' });
    expect(merged.changes).toMatchObject({ reviewItems: { updated: 1 }, reviewLog: { added: 1 } });
    const etcd = (configDir: string) => readStoreOnDisk(configDir).items['term:etcd'];
    expect(etcd(mine)?.card).toEqual(etcd(both)?.card);
    expect(etcd(mine)?.due).toBe(etcd(both)?.due);
    // The same backup again changes nothing.
    const again = await json<{ changes: { reviewItems: { updated: number }; reviewLog: { added: number } } }>(['import', file], { configDir: mine, now: '2026-12-06T12:30' });
    expect(again.changes).toMatchObject({ reviewItems: { updated: 0 }, reviewLog: { added: 0 } });
  });

  it('--dry-run says what would change and writes nothing', async () => {
    const configDir = await studiedStore();
    const file = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir, now: NOW });
    const other = tempDir();
    await ok(['done', '5', '--no-summary'], { configDir: other, now: '2026-12-04T10:00' });
    const before = storeSnapshot(other);
    for (const mode of [[], ['--replace']]) {
      const out = await ok(['import', file, '--dry-run', ...mode], { configDir: other, now: '2026-12-05T08:00' });
      expect(flat(out)).toContain(`Would import ${file}`);
      expect(out).toContain('  sessions: 3 added, 0 updated');
      expect(out).toContain('Nothing was written (--dry-run).');
      expect(storeSnapshot(other)).toEqual(before);
    }
  });

  it('--replace first keeps what was there as a backup, which imports back to the same progress', async () => {
    const configDir = await studiedStore();
    const before = JSON.parse(await ok(['export', '--format', 'json'], { configDir, now: NOW })) as Backup;
    const empty = join(tempDir(), 'empty.json');
    await ok(['export', '--format', 'json', '-o', empty], { configDir: tempDir(), now: NOW });
    // A dry run keeps nothing.
    await ok(['import', empty, '--replace', '--dry-run'], { configDir, now: NOW });
    expect(existsSync(join(configDir, 'replaced'))).toBe(false);
    const replaced = await json<{ keptIn: string; changes: { sessions: { removed: number } } }>(['import', empty, '--replace'], { configDir, now: NOW });
    expect(replaced.changes.sessions.removed).toBe(3);
    expect(replaced.keptIn).toBe(join(configDir, 'replaced', `k8s-security-fundamentals-${NOW.slice(0, 10)}-${NOW.slice(11, 13)}${NOW.slice(14, 16)}00.json`));
    expect(statSync(replaced.keptIn).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(readFileSync(replaced.keptIn, 'utf8')) as Backup;
    expect(kept.progress).toEqual(before.progress);
    expect((await json<{ progress: { done: number } }>(['list'], { configDir, now: NOW })).progress.done).toBe(0);
    // Brought back, as the output says; that replace keeps its own copy beside the first.
    const back = await json<{ keptIn: string }>(['import', replaced.keptIn, '--replace'], { configDir, now: NOW });
    expect(back.keptIn).toBe(replaced.keptIn.replace(/\.json$/, '-2.json'));
    expect((JSON.parse(await ok(['export', '--format', 'json'], { configDir, now: NOW })) as Backup).progress).toEqual(before.progress);
    // A merge loses nothing and keeps no copy.
    await ok(['import', empty], { configDir, now: NOW });
    expect(readdirSync(join(configDir, 'replaced'))).toHaveLength(2);
  });

  it('--replace with a backup made just now changes nothing, an answer taken back before it included', async () => {
    const configDir = await studiedStore();
    await ok(['review', 'session:1', '--rating', 'easy'], { configDir, now: '2026-12-03T10:00' });
    await ok(['undo'], { configDir, now: '2026-12-03T10:01' });
    const file = join(tempDir(), 'backup.json');
    await ok(['export', '--format', 'json', '-o', file], { configDir, now: NOW });
    const out = await ok(['import', file, '--replace', '--dry-run'], { configDir, now: NOW });
    // The answer taken back is in neither: not "removed" by the restore.
    expect(out).toContain('review log: 0 added, 0 removed');
    expect(out).toContain('sessions: 0 added, 0 updated, 0 removed');
  });

  it('a backup that is invalid, cut short, newer or not a backup changes nothing (exit 1)', async () => {
    const configDir = await studiedStore();
    const folder = tempDir();
    const good = join(folder, 'good.json');
    await ok(['export', '--format', 'json', '-o', good], { configDir, now: NOW });
    const text = readFileSync(good, 'utf8');
    const backup = JSON.parse(text) as Backup;
    // The store differs from the backup, so a wrongly applied import would show.
    await ok(['done', '3', '--summary', 'only in the store'], { configDir, now: '2026-12-04T10:00' });
    const before = storeSnapshot(configDir);
    const badRating = structuredClone(backup);
    badRating.progress.reviewLog[1]!.rating = 'superb';
    const badDay = structuredClone(backup);
    badDay.progress.startDate = '2026-13-01';
    const cases: [string, string, RegExp][] = [
      ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /is not valid JSON, perhaps cut short/],
      ['cut-at-the-end.json', text.slice(0, -3), /is not valid JSON, perhaps cut short/],
      ['empty.json', '', /is not valid JSON, perhaps cut short \(the file is empty\)/],
      ['bad-rating.json', JSON.stringify(badRating), /is not a valid backup: .*rating/],
      ['bad-day.json', JSON.stringify(badDay), /is not a valid backup: .*startDate/],
      ['newer.json', JSON.stringify({ ...backup, version: 99 }), /is a backup in format 99, from a newer k8s-study .*upgrade k8s-study to import it/],
      ['not-a-backup.json', JSON.stringify({ plans: {} }), /is not a k8s-study backup/],
      ['calendar.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n', /is a calendar \(export --format ics\), not a backup: import reads what export --format json writes/],
      ['journal.md', '# Kubernetes Security Fundamentals\n', /looks like Markdown \(such as the study journal of export --format md\), not a backup/],
      ['plan.yaml', readFileSync(SHIPPED_PLAN, 'utf8'), /looks like a plan file, not a backup: choose the plan with --plan FILE/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(folder, name);
      writeFileSync(file, content);
      for (const args of [['import', file], ['import', file, '--replace']]) {
        const result = await cli(args, { configDir, now: '2026-12-05T08:00' });
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr, name).toMatch(message);
        expect(result.stderr, name).toMatch(/^error: .*; nothing was imported\n$/);
        expect(result.stdout, name).toBe('');
        expect(storeSnapshot(configDir), name).toEqual(before);
      }
    }
    const missing = await cli(['import', join(folder, 'nope.json')], { configDir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${join(folder, 'nope.json')} cannot be read`);
    expect(storeSnapshot(configDir)).toEqual(before);
  });

  it(
    'an empty text where an instant or a day belongs is refused, in a run of its own as in any other (the built binary)',
    async () => {
      const configDir = await studiedStore();
      const folder = tempDir();
      const good = join(folder, 'good.json');
      await ok(['export', '--format', 'json', '-o', good], { configDir, now: NOW });
      const backup = JSON.parse(readFileSync(good, 'utf8')) as Backup;
      const before = storeSnapshot(configDir);
      // Each the first instant or day a fresh run checks: an empty one must not pass for the last good one.
      const emptied: [string, (copy: Backup) => void, RegExp][] = [
        ['exportedAt', (copy) => (copy.exportedAt = ''), /exportedAt: must be an ISO 8601 instant/],
        ['startDate', (copy) => (copy.progress.startDate = ''), /progress\.startDate: must be a calendar day/],
        ['lab', (copy) => (copy.progress.lab = ''), /progress\.lab: must be a calendar day/],
        ['an answer\'s instant', (copy) => Object.assign(copy.progress.reviewLog[0]!, { at: '', id: 'a-new-answer' }), /reviewLog\[0\]\.at: must be an ISO 8601 instant/],
      ];
      for (const [name, empty, message] of emptied) {
        const copy = structuredClone(backup);
        empty(copy);
        const file = join(folder, 'emptied.json');
        writeFileSync(file, JSON.stringify(copy));
        for (const args of [['import', file], ['import', file, '--replace']]) {
          const result = runBinary(args, { configDir, now: '2026-12-05T08:00' });
          expect(result.status, `${name}: ${result.stderr}`).toBe(1);
          expect(result.stderr, name).toMatch(message);
          expect(storeSnapshot(configDir), name).toEqual(before);
        }
      }
    },
    SLOW,
  );

  it('a backup of another plan is refused, naming both plans, and changes nothing', async () => {
    const planFile = writePlan(smallPlan());
    const small = tempDir();
    await ok(['--plan', planFile, 'done', '1', '--summary', 'small'], { configDir: small });
    const file = join(tempDir(), 'small-backup.json');
    await ok(['--plan', planFile, 'export', '--format', 'json', '-o', file], { configDir: small });
    const configDir = await studiedStore();
    const before = storeSnapshot(configDir);
    const result = await cli(['import', file], { configDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: ${file} holds progress for the plan "small-plan", not for the current plan "k8s-security-fundamentals": choose its plan with --plan FILE; nothing was imported\n`);
    expect(storeSnapshot(configDir)).toEqual(before);
    // With its plan, it goes in.
    await ok(['--plan', planFile, 'import', file], { configDir });
    expect(readStoreOnDisk(configDir, 'small-plan').sessions.alpha).toMatchObject({ summary: 'small' });
  });

  it('reads a backup made by the format-1 build (tests/fixtures/backup-format-1.json)', async () => {
    const configDir = tempDir();
    await ok(['import', join(ROOT, 'tests/fixtures/backup-format-1.json')], { configDir });
    const list = await json<{ progress: unknown; sessions: { number: number; status: string; summary: string | null; checklist: { done: boolean }[] }[] }>(['list'], { configDir });
    expect(list.progress).toEqual({ done: 2, total: 5, minutesPlanned: 330, minutesSpent: 125 });
    expect(list.sessions.map((session) => [session.number, session.status, session.checklist.filter((item) => item.done).length])).toEqual([
      [1, 'done', 0],
      [2, 'done', 2],
      [3, 'in-progress', 1],
      [4, 'todo', 0],
      [5, 'todo', 0],
    ]);
    expect(list.sessions[3]?.summary).toBe('Pod security: admission, contexts, least privilege.');
  });
});
