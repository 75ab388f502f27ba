// The last filter between k8s-study and the terminal. Every text from a plan, a summary, a backup
// or a file name is cleaned where it enters; this makes sure nothing slips through on the way out:
// no escape sequence (cursor moves, window titles, hyperlinks, clipboard writes), no C1 control and
// no DEL reaches the terminal. With colour on, the colour codes k8s-study writes itself (SGR:
// ESC [ digits ; ... m) are kept.

// eslint-disable-next-line no-control-regex
const SEQUENCES = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[ -/]*[0-~]?/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const COLOR = /^\u001b\[[0-9;]*m$/;

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Text with every escape sequence and control character removed (tabs, line feeds and carriage returns stay). */
export function stripControls(text: string): string {
  // Every sequence starts with a control character: a text with none (an export of megabytes,
  // most of the time) is looked through once, not twice.
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}

/** Text with every escape sequence removed but colour codes, and every other control character. */
export function keepColorsOnly(text: string): string {
  let result = '';
  let from = 0;
  for (const match of text.matchAll(SEQUENCES)) {
    result += text.slice(from, match.index).replace(CONTROLS, '');
    if (COLOR.test(match[0])) result += match[0];
    from = match.index + match[0].length;
  }
  return result + text.slice(from).replace(CONTROLS, '');
}
