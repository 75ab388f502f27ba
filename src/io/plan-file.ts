import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { describeIssue, validatePlan, type Plan, type PlanIssue, type PlanPath } from '../core/plan.ts';
import { StudyError } from '../errors.ts';

/** Plan files larger than this are refused before parsing: no real plan comes near it. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;
/** Alias expansions allowed while building the plan; "billion laughs" documents exceed it at once. */
const MAX_ALIAS_COUNT = 1000;

export const SHIPPED_PLAN_FILE = 'k8s-security-fundamentals.yaml';

/** Thrown for a plan that cannot be used; `lines` holds every `FILE:LINE:COL: message`. */
export class PlanError extends StudyError {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** The `data/` folder of the installed package, from the bundle (dist/) or from the sources (src/io/). */
export function dataDirectory(): string {
  const fromBundle = fileURLToPath(new URL('../data/', import.meta.url));
  return existsSync(fromBundle) ? fromBundle : fileURLToPath(new URL('../../data/', import.meta.url));
}

/** The path of the plan that ships with the package. */
export function shippedPlanPath(): string {
  return `${dataDirectory()}${SHIPPED_PLAN_FILE}`;
}

function nodeAt(document: Document, path: PlanPath): Node | null {
  // The deepest node that exists along the path: a missing key points at its parent object.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return null;
}

function offsetOf(document: Document, issue: PlanIssue): number {
  const node = nodeAt(document, issue.path);
  if (issue.key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === issue.key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return node?.range?.[0] ?? 0;
}

/** Reads the text of a plan file, refusing what is missing, unreadable or too large. */
function readPlanText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StudyError(`cannot read plan ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`);
  }
  if (size > MAX_PLAN_BYTES) {
    throw new StudyError(`plan ${file} is ${(size / 1024 / 1024).toFixed(1)} MiB, over the 5 MiB limit for plan files`);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new StudyError(`cannot read plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Parses and validates plan text; `file` names it in every error line. */
export function parsePlan(text: string, file: string): Plan {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    throw new PlanError(document.errors.map((error) => `${at(error.pos[0])}: ${error.message.split('\n')[0]}`));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new PlanError([`${at(0)}: YAML aliases expand too far (${(error as Error).message.split('\n')[0]})`]);
  }
  const result = validatePlan(data);
  if (result.plan) return result.plan;
  const located = result.issues.map((issue) => ({ offset: offsetOf(document, issue), issue }));
  located.sort((a, b) => a.offset - b.offset);
  throw new PlanError(located.map(({ offset, issue }) => `${at(offset)}: ${describeIssue(issue)}`));
}

/** Loads a plan file: size limit, YAML with positions, schema and cross-checks. */
export function loadPlanFile(file: string): Plan {
  return parsePlan(readPlanText(file), file);
}
