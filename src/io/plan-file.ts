import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { describeIssue, validatePlan, type Plan, type PlanIssue, type PlanPath } from '../core/plan.ts';
import { PlanError } from '../errors.ts';
import { readPlanText } from './plan-source.ts';

// Parsing and validating plan files: YAML with positions, so every error names FILE:LINE:COL. Commands
// reach it through the plan cache (plan-source.ts), which loads this module only when it must.

export { dataDirectory, MAX_PLAN_BYTES, readPlanText, SHIPPED_PLAN_FILE, shippedPlanPath } from './plan-source.ts';
export { PlanError };

/** Alias expansions allowed while building the plan; "billion laughs" documents exceed it at once. */
const MAX_ALIAS_COUNT = 1000;

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
