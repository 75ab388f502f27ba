import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { describeIssue, validatePlan, type Plan, type PlanIssue, type PlanPath } from '../core/plan.ts';
import { sanitizeLine } from '../core/text.ts';
import { PlanError } from '../errors.ts';
import { dataDirectory, readPlanText, shippedPlanPath } from './plan-source.ts';

// Parsing and validating plan files: YAML with positions, so every error names FILE:LINE:COL. Commands
// reach it through the plan cache (plan-source.ts), which loads this module only when it must.

export { dataDirectory, MAX_PLAN_BYTES, readPlanText, SHIPPED_PLAN_FILE, shippedPlanPath } from './plan-source.ts';
export { PlanError };

/** Alias expansions allowed while building the plan; "billion laughs" documents exceed it at once. */
const MAX_ALIAS_COUNT = 1000;

/** Errors reported for one plan file; a hostile file could otherwise print hundreds of thousands. */
const MAX_REPORTED_ERRORS = 100;

/**
 * The lines to report for these errors, in order: each once, at most MAX_REPORTED_ERRORS, then how
 * many more. Messages quote the plan (an unknown key, a YAML token): they are made safe to print.
 */
function reportLines(errors: { where: string; message: string }[]): string[] {
  const seen = new Set<string>();
  const unique = errors.filter(({ where, message }) => !seen.has(`${where}: ${message}`) && seen.add(`${where}: ${message}`));
  const lines = unique.slice(0, MAX_REPORTED_ERRORS).map(({ where, message }) => sanitizeLine(`${where}: ${message}`));
  const rest = unique[MAX_REPORTED_ERRORS];
  if (rest) lines.push(sanitizeLine(`${rest.where}: and ${unique.length - MAX_REPORTED_ERRORS} more errors from here on`));
  return lines;
}

function nodeAt(document: Document, path: PlanPath): Node | null {
  // The deepest node that exists along the path: a missing key points at its parent object.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return null;
}

/** Where each key of a map starts; built once per map, so thousands of unknown keys stay linear. */
const keyOffsets = new WeakMap<YAMLMap, Map<unknown, number>>();

function offsetOf(document: Document, issue: PlanIssue): number {
  const node = nodeAt(document, issue.path);
  if (issue.key !== undefined && isMap(node)) {
    let offsets = keyOffsets.get(node);
    if (!offsets) {
      offsets = new Map();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range && !offsets.has(pair.key.value)) offsets.set(pair.key.value, pair.key.range[0]);
      }
      keyOffsets.set(node, offsets);
    }
    const offset = offsets.get(issue.key);
    if (offset !== undefined) return offset;
  }
  return node?.range?.[0] ?? 0;
}

/**
 * Duplicate keys in any mapping, found in one pass. yaml's own `uniqueKeys` check compares every
 * key with every other one, which lets a plan of a few thousand keys stall the tool for minutes.
 */
function findDuplicateKeys(document: Document): number[] {
  const offsets: number[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(pair.key.value);
      }
    },
  });
  return offsets;
}

/** Parses and validates plan text; `file` names it in every error line. */
export function parsePlan(text: string, file: string): Plan {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const errors = [
    ...document.errors.map((error) => ({ offset: error.pos[0], message: error.message.split('\n')[0] ?? '' })),
    ...findDuplicateKeys(document).map((offset) => ({ offset, message: 'Map keys must be unique' })),
  ];
  if (errors.length > 0) {
    errors.sort((a, b) => a.offset - b.offset);
    throw new PlanError(reportLines(errors.map(({ offset, message }) => ({ where: at(offset), message }))));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new PlanError(reportLines([{ where: at(0), message: `YAML aliases expand too far (${(error as Error).message.split('\n')[0]})` }]));
  }
  const result = validatePlan(data);
  if (result.plan) return result.plan;
  const located = result.issues.map((issue) => ({ offset: offsetOf(document, issue), issue }));
  located.sort((a, b) => a.offset - b.offset);
  throw new PlanError(reportLines(located.map(({ offset, issue }) => ({ where: at(offset), message: describeIssue(issue, data) }))));
}

/** Loads a plan file: size limit, YAML with positions, schema and cross-checks. */
export function loadPlanFile(file: string): Plan {
  return parsePlan(readPlanText(file), file);
}

/** The shipped plan's text, its editor hint pointing at the schema inside the installed package: what `init` writes. */
export function shippedPlanCopy(): string {
  return readPlanText(shippedPlanPath()).replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${dataDirectory()}plan.schema.json`);
}
