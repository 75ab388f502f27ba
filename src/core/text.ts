// Terminal control sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST, used for hyperlinks
// and clipboard writes), DCS/SOS/PM/APC strings, other two-byte ESC sequences, and their 8-bit C1 forms.
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[ -/]*[0-~]/g;
// Whatever control characters remain (C0 except tab and newline, DEL, C1) are dropped too.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes untrusted text (plan files, summaries, backups) safe to print: removes terminal escape
 * sequences and control characters, keeps newlines, turns tabs and carriage returns into spaces.
 */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(ESCAPE_SEQUENCES, '')
    .replace(/\t/g, ' ')
    .replace(CONTROL_CHARACTERS, '');
}

/** `sanitizeText` for one-line values (titles, ids): newlines become spaces as well. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text).replace(/\n+/g, ' ');
}

/** `1 day`, `3 days`: a count with its noun, singular or plural. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** An instant as people read it: `2026-12-01 09:30` (its own local time). */
export function formatInstant(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}

/** `a`, `a or b`, `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The edit distance between two short strings (insertions, deletions, substitutions, swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment, in rows: ids are short, and a "did you mean" looks at a few hundred.
  let before = Array.from({ length: b.length + 1 }, (_, index) => index);
  let previous = before;
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}
