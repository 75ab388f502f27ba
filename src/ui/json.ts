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
  const parts: string[] = [];
  const write = (current: unknown, level: number): void => {
    if (level >= depth || current === null || typeof current !== 'object') {
      parts.push(JSON.stringify(current) ?? 'null');
      return;
    }
    // The last level written here, whose members are written whole: one at a time is what costs.
    if (level === depth - 1 && writeMembersWhole(current, parts)) return;
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
  // Made safe once, over the whole text: the same escapes as toJson.
  return parts.join('').replace(UNSAFE, escape);
}

/**
 * Whether JSON.stringify writes a value as {…}: a plain object (not an array, a boxed string or
 * number, a Date or any other class's instance), with no toJSON of its own.
 */
const isPlainObject = (value: unknown): value is object => {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
};

/** Where one object ends and the next begins in the JSON text of a list of objects. */
const BETWEEN_OBJECTS = '},{';

/** How many times `text` holds `part`. */
function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

/**
 * Writes a list or a dictionary whose members are all objects (a backup's review log, its sessions
 * and items) one member a line, through one JSON.stringify of them all: in that text, each `},{`
 * is where one member ends and the next begins, unless a member's own text holds one; then there
 * are more than one fewer than the members, and false is returned (the caller writes each member
 * by itself). A call of JSON.stringify for each of 50,000 answers costs three times the writing.
 */
function writeMembersWhole(container: object, parts: string[]): boolean {
  const isList = Array.isArray(container);
  const keys = isList ? null : Object.keys(container).filter((key) => (container as Record<string, unknown>)[key] !== undefined);
  const members: unknown[] = isList ? container : keys!.map((key) => (container as Record<string, unknown>)[key]);
  if (members.length === 0 || !members.every(isPlainObject)) return false;
  const inner = JSON.stringify(members).slice(1, -1);
  if (occurrences(inner, BETWEEN_OBJECTS) !== members.length - 1) return false;
  if (isList) {
    parts.push('[\n', inner.replaceAll(BETWEEN_OBJECTS, '},\n{'), '\n]');
    return true;
  }
  // A dictionary: each member's text after its key.
  const texts = inner.split(BETWEEN_OBJECTS);
  const last = texts.length - 1;
  parts.push('{\n');
  for (let index = 0; index <= last; index += 1) {
    parts.push(`${index > 0 ? ',\n' : ''}${JSON.stringify(keys![index])}:${index === 0 ? '' : '{'}${texts[index]!}${index === last ? '' : '}'}`);
  }
  parts.push('\n}');
  return true;
}
