import { describe, expect, it } from 'vitest';
import { sanitizeLine, sanitizeText } from '../../src/core/text.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('sanitizeText keeps terminal control out of printed plan text', () => {
  it.each([
    ['CSI colour', 'a\u001b[31mred\u001b[0m b', 'ared b'],
    ['CSI clear screen', '\u001b[2J\u001b[Hx', 'x'],
    ['OSC 8 hyperlink (ST)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['OSC 8 hyperlink (BEL)', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007', 'link'],
    ['OSC 52 clipboard write', 'a\u001b]52;c;cm0gLXJmIH4=\u0007b', 'ab'],
    ['OSC title', '\u001b]0;pwned\u0007title', 'title'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['8-bit OSC ended by ST', 'a\u009d0;t\u009cb', 'ab'],
    ['DCS string', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['bell and backspace', 'a\u0007\u0008b', 'ab'],
    ['unterminated OSC', 'ok\u001b]52;c;AAAA', 'ok'],
    ['lone ESC', 'a\u001bb', 'a'],
    ['DEL', 'a\u007fb', 'ab'],
    ['C1 control', 'a\u0085b', 'ab'],
    ['tabs and CR', 'a\tb\r\nc\rd', 'a b\nc\nd'],
    ['plain text', "AWS's control plane (API server, etcd)", "AWS's control plane (API server, etcd)"],
    ['unicode', 'Grüße — ✔ 安全 🔐', 'Grüße — ✔ 安全 🔐'],
  ])('%s', (_name, input, output) => {
    expect(sanitizeText(input)).toBe(output);
    expect(sanitizeText(input)).not.toMatch(CONTROL);
  });

  it('sanitizeLine also folds newlines', () => {
    expect(sanitizeLine('a\nb\n\nc')).toBe('a b c');
    expect(sanitizeLine('a\r\nb\u001b[2Kc')).toBe('a bc');
  });
});
