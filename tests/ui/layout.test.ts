import { stripVTControlCharacters } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import getStringTruncatedWidth from 'fast-string-truncated-width';
import stringWidth from 'fast-string-width';
import { wrapAnsi } from 'fast-wrap-ansi';
import { bar, daysFromNow, fit, fitLines, formatInstant, hanging, keepTogether, NARROW_TEXT, padStart, plural, progressLine, statusLabel, truncate, widthOf, wrapText, wrapWords } from '../../src/ui/layout.ts';
import { createTheme } from '../../src/ui/theme.ts';

const plain = createTheme(false);
const colored = createTheme(true);

describe('widthOf: columns as the terminal shows them', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['安全', 4],
    ['🔐', 2],
    ['e\u0301', 1],
    ['Grüße', 5],
    ['\u001b[31mred\u001b[39m', 3],
  ])('%j → %i', (text, width) => {
    expect(widthOf(text)).toBe(width);
  });

  it('does not count colour codes', () => {
    expect(widthOf(colored.good('done'))).toBe(4);
    expect(colored.good('done')).not.toBe('done');
  });
});

describe('truncate and fit', () => {
  it.each([
    ['Kubernetes', 5, 'Kube…'],
    ['Kubernetes', 10, 'Kubernetes'],
    ['Kubernetes', 0, ''],
    ['Kubernetes', 1, '…'],
    ['安全なクラスター', 5, '安全…'],
    ['安全なクラスター', 6, '安全…'],
    ['🔐🔐🔐', 4, '🔐…'],
  ])('truncate(%j, %i) → %j', (text, width, cut) => {
    expect(truncate(text, width)).toBe(cut);
    expect(widthOf(truncate(text, width))).toBeLessThanOrEqual(width);
  });

  it('fit pads or cuts to exactly the width, wide characters included', () => {
    for (const width of [1, 5, 6, 7, 12]) {
      for (const text of ['Kubernetes', '安全なクラスター', 'ok', '🔐 EKS']) expect(widthOf(fit(text, width)), `${text} at ${width}`).toBe(width);
    }
    expect(fit('ok', 4)).toBe('ok  ');
    expect(padStart('42', 5)).toBe('   42');
    expect(padStart('安全', 5)).toBe(' 安全');
    expect(padStart('toolong', 3)).toBe('toolong');
  });
});

describe('wrapping', () => {
  it('hanging aligns continuation lines under the text', () => {
    const block = hanging('  [ ] 1. ', 'Understand the shared responsibility model between AWS and the customer', 30);
    const lines = block.split('\n');
    expect(lines[0]?.startsWith('  [ ] 1. Understand')).toBe(true);
    expect(lines.slice(1).every((line) => line.startsWith('         ') && line[9] !== ' ')).toBe(true);
    expect(lines.every((line) => widthOf(line) <= 30)).toBe(true);
  });

  it('wraps plain text by length exactly as the wrapping library does, and anything else through it', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9·\u00a0().,:'-]{1,14}$/);
    const spaced = fc.array(word, { minLength: 1, maxLength: 30 }).map((words) => words.join(' '));
    const messy = fc.oneof(spaced, fc.string({ maxLength: 80 }), fc.array(fc.oneof(word, fc.constantFrom('  ', ' ', '\u001b[1m', '日本語', 'é')), { maxLength: 20 }).map((parts) => parts.join('')));
    fc.assert(fc.property(fc.oneof(spaced, messy), fc.integer({ min: 10, max: 90 }), (text, width) => wrapWords(text, width) === wrapAnsi(text, width, { hard: true, trim: true })), { numRuns: 2000 });
    expect(wrapWords('one two three four', 9)).toBe('one two\nthree\nfour');
  });

  it('keeps a suggested command on one line, so that it can be copied whole, unless it is wider than the line', () => {
    const text = `To correct it: ${keepTogether('k8s-study done 1 --minutes 45')} or ${keepTogether('k8s-study done 1 --at yesterday')}.`;
    expect(wrapText(text, 40)).toBe('To correct it:\nk8s-study done 1 --minutes 45 or\nk8s-study done 1 --at yesterday.');
    // Coloured, as on a terminal: the same lines.
    const colored = createTheme(true);
    const painted = `To correct it: ${colored.command(keepTogether('k8s-study done 1 --minutes 45'))} or ${colored.command(keepTogether('k8s-study done 1 --at yesterday'))}.`;
    expect(stripVTControlCharacters(wrapText(painted, 40))).toBe('To correct it:\nk8s-study done 1 --minutes 45 or\nk8s-study done 1 --at yesterday.');
    // Wider than the line: it wraps at its spaces after all, not inside a word.
    const long = `Then: ${keepTogether('k8s-study --plan /home/me/plans/my-own-plan.yaml done 1 --at yesterday')}.`;
    expect(wrapText(long, 50)).toBe('Then: k8s-study --plan\n/home/me/plans/my-own-plan.yaml done 1 --at\nyesterday.');
    // Nothing glued is left in what is wrapped, nor in a line fitted to the width.
    expect(wrapText(text, 50)).not.toContain('\u00a0');
    expect(fitLines([text, long], 40).join('\n')).not.toContain('\u00a0');
  });

  it('wrapText indents every line', () => {
    const lines = wrapText('one two three four five six seven eight nine ten', 20, 4).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((line) => line.startsWith('    ') && widthOf(line) <= 20)).toBe(true);
  });
});

