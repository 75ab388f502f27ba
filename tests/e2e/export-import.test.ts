import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { readStoreText, ROOT, runCli, tempDir } from '../helpers.ts';

const PLAN_ID = 'k8s-security-fundamentals';

/** A store with two sessions done, a review made (with its FSRS card), a lab date and a start date. */
function studiedStore(): string {
  const configDir = tempDir();
  expect(runCli(['schedule', '--start', '2026-12-01'], { configDir, now: '2026-12-01T09:00' }).status).toBe(0);
  expect(runCli(['check', '3', '1'], { configDir, now: '2026-12-01T09:00' }).status).toBe(0);
  expect(runCli(['done', '1', '--summary', 'AWS runs the control plane; I own RBAC, images, nodes', '--minutes', '55'], { configDir, now: '2026-12-01T10:00' }).status).toBe(0);
  expect(runCli(['done', '2', '--no-summary'], { configDir, now: '2026-12-02T11:00' }).status).toBe(0);
  expect(runCli(['lab', '2026-12-10'], { configDir, now: '2026-12-03T09:00' }).status).toBe(0);
  expect(runCli(['review', 'session:shared-responsibility', '--rating', 'good'], { configDir, now: '2026-12-03T14:00' }).status).toBe(0);
  return configDir;
}

