import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CalendarEvent } from '../../src/core/calendar.ts';
import { foldLine, renderIcs } from '../../src/ui/ics.ts';
import { ROOT, tempDir } from '../helpers.ts';

// The calendar is written by src/ui/ics.ts. Its long lines are folded as RFC 5545 §3.1 asks: at
// most 75 octets of UTF-8, folded with CRLF and one space or tab, never cutting a character, in one
// pass (the `ics` package's own fold took minutes over a long description). What it writes is what
// the `ics` package (patched: patches/ics+3.12.0.patch, applied by `npm ci`) writes for the same
// entries, byte for byte: that package is the reference here.

/** The patched fold of the `ics` package, loaded the way it loads it (its package exports hide the file). */
const icsFoldLine = (createRequire(import.meta.url)(join(ROOT, 'node_modules/ics/dist/utils/fold-line.js')) as { default: (line: string) => string }).default;

const LIMIT = 75;
const octets = (text: string): number => Buffer.byteLength(text, 'utf8');
/** RFC 5545 unfolding: each CRLF followed by one space or tab is removed. */
const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');
/** Half of a surrogate pair standing alone: a code point cut in two. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The document as a file holds it: UTF-8 bytes in lines ended by CRLF. Each line is at most 75
 * octets and decodes on its own (no multi-byte sequence cut by a fold), and, when `text` has no
 * lone surrogate, none of its lines has one either (no surrogate pair cut).
 */
function expectPhysicalLines(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf('\r\n', start); start < bytes.length; end = bytes.indexOf('\r\n', start)) {
    const line = bytes.subarray(start, end < 0 ? bytes.length : end);
    expect(line.length, `line ${lines.length + 1}`).toBeLessThanOrEqual(LIMIT);
    lines.push(decoder.decode(line));
    start = end < 0 ? bytes.length : end + 2;
  }
  if (!LONE_SURROGATE.test(text)) expect(lines.filter((line) => LONE_SURROGATE.test(line))).toEqual([]);
  return lines;
}

/** Code points, so a test can say which one follows a fold. */
const codePoints = (text: string): string[] => Array.from(text);

