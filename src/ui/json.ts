// The one way k8s-study writes JSON, to standard output and to files alike. JSON.stringify escapes
// the C0 controls (ESC among them) but leaves DEL and the C1 controls (U+007F to U+009F) raw, and
// some terminals act on those: they are written as \u escapes too, which every JSON reader reads
// back as the same text. So are U+2028 and U+2029, which break some line-based tools.

const UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

const escape = (character: string): string => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text of a value, indented by `indent` spaces (0: one line), safe to print to a terminal. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent || undefined).replace(UNSAFE, escape);
}

/**
 * JSON text with the outer `depth` levels of objects and arrays one member a line and everything
 * deeper on one line: a backup of thousands of records stays small (no deep indentation) yet reads,
 * diffs and mends one record a line.
 */
export function toJsonByLine(value: unknown, depth: number): string {
  // The outer levels are written here; every value below them (a leaf) gets its text from leafTexts.
  const parts: string[] = [];
  const leaves: unknown[] = [];
  const leafParts: number[] = [];
  const write = (current: unknown, level: number): void => {
    if (level >= depth || current === null || typeof current !== 'object') {
      leafParts.push(parts.push('') - 1);
      leaves.push(current);
      return;
    }
    if (Array.isArray(current)) {
      if (current.length === 0) {
        parts.push('[]');
        return;
      }
      parts.push('[\n');
      for (let index = 0; index < current.length; index += 1) {
        if (index > 0) parts.push(',\n');
        write(current[index], level + 1);
      }
      parts.push('\n]');
      return;
    }
    const keys = Object.keys(current).filter((key) => (current as Record<string, unknown>)[key] !== undefined);
    if (keys.length === 0) {
      parts.push('{}');
      return;
    }
    parts.push('{\n');
    keys.forEach((key, index) => {
      parts.push(`${index > 0 ? ',\n' : ''}${JSON.stringify(key)}:`);
      write((current as Record<string, unknown>)[key], level + 1);
    });
    parts.push('\n}');
  };
  write(value, 0);
  const texts = leafTexts(leaves);
  for (let index = 0; index < leaves.length; index += 1) parts[leafParts[index]!] = texts[index]!;
  // Made safe once, over the whole text: the same escapes as toJson.
  return parts.join('').replace(UNSAFE, escape);
}

/** Written between the leaves, and found again in their joint text as `,"\u0000",`. */
const BETWEEN = '\u0000';
const BETWEEN_TEXT = ',"\\u0000",';

/**
 * Each value's JSON text (undefined written as null, as in an array). One JSON.stringify of them all,
 * a marker between each two, split at the markers: a call for each of 50,000 review answers costs
 * three times what the writing does. A value whose own text holds the marker makes more pieces than
 * values; then each value is written by itself.
 */
function leafTexts(leaves: readonly unknown[]): string[] {
  if (leaves.length === 0) return [];
  const joined: unknown[] = [leaves[0]];
  for (let index = 1; index < leaves.length; index += 1) joined.push(BETWEEN, leaves[index]);
  const texts = JSON.stringify(joined).slice(1, -1).split(BETWEEN_TEXT);
  return texts.length === leaves.length ? texts : leaves.map((leaf) => JSON.stringify(leaf) ?? 'null');
}