describe('export --format ics', () => {
  it('writes a calendar an independent parser reads back: sessions on their dates, review days, the lab', async () => {
    const configDir = studiedStore();
    const result = runCli(['export', '--format', 'ics'], { configDir, now: '2026-12-03T12:00' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const calendar = new ICAL.Component(ICAL.parse(result.stdout));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    const byUid = new Map(events.map((event) => [event.uid, event]));
    expect(byUid.size).toBe(events.length);

    const sessions = events.filter((event) => event.uid.includes(':session:'));
    expect(sessions.map((event) => [event.startDate.toString(), event.summary])).toEqual([
      ['2026-12-01', '✔ Study 1. Shared Responsibility and Compute Types'],
      ['2026-12-01', '✔ Study 2. Security Architecture Example and Cloud Native Gaps'],
      ['2026-12-02', 'Study 3. EKS Security Architecture'],
      ['2026-12-02', 'Study 4. Additional Kubernetes Security Components'],
      ['2026-12-03', 'Study 5. Review and Lab Preparation'],
    ]);
    for (const event of sessions) {
      expect(event.startDate.isDate).toBe(true);
      expect(event.endDate.toString()).toBe(event.startDate.clone().adjust(1, 0, 0, 0).toString());
    }
    const first = byUid.get(`k8s-study:${PLAN_ID}:session:shared-responsibility`);
    expect(first?.description).toContain('AWS runs the control plane; I own RBAC, images, nodes');
    expect(first?.description).toContain('Done 2026-12-01 in 55 min.');

    const reviews = events.filter((event) => event.uid.includes(':review:'));
    // Session 1's own item moved to the 6th after its review (FSRS, rated good); the rest are due the day after their session.
    expect(reviews.map((event) => [event.startDate.toString(), event.summary])).toEqual([
      ['2026-12-02', 'Review 7 items: Kubernetes Security Fundamentals'],
      ['2026-12-03', 'Review 3 items: Kubernetes Security Fundamentals'],
      ['2026-12-06', 'Review 1 item: Kubernetes Security Fundamentals'],
    ]);
    expect(reviews[2]?.description).toContain('Shared Responsibility and Compute Types (session:shared-responsibility)');
    expect(reviews[1]?.description).toMatch(/^Reviewed 1 item\./);

    const lab = byUid.get(`k8s-study:${PLAN_ID}:lab`);
    expect(lab?.startDate.toString()).toBe('2026-12-10');
    expect(lab?.summary).toBe('Lab: Deploy an Amazon EKS cluster using the AWS Well-Architected Framework');
  });

  it('folds long lines at 75 octets of UTF-8 without cutting a character (RFC 5545 §3.1), so a summary reads back whole', () => {
    const configDir = tempDir();
    const summary = Array.from({ length: 30 }, (_, index) => `${index}: le plan de contrôle géré — 責任共有モデル 🔐;`).join(' ');
    expect(runCli(['done', '1', '--summary', summary, '--minutes', '30'], { configDir, now: '2026-12-01T10:00' }).status).toBe(0);
    const file = join(tempDir(), 'plan.ics');
    expect(runCli(['export', '--format', 'ics', '-o', file], { configDir, now: '2026-12-01T12:00' }).status).toBe(0);
    const bytes = readFileSync(file);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let start = 0, end = bytes.indexOf('\r\n'); end >= 0; start = end + 2, end = bytes.indexOf('\r\n', start)) {
      expect(end - start).toBeLessThanOrEqual(75);
      decoder.decode(bytes.subarray(start, end)); // throws on a cut multi-byte sequence
    }
    const events = new ICAL.Component(ICAL.parse(bytes.toString('utf8'))).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(events.find((event) => event.uid.endsWith(':session:shared-responsibility'))?.description).toContain(`My summary:\n${summary}\n`);
  });

  it('keeps the same UIDs from one export to the next, so a calendar updates instead of duplicating', async () => {
    const configDir = studiedStore();
    const uids = (now: string): string[] => {
      const text = runCli(['export', '--format', 'ics'], { configDir, now }).stdout;
      return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((event) => String(event.getFirstPropertyValue('uid')));
    };
    const before = uids('2026-12-03T12:00');
    expect(runCli(['done', '3', '--no-summary'], { configDir, now: '2026-12-04T10:00' }).status).toBe(0);
    const after = uids('2026-12-04T12:00');
    for (const uid of before.filter((id) => !id.includes(':review:'))) expect(after).toContain(uid);
    expect(after.filter((id) => id.includes(':session:'))).toEqual(before.filter((id) => id.includes(':session:')));
  });
});

describe('export --format md', () => {
  it('writes the study journal: summaries, key points, dates and time spent', async () => {
    const configDir = studiedStore();
    const folder = tempDir();
    const file = join(folder, 'journal.md');
    const result = runCli(['export', '-o', file], { configDir, now: '2026-12-03T12:00' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Wrote study journal to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Kubernetes Security Fundamentals: study journal\n/);
    expect(text).toContain('## Day 1: Tue 2026-12-01');
    expect(text).toContain('### 1. Shared Responsibility and Compute Types ✔');
    expect(text).toContain('*done 2026-12-01 10:00, 55 min spent of 1 h planned*');
    expect(text).toContain('> AWS runs the control plane; I own RBAC, images, nodes');
    expect(text).toContain('- **Shared Responsibility Model**: Understand the division of security responsibilities');
    expect(text).toContain('- Shared Responsibility and Compute Types (`session:shared-responsibility`): reviewed 1×, last 2026-12-03; next due 2026-12-06');
    expect(text).toContain('- [x] Study the EKS Security Architecture');
  });
});

describe('export --format json and import', () => {
  it('round trip: export → fresh store → import gives the same progress, and exports the same again', async () => {
    const configDir = studiedStore();
    const folder = tempDir();
    const file = join(folder, 'backup.json');
    const exported = runCli(['export', '--format', 'json', '-o', file], { configDir, now: '2026-12-03T12:00' });
    expect(exported.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    expect(backup).toMatchObject({ format: 'k8s-study-backup', version: 1, plan: { id: PLAN_ID }, exportedAt: expect.stringMatching(/^2026-12-03T12:00:00[+-]\d{2}:\d{2}$/) });
    expect(backup.progress).toEqual(JSON.parse(readStoreText(configDir) ?? '{}').plans[PLAN_ID]);

    const fresh = tempDir();
    const imported = runCli(['import', file], { configDir: fresh, now: '2026-12-05T08:00' });
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('sessions: 3 added, 0 updated');
    expect(JSON.parse(readStoreText(fresh) ?? '{}').plans[PLAN_ID]).toEqual(backup.progress);
    const again = runCli(['export', '--format', 'json'], { configDir: fresh, now: '2026-12-03T12:00' });
    expect(again.stdout).toBe(readFileSync(file, 'utf8'));
    const status = (dir: string): unknown => JSON.parse(runCli(['status', '--json'], { configDir: dir, now: '2026-12-05T08:00' }).stdout);
    expect(status(fresh)).toEqual(status(configDir));
  });

  it('merges by default (the newer record wins) and restores exactly with --replace', async () => {
    const configDir = studiedStore();
    const file = join(tempDir(), 'backup.json');
    runCli(['export', '--format', 'json', '-o', file], { configDir, now: '2026-12-03T12:00' });
    const other = tempDir();
    runCli(['done', '1', '--summary', 'later, on the other machine', '--minutes', '40'], { configDir: other, now: '2026-12-04T10:00' });
    runCli(['done', '5', '--no-summary'], { configDir: other, now: '2026-12-04T11:00' });
    const merged = JSON.parse(runCli(['import', file, '--json'], { configDir: other, now: '2026-12-05T08:00' }).stdout);
    // Session 1 is updated: it keeps the backup's summary too.
    expect(merged).toMatchObject({ mode: 'merge', dryRun: false, changes: { sessions: { added: 2, updated: 1 }, lab: true, startDate: true } });
    let progress = JSON.parse(readStoreText(other) ?? '{}').plans[PLAN_ID];
    // Session 1 was finished later here: this machine's record wins, and the backup's own words are
    // kept after it; session 5 (only here) stays.
    expect(progress.sessions['shared-responsibility']).toMatchObject({ minutesSpent: 40 });
    expect(progress.sessions['shared-responsibility'].summary).toMatch(/^later, on the other machine\n\n— also written, in the other copy —\n\S/);
    const twice = JSON.parse(runCli(['import', file, '--json'], { configDir: other, now: '2026-12-05T08:00' }).stdout);
    expect(twice.changes.sessions).toMatchObject({ added: 0, updated: 0 });
    expect(progress.sessions['review-lab-preparation'].completedAt).toMatch(/^2026-12-04/);
    expect(progress.reviewLog).toHaveLength(1);

    const dry = runCli(['import', file, '--replace', '--dry-run'], { configDir: other, now: '2026-12-05T08:00' });
    expect(dry.stdout).toContain('Nothing was written (--dry-run).');
    expect(JSON.parse(readStoreText(other) ?? '{}').plans[PLAN_ID]).toEqual(progress);

    expect(runCli(['import', file, '--replace'], { configDir: other, now: '2026-12-05T08:00' }).status).toBe(0);
    progress = JSON.parse(readStoreText(other) ?? '{}').plans[PLAN_ID];
    expect(progress).toEqual(JSON.parse(readFileSync(file, 'utf8')).progress);
  });

  it('leaves the store byte for byte as it was when the backup is truncated, corrupt, newer or for another plan', async () => {
    const configDir = studiedStore();
    const folder = tempDir();
    const good = join(folder, 'good.json');
    runCli(['export', '--format', 'json', '-o', good], { configDir, now: '2026-12-03T12:00' });
    const text = readFileSync(good, 'utf8');
    const backup = JSON.parse(text);
    // The store to protect differs from the backup, so a wrongly applied import would show.
    runCli(['done', '3', '--summary', 'only in the store'], { configDir, now: '2026-12-04T10:00' });
    const before = readStoreText(configDir);
    const lastEntry = backup.progress.reviewLog.length - 1;
    const cases: [string, string, RegExp][] = [
      ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /is not valid JSON, perhaps cut short/],
      ['empty.json', '', /is not valid JSON, perhaps cut short \(the file is empty\)/],
      ['bad-record.json', JSON.stringify({ ...backup, progress: { ...backup.progress, reviewLog: backup.progress.reviewLog.map((entry: object, index: number) => (index === lastEntry ? { ...entry, rating: 'superb' } : entry)) } }), /is not a valid backup: progress\.reviewLog\[0\]\.rating: must be one of/],
      ['bad-late.json', JSON.stringify({ ...backup, progress: { ...backup.progress, startDate: '2026-13-01' } }), /progress\.startDate: must be a calendar day/],
      ['newer.json', JSON.stringify({ ...backup, version: 2 }), /is a backup in format 2, from a newer k8s-study \(this one reads up to format 1\): upgrade k8s-study/],
      ['other-plan.json', JSON.stringify({ ...backup, plan: { id: 'another-plan', title: 'Another' } }), /holds progress for the plan "another-plan", not for the current plan "k8s-security-fundamentals"/],
      ['not-a-backup.json', JSON.stringify({ plans: {} }), /is not a k8s-study backup/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(folder, name);
      writeFileSync(file, content);
      for (const args of [['import', file], ['import', file, '--replace']]) {
        const result = runCli(args, { configDir, now: '2026-12-05T08:00' });
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toMatch(/nothing was imported\n$/);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(readStoreText(configDir), name).toBe(before);
      }
    }
    const missing = runCli(['import', join(folder, 'nope.json')], { configDir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.json cannot be read (no such file)');
    expect(readStoreText(configDir)).toBe(before);
  });

  it('refuses what it cannot do with a usage error', () => {
    const configDir = tempDir();
    const cases: [string[], RegExp][] = [
      [['export'], /export needs --format json, ics or md/],
      [['export', '--format', 'pdf'], /argument 'pdf' is invalid. Allowed choices are json, ics, md/],
      [['export', '--format', 'md', '--json'], /--json prints one JSON document, but --format md is not JSON/],
      [['import'], /missing required argument 'file'/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args, { configDir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(readStoreText(configDir)).toBeNull();
    const missingFolder = join(tempDir(), 'no-such-folder', 'backup.json');
    const unwritable = runCli(['export', '--format', 'json', '-o', missingFolder], { configDir });
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toContain(`cannot write ${missingFolder}: the folder`);
  });
});

describe('export -o onto something that is not a plain file', () => {
  it('writes into a pipe (or device) and leaves it one, and refuses a folder', async () => {
    const configDir = tempDir();
    const fifo = join(tempDir(), 'journal.pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader on the pipe, as a pager or /dev/null's driver would take what is written.
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = runCli(['export', '--format', 'md', '-o', fifo], { configDir });
    await closed;
    expect(result.status, result.stderr).toBe(0);
    expect(received).toContain('# Kubernetes Security Fundamentals');
    expect(statSync(fifo).isFIFO()).toBe(true);
    const folder = runCli(['export', '--format', 'md', '-o', tempDir()], { configDir });
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain('it is a folder; name a file in it');
  });
});

describe('the calendar library stays out of other commands', () => {
  it('is reached from the bundle only through a dynamic import', () => {
    const dist = join(ROOT, 'dist');
    const chunks = readdirSync(join(dist, 'chunks')).map((name) => join(dist, 'chunks', name));
    const calendarChunks = chunks.filter((file) => readFileSync(file, 'utf8').includes('BEGIN:VCALENDAR'));
    expect(calendarChunks.length).toBeGreaterThan(0);
    // Follow static imports from the entry: none may lead to the calendar code.
    const staticImports = (file: string): string[] =>
      [...readFileSync(file, 'utf8').matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["']([^"']+)["']/g)].map((match) => match[1] as string)
        .filter((path) => path.startsWith('.'))
        .map((path) => join(file, '..', path));
    const seen = new Set<string>();
    const queue = [join(dist, 'main.js'), ...chunks.filter((file) => /\/(next|context)-[^/]+\.js$/.test(file))];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...staticImports(file));
    }
    expect(seen.size).toBeGreaterThan(2);
    for (const file of calendarChunks) expect(seen.has(file), file).toBe(false);
  });
});