describe('foldLine', () => {
  it.each([
    ['empty', ''],
    ['short', 'SUMMARY:Study 1'],
    ['exactly 75 octets', `DESCRIPTION:${'x'.repeat(63)}`],
    ['exactly 75 octets of two-octet characters', `SUMMARY:x${'é'.repeat(33)}`],
  ])('leaves a line of at most 75 octets alone: %s', (_name, line) => {
    expect(foldLine(line)).toBe(line);
  });

  it('folds ASCII at 75 octets, then 74 after the leading tab', () => {
    const line = `DESCRIPTION:${'x'.repeat(63 + 74 + 5)}`;
    expect(foldLine(line)).toBe(`DESCRIPTION:${'x'.repeat(63)}\r\n\t${'x'.repeat(74)}\r\n\t${'x'.repeat(5)}`);
  });

  it('counts octets, not characters: é is two, 中 three, 🔐 four', () => {
    // 8 + 2 × 33 = 74 octets: one more é would make 76, so the fold comes before it.
    expect(foldLine(`SUMMARY:${'é'.repeat(40)}`)).toBe(`SUMMARY:${'é'.repeat(33)}\r\n\t${'é'.repeat(7)}`);
    // 8 + 3 × 22 = 74, then 1 + 3 × 24 = 73.
    expect(foldLine(`SUMMARY:${'中'.repeat(50)}`)).toBe(`SUMMARY:${'中'.repeat(22)}\r\n\t${'中'.repeat(24)}\r\n\t${'中'.repeat(4)}`);
    // 8 + 4 × 16 = 72, then 1 + 4 × 18 = 73; the pairs of UTF-16 units stay whole.
    expect(foldLine(`SUMMARY:${'🔐'.repeat(40)}`)).toBe(`SUMMARY:${'🔐'.repeat(16)}\r\n\t${'🔐'.repeat(18)}\r\n\t${'🔐'.repeat(6)}`);
  });

  it('counts a lone surrogate as the three octets of U+FFFD, which UTF-8 writes for it', () => {
    const line = `SUMMARY:${'\uD800'.repeat(30)}`;
    expect(foldLine(line)).toBe(`SUMMARY:${'\uD800'.repeat(22)}\r\n\t${'\uD800'.repeat(8)}`);
  });

  it('for any line: short enough lines, no cut character, no early fold, and unfolding gives the line back', () => {
    // size 'max': lengths up to maxLength, not just the short strings fast-check favours. A content
    // line holds no line break (ics writes one as \n), so the generated ones become spaces.
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
      fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' }),
      // Few kinds of characters, so that each width meets the 75-octet boundary often.
      fc.string({ unit: fc.constantFrom('a', 'é', '中', '🔐', '\u{10FFFF}', ';', '\\'), maxLength: 400, size: 'max' }),
    ).map((text) => text.replace(/[\r\n]/g, ' '));
    fc.assert(
      fc.property(line, (text) => {
        const folded = foldLine(text);
        expect(folded).toBe(icsFoldLine(text));
        expect(unfold(folded)).toBe(text);
        const lines = expectPhysicalLines(folded);
        lines.forEach((physical, index) => {
          if (index > 0) expect(physical[0]).toBe('\t');
          // A fold only when the next code point would not fit.
          const next = codePoints(lines[index + 1] ?? '')[1];
          if (next !== undefined) expect(octets(physical) + octets(next)).toBeGreaterThan(LIMIT);
        });
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * `length` UTF-16 units of text with everything a fold can meet: what ics escapes (line breaks, `,`
 * `;` and `\`), characters of two, three and four octets, a combining accent, joined emoji.
 */
function descriptionOf(length: number): string {
  const paragraph = 'Pods, RBAC; IRSA — café, naïve résumé. 安全なクラスター 🔐🛡️ 👩‍💻 e\u0301 C:\\kube\\config.\n';
  return paragraph.repeat(Math.ceil(length / paragraph.length)).slice(0, length).replace(/[\uD800-\uDBFF]$/, '');
}

function eventWith(description: string): CalendarEvent {
  return { uid: 'k8s-study:plan:session:one', kind: 'session', day: '2026-12-01', title: 'Study 1. Shared Responsibility — 責任共有 🔐', description, done: false };
}

/** The checks every rendered calendar passes: folded lines, and ical.js reads the entry back whole. */
function expectCalendar(text: string, event: CalendarEvent): void {
  expectPhysicalLines(text);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const [parsed] = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  expect(parsed?.uid).toBe(event.uid);
  expect(parsed?.summary).toBe(event.title);
  // Compared by equality, not toBe: a failed toBe would print two descriptions of megabytes.
  expect(parsed?.description === event.description, 'the description read back equals the one written').toBe(true);
  expect(unfold(text)).toContain(`SUMMARY:${event.title}\r\n`);
}

describe('renderIcs folds long lines as RFC 5545 asks', () => {
  it('writes a long multi-byte description in lines of at most 75 octets that ical.js reads back exactly', () => {
    const event = eventWith(descriptionOf(20_000));
    const text = renderIcs([event], 'Kubernetes Security Fundamentals — 学習', new Date('2026-12-01T10:00:00Z'));
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.split('\r\n').filter((line) => line.startsWith('DESCRIPTION:'))).toHaveLength(1);
    expectCalendar(text, event);
  });

  // One pass over each line: a description of 2 million characters (2.9 MB of UTF-8) is written at
  // once; the fold that recounted the rest of the line at each fold took hours over it. The rendering
  // runs in a worker thread (src/ui/ics.ts with the patched ics, bundled by esbuild as the build
  // does), so that this test's timeout can end a slow run instead of waiting for it to finish.
  it('writes a 2.9 MB description at once', async () => {
    const folder = tempDir();
    await build({ entryPoints: [join(ROOT, 'src/ui/ics.ts')], bundle: true, format: 'cjs', platform: 'node', outfile: join(folder, 'ics.cjs'), logLevel: 'error' });
    writeFileSync(
      join(folder, 'worker.cjs'),
      "const { parentPort, workerData } = require('node:worker_threads');\nconst { renderIcs } = require('./ics.cjs');\n" +
        'parentPort.postMessage(renderIcs([workerData.event], workerData.name, new Date(workerData.stamp)));\n',
    );
    const event = eventWith(descriptionOf(2_000_000));
    const worker = new Worker(join(folder, 'worker.cjs'), { workerData: { event, name: 'k8s-study', stamp: Date.UTC(2026, 11, 1) } });
    onTestFinished(async () => {
      await worker.terminate();
    });
    const text = await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expectCalendar(text, event);
  });
});

describe('the calendar as the ics package writes it', () => {
  /** What the `ics` package writes for the same entries, as src/ui/ics.ts once asked it to. */
  async function icsPackage(events: readonly CalendarEvent[], calendarName: string, stamp: Date): Promise<string> {
    const { createEvents } = await import('ics');
    const dateArray = (day: string): [number, number, number] => day.split('-').map(Number) as [number, number, number];
    const next = (day: string): string => new Date(Date.UTC(...(dateArray(day).map((part, index) => (index === 1 ? part - 1 : index === 2 ? part + 1 : part)) as [number, number, number]))).toISOString().slice(0, 10);
    const attributes = events.map((event) => ({
      uid: event.uid,
      title: event.title,
      description: event.description,
      start: dateArray(event.day),
      end: dateArray(next(event.day)),
      categories: ['k8s-study', event.kind],
      status: 'CONFIRMED' as const,
      transp: 'TRANSPARENT' as const,
      timestamp: stamp.getTime(),
    }));
    const { error, value } = createEvents(attributes, { productId: 'k8s-study', calName: calendarName });
    expect(error).toBeNull();
    return value!;
  }

  it('writes byte for byte what the ics package writes, for entries of every kind', async () => {
    const events: CalendarEvent[] = [
      { uid: 'k8s-study:p:session:a', kind: 'session', day: '2026-12-01', title: 'Study 1. Café ✔', description: 'line one\nline two; with, commas \\ and a backslash', done: true },
      { uid: 'k8s-study:p:review:2026-12-31', kind: 'review', day: '2026-12-31', title: 'Review 3 items', description: `${'é'.repeat(200)}\r\n- 🔐 term`, done: false },
      { uid: 'k8s-study:p:lab', kind: 'lab', day: '2028-02-29', title: 'Lab: deploy', description: 'Prepared with p.', done: false },
    ];
    const stamp = new Date(Date.UTC(2026, 11, 1, 10, 5, 9));
    expect(renderIcs(events, 'Plan; with, marks — 学習', stamp)).toBe(await icsPackage(events, 'Plan; with, marks — 学習', stamp));
    expect(renderIcs([], 'Plan', stamp)).toBe(await icsPackage([], 'Plan', stamp));
  });

  it('for any entries: the same text as the ics package', async () => {
    const { createEvents } = await import('ics');
    expect(createEvents).toBeTypeOf('function');
    const words = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\\', '\n', 'é', '中', '🔐', ':', '"'), maxLength: 120, size: 'max' });
    const event = fc.record({
      uid: fc.stringMatching(/^k8s-study:[a-z0-9-]{1,12}:(session|review|lab)(:[a-z0-9-]{1,10})?$/),
      kind: fc.constantFrom('session', 'review', 'lab') as fc.Arbitrary<CalendarEvent['kind']>,
      day: fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2999, 11, 30)), noInvalidDate: true }).map((at) => at.toISOString().slice(0, 10)),
      title: words.filter((title) => title !== ''),
      description: words.filter((description) => description !== ''),
      done: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 4 }), words.filter((name) => name !== ''), fc.integer({ min: 0, max: 4_102_444_800_000 }), async (events, name, time) => {
        const stamp = new Date(time);
        expect(renderIcs(events, name, stamp)).toBe(await icsPackage(events, name, stamp));
      }),
      { numRuns: 200 },
    );
  });
});