/** The non-space characters of lines, in order: what wrapping must keep (as canonically equal text: the wrap composes e + U+0301 into é). */
const letters = (lines: readonly string[]): string => lines.join('').replace(/\s+/g, '').normalize('NFC');

describe('fitLines: no line runs past the edge', () => {
  const samples = [
    'Focus on understanding the shared responsibility model between the cloud provider (AWS) and the customer, particularly in Amazon EKS.',
    '  [ ] 2. Note the specific responsibilities of the customer regarding data, container images, network policies, RBAC, and worker node configurations.',
    '    https://docs.aws.amazon.com/eks/latest/best-practices/security-and-compliance-in-the-shared-responsibility-model.html',
    '安全なクラスターを構築するためには、コントロールプレーンとデータプレーンの両方を保護する必要があります。',
    '  • 責任共有モデル: クラウドプロバイダーと顧客の間のセキュリティ責任の分担を理解する。',
    '🔐🛡️ Secrets, RBAC; IRSA — café, naïve résumé 👩‍💻 e\u0301',
    `  ${'x'.repeat(120)}`,
    'short',
    '',
  ];

  it.each([50, 30])('at %i columns, for plan text, CJK and long words', (width) => {
    const fitted = fitLines(samples, width);
    const tooWide = fitted.filter((line) => widthOf(line) > width);
    expect(tooWide).toEqual([]);
    expect(letters(fitted)).toBe(letters(samples));
    expect(fitted).toContain('short');
    expect(fitted).toContain('');
  });

  it('leaves lines that fit alone, and splits blocks at their newlines', () => {
    expect(fitLines(['a line', 'two\nlines'], 50)).toEqual(['a line', 'two', 'lines']);
  });

  it('keeps the indent of a wrapped line on its continuation lines', () => {
    const fitted = fitLines(['    one two three four five six seven eight nine ten eleven'], 30);
    expect(fitted.length).toBeGreaterThan(1);
    expect(fitted.every((line) => line.startsWith('    ') && line[4] !== ' ')).toBe(true);
  });

  it('never ends a wrapped line with the · between parts: the break comes before it', () => {
    const heading = `${colored.heading('1. Shared Responsibility and Compute Types')}  ${colored.dim('day 1 · 1 h · shared-responsibility')}`;
    const fitted = fitLines([`Next: ${heading}`], 80).map((line) => stripVTControlCharacters(line));
    expect(fitted).toEqual(['Next: 1. Shared Responsibility and Compute Types  day 1 · 1 h', '· shared-responsibility']);
    expect(fitted.join('\n')).not.toContain('\u00a0');
  });

  it('never cuts a time between its number and its unit', () => {
    const line = '████░░░░░░░░░░░░░░░░ 1 of 5 sessions done · 1 h spent of 5 h 30 min planned · 4 h 30 min left';
    expect(fitLines([line], 80)).toEqual(['████░░░░░░░░░░░░░░░░ 1 of 5 sessions done · 1 h spent of 5 h 30 min planned', '· 4 h 30 min left']);
    for (let width = 20; width <= 80; width += 1) {
      const fitted = fitLines([line], width);
      const cut = fitted.slice(1).some((next, index) => (/\d$/.test(fitted[index]!) && /^(h|min)\b/.test(next)) || (/\d h$/.test(fitted[index]!) && /^\d+ min\b/.test(next)));
      expect(cut, `at ${width}: ${fitted.join(' | ')}`).toBe(false);
      expect(fitted.join(' ')).toBe(line);
    }
  });

  it('never cuts a share between its number and its % sign', () => {
    const line = 'Forecast for the lab day: readiness 81 %, 63 % of items at the 90 % target; weakest etcd 62 %';
    for (let width = 20; width <= 100; width += 1) {
      const fitted = fitLines([line], width);
      expect(fitted.some((next) => next.startsWith('%')), `at ${width}: ${fitted.join(' | ')}`).toBe(false);
      expect(fitted.join(' ')).toBe(line);
    }
  });

  it('fits coloured lines by what shows', () => {
    const line = `${colored.heading('Heading')} ${colored.dim('and a long dim tail of words that goes past the edge of a narrow terminal')}`;
    expect(fitLines([line], 30).every((fitted) => widthOf(fitted) <= 30)).toBe(true);
  });

  it('for any text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'bc', ' ', '  ', '安', '🔐', 'é', '-', '/'), maxLength: 200 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), fc.integer({ min: 20, max: 80 }), (lines, width) => {
        const fitted = fitLines(lines, width);
        expect(fitted.filter((line) => widthOf(line) > width)).toEqual([]);
        expect(letters(fitted)).toBe(letters(lines));
      }),
      { numRuns: 300 },
    );
  });
});

