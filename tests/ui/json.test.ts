import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson, toJsonByLine } from '../../src/ui/json.ts';

// Raw characters a terminal may act on, or that break line-based tools, never in the JSON text.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('toJson', () => {
  it.each([
    ['DEL', 'a\u007fb', '"a\\u007fb"'],
    ['C1 CSI', 'a\u009b2Jb', '"a\\u009b2Jb"'],
    ['first C1', '\u0080', '"\\u0080"'],
    ['last C1', '\u009f', '"\\u009f"'],
    ['line separator', 'a\u2028b', '"a\\u2028b"'],
    ['paragraph separator', 'a\u2029b', '"a\\u2029b"'],
    ['ESC (as JSON.stringify writes it)', '\u001b[2J', '"\\u001b[2J"'],
    ['plain text', 'Grüße 安全 🔐', '"Grüße 安全 🔐"'],
    ['U+00A0 is no control', 'a\u00a0b', '"a\u00a0b"'],
  ])('%s', (_name, text, json) => {
    expect(toJson(text)).toBe(json);
    expect(JSON.parse(toJson(text))).toBe(text);
  });

  it('escapes in keys as well as values, at any depth', () => {
    const value = { 'k\u0085': ['\u2028', { deep: '\u007f' }] };
    expect(toJson(value, 0)).toBe('{"k\\u0085":["\\u2028",{"deep":"\\u007f"}]}');
    expect(JSON.parse(toJson(value))).toEqual(value);
  });

  it('indents by 2 by default, and writes one line with 0', () => {
    expect(toJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(toJson({ a: [1] }, 0)).toBe('{"a":[1]}');
  });

  it('for any value: safe text that JSON.parse reads back as JSON.stringify would have written it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.constantFrom(0, 2), (value, indent) => {
        const text = toJson(value, indent);
        expect(text).not.toMatch(indent === 0 ? UNSAFE : /[\u007f-\u009f\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('toJsonByLine', () => {
  const backup = { format: 'k8s-study-backup', progress: { sessions: { alpha: { summary: 'a\nb', ticks: ['x'] }, beta: { summary: null } }, reviewLog: [] }, nothing: undefined };

  it('writes the outer levels one member a line and the rest on one line', () => {
    expect(toJsonByLine(backup, 3)).toBe(
      ['{', '"format":"k8s-study-backup",', '"progress":{', '"sessions":{', '"alpha":{"summary":"a\\nb","ticks":["x"]},', '"beta":{"summary":null}', '},', '"reviewLog":[]', '}', '}'].join('\n'),
    );
    expect(toJsonByLine(backup, 0)).toBe(toJson(backup, 0));
    expect(toJsonByLine([], 2)).toBe('[]');
    expect(toJsonByLine({}, 2)).toBe('{}');
  });

  it('escapes like toJson', () => {
    expect(toJsonByLine({ 'k\u0085': ['\u2028'] }, 1)).toBe('{\n"k\\u0085":["\\u2028"]\n}');
  });

  it('round-trips through JSON.parse for any value and depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        const text = toJsonByLine(value, depth);
        expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
    expect(JSON.parse(toJsonByLine(backup, 2))).toEqual(JSON.parse(JSON.stringify(backup)));
  });

  /** What toJsonByLine writes, each value below the outer levels written by a JSON.stringify of its own. */
  const oneByOne = (value: unknown, depth: number): string => {
    const write = (current: unknown, level: number): string => {
      if (level >= depth || current === null || typeof current !== 'object') return JSON.stringify(current);
      if (Array.isArray(current)) return current.length === 0 ? '[]' : `[\n${current.map((entry) => write(entry, level + 1)).join(',\n')}\n]`;
      const keys = Object.keys(current).filter((key) => (current as Record<string, unknown>)[key] !== undefined);
      if (keys.length === 0) return '{}';
      return `{\n${keys.map((key) => `${JSON.stringify(key)}:${write((current as Record<string, unknown>)[key], level + 1)}`).join(',\n')}\n}`;
    };
    return write(value, 0).replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  };

  it('is the same text as writing each value by itself, even when values hold the },{ it splits the objects at', () => {
    // Strings made mostly of braces, quotes and commas: the text toJsonByLine splits its joint text at.
    const tricky = fc.oneof(fc.string({ unit: fc.constantFrom('}', '{', '"', ',', '\\', 'u', '0', 'a') }), fc.constant('},{'), fc.constant('"},{"'));
    const values = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.constant(null), fc.boolean(), fc.array(tie('value'), { maxLength: 5 }), fc.dictionary(tricky, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 3 }), (value, depth) => {
        expect(toJsonByLine(value, depth)).toBe(oneByOne(value, depth));
      }),
      { numRuns: 500 },
    );
    const log = { reviewLog: [{ id: 'a', item: 'term:x' }, '},{', ['},{', {}], {}, { id: '},{' }, { at: new Date(0) }, new Date(0), {}] };
    expect(toJsonByLine(log, 2)).toBe(oneByOne(log, 2));
    const records = { sessions: { a: { ticks: [{}, {}] }, b: {} }, reviewLog: [{}, { id: 'x' }, {}] };
    expect(toJsonByLine(records, 2)).toBe(oneByOne(records, 2));
    // Boxed strings and numbers, and other classes' instances, are not written as objects.
    const boxed = { reviewLog: [new String('a},{b'), {}], items: { a: new Number(3), b: {}, c: new Map() } };
    expect(toJsonByLine(boxed, 2)).toBe(oneByOne(boxed, 2));
    expect(JSON.parse(toJsonByLine(boxed, 2))).toEqual({ reviewLog: ['a},{b', {}], items: { a: 3, b: {}, c: {} } });
    // A backup's shape: lists and dictionaries of records (objects only) below the outer levels.
    const record = fc.dictionary(tricky, fc.oneof(tricky, fc.integer(), fc.constant(null), fc.array(tricky, { maxLength: 2 }), fc.dictionary(tricky, tricky, { maxKeys: 2 })), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.record({ log: fc.array(record, { maxLength: 6 }), items: fc.dictionary(tricky, record, { maxKeys: 6 }), title: tricky }), (backup) => {
        expect(toJsonByLine(backup, 2)).toBe(oneByOne(backup, 2));
      }),
      { numRuns: 500 },
    );
  });
});
