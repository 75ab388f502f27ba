import { describe, expect, it } from 'vitest';
import { keepColorsOnly, stripControls } from '../../src/ui/terminal-text.ts';
import { createTheme } from '../../src/ui/theme.ts';

// The last filter before the terminal: nothing but this run's own colour codes gets through.

const ESC = '\u001b';
const BEL = '\u0007';

const hostile: [string, string, string][] = [
  ['CSI cursor move', `a${ESC}[5Ab`, 'ab'],
  ['CSI clear screen', `${ESC}[2J${ESC}[Hx`, 'x'],
  ['OSC window title (BEL)', `${ESC}]0;title${BEL}text`, 'text'],
  ['OSC hyperlink (ST)', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
  ['OSC clipboard write', `a${ESC}]52;c;cm0gLXJmIH4=${BEL}b`, 'ab'],
  ['unterminated OSC', `ok${ESC}]0;forever`, 'ok'],
  ['8-bit CSI', 'a\u009b2Jb', 'ab'],
  ['8-bit OSC', 'a\u009d0;t\u009cb', 'ab'],
  ['DCS string', `a${ESC}Pq#0${ESC}\\b`, 'ab'],
  ['lone ESC at the end', `a${ESC}`, 'a'],
  ['charset switch', `a${ESC}(0b`, 'ab'],
  ['DEL', 'a\u007fb', 'ab'],
  ['C1 control', 'a\u0085b', 'ab'],
  ['bell, backspace, form feed, vertical tab', `a${BEL}\b\f\u000bb`, 'ab'],
  ['NUL', 'a\u0000b', 'ab'],
];

describe('stripControls', () => {
  it.each(hostile)('removes %s', (_name, text, shown) => {
    expect(stripControls(text)).toBe(shown);
  });

  it('removes colour codes too', () => {
    expect(stripControls(`${ESC}[31mred${ESC}[0m`)).toBe('red');
  });

  it('keeps tabs, line feeds and carriage returns, and all printable text', () => {
    expect(stripControls('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(stripControls('Grüße — 安全 🔐 [x] 50%')).toBe('Grüße — 安全 🔐 [x] 50%');
  });
});

describe('keepColorsOnly', () => {
  it.each(hostile)('removes %s', (_name, text, shown) => {
    expect(keepColorsOnly(text)).toBe(shown);
  });

  it('keeps the colour codes (SGR) and the text between them', () => {
    expect(keepColorsOnly(`${ESC}[31mred${ESC}[39m`)).toBe(`${ESC}[31mred${ESC}[39m`);
    expect(keepColorsOnly(`${ESC}[1;32mok${ESC}[0m ${ESC}[m`)).toBe(`${ESC}[1;32mok${ESC}[0m ${ESC}[m`);
  });

  it('keeps colour but drops a window title and cursor moves in the same line', () => {
    expect(keepColorsOnly(`${ESC}[31mred${ESC}]0;title${BEL}${ESC}[2A${ESC}[0m`)).toBe(`${ESC}[31mred${ESC}[0m`);
  });

  it('keeps what the theme writes, exactly', () => {
    const theme = createTheme(true);
    const line = `${theme.heading('Next')} ${theme.good('✔ done')} ${theme.dim('k8s-study show 1')}\tend`;
    expect(keepColorsOnly(line)).toBe(line);
  });

  it('keeps no SGR-looking code that is not ESC [ (the 8-bit form)', () => {
    expect(keepColorsOnly('\u009b31mred')).toBe('red');
  });
});
