// `npm run bench`: start-up and scale of the built k8s-study against bare Node (SPEC §6).
//
// Builds fixtures in a temporary folder through the product's own code (scripts/bench-fixtures.ts),
// then times `node -e 0` and `k8s-study next | list | due | done` on the shipped plan and on a large
// generated one, alternating the commands run by run so drift cancels. Prints the median wall time,
// the ratio to `node -e 0` and the peak memory of each; then the same ratios for `next` in a clean
// environment; then a growth run from 1,000 to 10,000 sessions. Exits 1 when `next` is over 2.0× bare
// Node on the shipped plan or over 3.0× on the large one, when growth is clearly worse than linear,
// or when a command fails.
//
// Commands run in the environment the bench was started in, as a user's shell would run them, with
// the tool's own variables set for the fixtures. Variables that change Node's own start-up (such as
// NODE_EXTRA_CA_CERTS, which makes Node load certificates before running anything) are named in the
// output, and the clean-environment line shows the ratios without any of them.
//
// Options: --runs N (timed runs per command, default 15), --warmup N (default 2),
//          --growth-runs N (default 7), --no-growth, --keep (keep the temporary folder).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const BIN = join(root, 'bin/k8s-study.js');
const NOW = '2026-12-01T10:00';
const LIMITS = { shipped: 2.0, large: 3.0 };
/** The extra time (above bare Node) may grow at most this many times faster than the input does. */
const GROWTH_SLACK = 2;
/** Variables that change what Node itself does before running any code. */
const NODE_STARTUP_VARIABLES = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_COMPILE_CACHE', 'NODE_V8_COVERAGE', 'NODE_DEBUG'];

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number, not "${process.argv[index + 1]}"`);
  return value;
}
const RUNS = option('runs', 15);
const WARMUP = option('warmup', 2);
const GROWTH_RUNS = option('growth-runs', 7);
const GROWTH = !process.argv.includes('--no-growth');
const KEEP = process.argv.includes('--keep');

const work = mkdtempSync(join(tmpdir(), 'k8s-study-bench-'));
process.on('exit', () => {
  if (KEEP) console.log(`fixtures kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

// Peak memory is measured in separate runs, so the timed runs carry no instrumentation.
const RSS_HOOK = join(work, 'rss-hook.mjs');
writeFileSync(
  RSS_HOOK,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.K8S_STUDY_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n",
);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The environment commands run in: the bench's own, without the tool's variables, or a clean one. */
function baseEnvironment(clean) {
  if (clean) return { PATH: process.env.PATH, ...(process.env.TZ ? { TZ: process.env.TZ } : {}) };
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('K8S_STUDY_') && !name.startsWith('npm_')));
}