describe('small words and marks', () => {
  it.each([
    [1, 'day', undefined, '1 day'],
    [0, 'day', undefined, '0 days'],
    [3, 'session is', 'sessions are', '3 sessions are'],
  ])('plural(%i, %j)', (count, noun, nouns, text) => {
    expect(plural(count, noun, nouns)).toBe(text);
  });

  it.each([
    [5, 'in 5 days'],
    [1, 'tomorrow'],
    [0, 'today'],
    [-1, 'yesterday'],
    [-3, '3 days ago'],
  ])('daysFromNow(%i) → %s', (days, text) => {
    expect(daysFromNow(days)).toBe(text);
  });

  it('formats an instant as people read it', () => {
    expect(formatInstant('2026-12-01T09:30:00+01:00')).toBe('2026-12-01 09:30');
  });

  it('draws bars in proportion, clamped', () => {
    expect(bar(0.5, 10, plain)).toBe('█████░░░░░');
    expect(bar(2, 4, plain)).toBe('████');
    expect(bar(-1, 4, plain)).toBe('░░░░');
    expect(widthOf(bar(0.33, 20, colored))).toBe(20);
  });

  it('labels statuses with a mark and a word', () => {
    expect([statusLabel('done', plain), statusLabel('in-progress', plain), statusLabel('todo', plain)]).toEqual(['✔ done', '◐ in progress', '○ todo']);
  });

  it('writes the progress line', () => {
    expect(progressLine({ done: 1, total: 5, minutesPlanned: 330, minutesSpent: 60 }, plain)).toBe(`████${'░'.repeat(16)} 1 of 5 sessions done · 1 h spent of 5 h 30 min planned`);
    expect(progressLine({ done: 0, total: 0, minutesPlanned: 0, minutesSpent: 0 }, plain)).toMatch(/^░{20} 0 of 0 sessions done/);
  });
});

describe('text measured without the width library', () => {
  it('is only characters the library also counts one column wide', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const character = String.fromCharCode(code);
      if (NARROW_TEXT.test(character) && stringWidth(character) !== 1) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('measures such text as the library does, and cuts it to exactly the width asked', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -~éü·—…←█░✔○]{0,60}$/), fc.integer({ min: 1, max: 70 }), (text, width) => {
        expect(widthOf(text)).toBe(stringWidth(text));
        const cut = truncate(text, width);
        if (stringWidth(text) <= width) expect(cut).toBe(text);
        else expect([cut.endsWith('…'), text.startsWith(cut.slice(0, -1)), stringWidth(cut)]).toEqual([true, true, width]);
      }),
    );
  });

  it('cuts plain ASCII where the library cuts it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -~]{0,60}$/), fc.integer({ min: 1, max: 70 }), (text, width) => {
        const library = getStringTruncatedWidth(text, { limit: width, ellipsis: '…', ellipsisWidth: 1 });
        expect(truncate(text, width)).toBe(library.truncated ? `${text.slice(0, library.index)}…` : text);
      }),
    );
  });
});
