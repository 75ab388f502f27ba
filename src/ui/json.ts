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

/**
 * Each value's JSON text (undefined written as null, as in an array). The plain objects among them
 * (every record of a backup) are written by one JSON.stringify of them all, as an array, and split
 * where one ends and the next begins (`},{`): a call for each of 50,000 review answers costs three
 * times what the writing does. An object whose own text holds `},{` makes more pieces than there
 * are objects; then each is written by itself. Any other value is written by itself.
 */
function leafTexts(leaves: readonly unknown[]): string[] {
  const texts = new Array<string>(leaves.length);
  const objects: unknown[] = [];
  const objectAt: number[] = [];
  for (let index = 0; index < leaves.length; index += 1) {
    const leaf = leaves[index];
    // Only an object JSON.stringify writes as {…}: no toJSON of its own or inherited (a Date has one).
    if (leaf !== null && typeof leaf === 'object' && !Array.isArray(leaf) && typeof (leaf as { toJSON?: unknown }).toJSON !== 'function') {
      objects.push(leaf);
      objectAt.push(index);
    } else texts[index] = JSON.stringify(leaf) ?? 'null';
  }
  if (objects.length === 0) return texts;
  const pieces = JSON.stringify(objects).slice(1, -1).split('},{');
  if (pieces.length !== objects.length) {
    for (const index of objectAt) texts[index] = JSON.stringify(leaves[index]);
    return texts;
  }
  // The split took each object's closing brace and the next one's opening brace: put them back.
  const last = pieces.length - 1;
  for (let piece = 0; piece <= last; piece += 1) texts[objectAt[piece]!] = `${piece === 0 ? '' : '{'}${pieces[piece]!}${piece === last ? '' : '}'}`;
  return texts;
}