/** The fixture code, bundled from src/ so it runs the product's own store and core modules. */
async function loadFixtures() {
  const outfile = join(work, 'bench-fixtures.mjs');
  await build({
    entryPoints: [join(root, 'scripts/bench-fixtures.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import{createRequire as __benchRequire}from'node:module';const require=__benchRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * One plan with its store: `next`, `list`, `due` and `done` on it. `done` finishes the first session
 * not yet done, on a fresh copy of the store folder (store and plan cache) each run, so every run does
 * the same work.
 */
function planCommands(label, { planFile, storeDirectory, nextNumber }) {
  const env = { K8S_STUDY_CONFIG_DIR: storeDirectory, ...(planFile ? { K8S_STUDY_PLAN: planFile } : {}) };
  return [
    { label, name: 'next', args: ['next'], env },
    { label, name: 'list', args: ['list'], env },
    { label, name: 'due', args: ['due'], env },
    { label, name: 'done', args: ['done', String(nextNumber), '--summary', 'bench run', '--minutes', '30'], env, copyStore: storeDirectory },
  ];
}

const BASELINE = { label: '—', name: 'node -e 0', node: ['-e', '0'], env: {} };

let runCount = 0;
/** Spawns one command once; returns its wall time in ms, exit status and stderr. */
function runOnce(command, { memory = false, clean = false } = {}) {
  runCount += 1;
  const env = { ...baseEnvironment(clean), HOME: join(work, 'home'), K8S_STUDY_NOW: NOW, NO_COLOR: '1', ...command.env };
  let copy = null;
  if (command.copyStore) {
    copy = join(work, `done-${runCount}`);
    cpSync(command.copyStore, copy, { recursive: true });
    env.K8S_STUDY_CONFIG_DIR = copy;
  }
  const rssFile = join(work, `rss-${runCount}`);
  if (memory) env.K8S_STUDY_BENCH_RSS = rssFile;
  const args = [...(memory ? ['--import', pathToFileURL(RSS_HOOK).href] : []), ...(command.node ?? [BIN, ...command.args])];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (copy) rmSync(copy, { recursive: true, force: true });
  let rssKb = null;
  if (memory) {
    try {
      rssKb = Number(readFileSync(rssFile, 'utf8'));
    } catch {
      rssKb = null;
    }
    rmSync(rssFile, { force: true });
  }
  return { ms, status: result.status, signal: result.signal, stderr: result.stderr ?? '', rssKb };
}

const describe = (command) => (command.label === '—' ? command.name : `${command.label} ${command.name}`);
const failure = (command, result) => new Error(`${describe(command)} failed (exit ${result.status ?? result.signal}): ${result.stderr.trim()}`);

/** Drops commands this build does not have yet (exit 2, "unknown command"); fails on any other error. */
function probe(commands, skipped) {
  return commands.filter((command) => {
    const result = runOnce(command);
    if (result.status === 0) return true;
    if (result.status === 2 && /unknown command/.test(result.stderr)) {
      skipped.add(command.name);
      return false;
    }
    throw failure(command, result);
  });
}

/** Times every command `runs` times after `warmup` rounds, rotating the order each round; then peak memory. */
function measure(commands, runs, warmup, { clean = false, memory = true } = {}) {
  const times = new Map(commands.map((command) => [command, []]));
  const peaks = new Map(commands.map((command) => [command, 0]));
  for (let round = 0; round < warmup + runs; round += 1) {
    for (let step = 0; step < commands.length; step += 1) {
      const command = commands[(round + step) % commands.length];
      const result = runOnce(command, { clean });
      if (result.status !== 0) throw failure(command, result);
      if (round >= warmup) times.get(command).push(result.ms);
    }
  }
  for (let round = 0; memory && round < 3; round += 1) {
    for (const command of commands) {
      const { rssKb } = runOnce(command, { memory: true, clean });
      if (rssKb) peaks.set(command, Math.max(peaks.get(command), rssKb));
    }
  }
  return commands.map((command) => ({ command, median: median(times.get(command)), rssKb: peaks.get(command) }));
}

function printTable(rows, baseline) {
  const header = ['plan', 'command', 'median', '× node -e 0', 'peak memory'];
  const lines = rows.map(({ command, median: ms, rssKb }) => [
    command.label,
    command.name,
    `${ms.toFixed(1)} ms`,
    (ms / baseline).toFixed(2),
    rssKb ? `${(rssKb / 1024).toFixed(0)} MB` : '?',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((width, column) => (column < 2 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

const fixtures = await loadFixtures();
const now = new Date(NOW);

function makePlan(name, shape, progress) {
  const folder = join(work, name);
  mkdirSync(folder);
  const planFile = join(folder, 'plan.yaml');
  writeFileSync(planFile, fixtures.generatePlanYaml(shape));
  return { folder, planFile, storeDirectory: join(folder, 'store'), progress, nextNumber: progress.doneSessions + 1 };
}

async function record(fixture, planFile = fixture.planFile) {
  const summary = await fixtures.recordProgress(planFile, fixture.storeDirectory, fixture.progress, now);
  return { ...summary, storeBytes: statSync(join(fixture.storeDirectory, 'config.json')).size, planBytes: statSync(planFile).size };
}

const describeFixture = (summary) =>
  `${summary.sessions} sessions (plan ${megabytes(summary.planBytes)}), ${summary.reviewItems} review items, ${summary.reviewLog} logged reviews (store ${megabytes(summary.storeBytes)})`;

console.log(`k8s-study bench: Node ${process.version}, ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`);
const startupVariables = NODE_STARTUP_VARIABLES.filter((name) => process.env[name]);
console.log(
  startupVariables.length > 0
    ? `environment: ${startupVariables.join(', ')} set (Node's own start-up, node -e 0 included, does more work); see the clean-environment line below`
    : 'environment: nothing set that changes Node\'s own start-up',
);
console.log('building fixtures through the product code...');
const shipped = { planFile: null, storeDirectory: join(work, 'shipped', 'store'), progress: { doneSessions: 2, reviews: 6 }, nextNumber: 3 };
mkdirSync(join(work, 'shipped'));
const shippedSummary = await record(shipped, join(root, 'data/k8s-security-fundamentals.yaml'));
const large = makePlan('large', { sessions: 1000, days: 100, focusItems: 5, keyPointsPerSession: 5, termsPerSession: 5, unlistedTerms: 100 }, { doneSessions: 900, reviews: 50_000 });
const largeSummary = await record(large);
console.log(`  shipped: ${describeFixture(shippedSummary)}`);
console.log(`  large:   ${describeFixture(largeSummary)}`);

let failed = false;
const skipped = new Set();
const commands = probe([BASELINE, ...planCommands('shipped', shipped), ...planCommands('large', large)], skipped);
console.log(`timing ${commands.length} commands, ${RUNS} runs each after ${WARMUP} warm-up rounds, alternating...`);
const rows = measure(commands, RUNS, WARMUP);
const baseline = rows[0].median;
console.log('');
printTable(rows, baseline);
console.log('');
for (const name of skipped) console.log(`skipped: "${name}" is not a command of this build yet (exit 2, unknown command)`);
for (const [label, limit] of Object.entries(LIMITS)) {
  const row = rows.find(({ command }) => command.label === label && command.name === 'next');
  const ratio = row.median / baseline;
  const ok = ratio <= limit;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} next on the ${label} plan: ${ratio.toFixed(2)}× node -e 0 (limit ${limit.toFixed(1)}×)`);
}

// The same ratios with nothing in the environment but PATH: the strictest floor.
const cleanCommands = commands.filter((command) => command === BASELINE || command.name === 'next');
const cleanRows = measure(cleanCommands, RUNS, 1, { clean: true, memory: false });
const cleanBaseline = cleanRows[0].median;
console.log(
  `clean environment (PATH only): node -e 0 ${cleanBaseline.toFixed(1)} ms; ${cleanRows
    .slice(1)
    .map(({ command, median: ms }) => `${command.label} next ${ms.toFixed(1)} ms = ${(ms / cleanBaseline).toFixed(2)}×`)
    .join(', ')}`,
);

if (GROWTH) {
  console.log('');
  console.log('growth: the same plan shape at 1,000 and 10,000 sessions (90 % done, 3 review items per session done, 10 logged reviews per session)');
  const growthShape = (sessions) => ({ sessions, days: sessions / 10, focusItems: 5, keyPointsPerSession: 1, termsPerSession: 1, unlistedTerms: 0, compact: true });
  const small = makePlan('growth-1k', growthShape(1000), { doneSessions: 900, reviews: 10_000 });
  const big = makePlan('growth-10k', growthShape(10_000), { doneSessions: 9000, reviews: 100_000 });
  const smallSummary = await record(small);
  const bigSummary = await record(big);
  console.log(`  1k:  ${describeFixture(smallSummary)}`);
  console.log(`  10k: ${describeFixture(bigSummary)}`);
  const inputGrowth = (bigSummary.planBytes + bigSummary.storeBytes) / (smallSummary.planBytes + smallSummary.storeBytes);
  const growthCommands = probe([BASELINE, ...planCommands('1k', small), ...planCommands('10k', big)], new Set());
  const growthRows = measure(growthCommands, GROWTH_RUNS, 1);
  const growthBaseline = growthRows[0].median;
  console.log('');
  console.log('| command | 1k | 10k | 10k ÷ 1k | above node -e 0, 1k → 10k | peak memory, 1k → 10k |');
  console.log('|:--|--:|--:|--:|--:|--:|');
  for (const name of ['next', 'list', 'due', 'done']) {
    const at = (label) => growthRows.find(({ command }) => command.label === label && command.name === name);
    const one = at('1k');
    const ten = at('10k');
    if (!one || !ten) continue;
    const extraOne = Math.max(1, one.median - growthBaseline);
    const extraTen = ten.median - growthBaseline;
    const growth = extraTen / extraOne;
    const linear = growth <= inputGrowth * GROWTH_SLACK;
    if (!linear) failed = true;
    console.log(
      `| ${name} | ${one.median.toFixed(0)} ms | ${ten.median.toFixed(0)} ms | ${(ten.median / one.median).toFixed(2)} | ${extraOne.toFixed(0)} → ${extraTen.toFixed(0)} ms (×${growth.toFixed(1)})${linear ? '' : ' FAIL'} | ${(one.rssKb / 1024).toFixed(0)} → ${(ten.rssKb / 1024).toFixed(0)} MB |`,
    );
  }
  console.log('');
  console.log(
    `input (plan + store) grew ×${inputGrowth.toFixed(1)}; linear cost means the time above node -e 0 grows by about that much or less (limit ×${(inputGrowth * GROWTH_SLACK).toFixed(1)}). node -e 0: ${growthBaseline.toFixed(1)} ms.`,
  );
}

if (failed) {
  console.log('\nbench: FAILED (see above)');
  process.exitCode = 1;
} else {
  console.log('\nbench: ok');
}
