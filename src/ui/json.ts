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
  const write = (current: unknown, level: number): string => {
    if (level >= depth || current === null || typeof current !== 'object') return JSON.stringify(current);
    if (Array.isArray(current)) return current.length === 0 ? '[]' : `[\n${current.map((entry) => write(entry, level + 1)).join(',\n')}\n]`;
    const keys = Object.keys(current).filter((key) => (current as Record<string, unknown>)[key] !== undefined);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((key) => `${JSON.stringify(key)}:${write((current as Record<string, unknown>)[key], level + 1)}`).join(',\n')}\n}`;
  };
  // Made safe once, over the whole text: the same escapes as toJson.
  return write(value, 0).replace(UNSAFE, escape);
}
