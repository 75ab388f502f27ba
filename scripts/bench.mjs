// `npm run bench`: the start-up and scale of the built k8s-study against bare Node (SPEC §6).
//
// Builds fixtures in a temporary folder through the product's own code (scripts/bench-fixtures.ts):
// the shipped plan with a little progress, and a generated plan of 1,000 sessions with 10,000 review
// items and 50,000 logged reviews. Then times every command §6 names, as the median wall time over
// alternating runs divided by that of `node -e 0` in the same rounds, in two environments: the
// machine's own (as a user's shell runs it), and only PATH and HOME set. Commands that write run on a
// fresh copy of the store each time, so every run does the same work. Peak memory comes from separate
// runs. Prints one table, then the growth from 1,000 to 10,000 sessions, and exits 1 when any ratio is
// over its bar, when growth is clearly worse than linear, or when a command fails.
//
// Options: --runs N (timed runs per command, default 11), --warmup N (default 2), --growth-runs N
// (default 5), --no-growth, --only REGEX (commands whose label matches), --keep (keep the fixtures).
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const BIN = join(root, 'bin/k8s-study.cjs');
const NOW = '2026-12-01T10:00';
/** Extra time (above bare Node) may grow at most this many times faster than the input does. */
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
const RUNS = option('runs', 11);
const WARMUP = option('warmup', 2);
const GROWTH_RUNS = option('growth-runs', 5);
const GROWTH = !process.argv.includes('--no-growth');
const KEEP = process.argv.includes('--keep');
const ONLY = process.argv.includes('--only') ? new RegExp(process.argv[process.argv.indexOf('--only') + 1]) : null;

const work = mkdtempSync(join(tmpdir(), 'k8s-study-bench-'));
process.on('exit', () => {
  if (KEEP) console.log(`fixtures kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

// Peak memory is measured in separate runs, so the timed runs carry no instrumentation.
const RSS_HOOK = join(work, 'rss-hook.cjs');
writeFileSync(RSS_HOOK, "process.on('exit', () => require('node:fs').writeFileSync(process.env.K8S_STUDY_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n");

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

const BASELINE = { label: '—', name: 'node -e 0', node: ['-e', '0'], env: {}, bar: null };

/** Flushes every file and folder under `path` to the disk. */
function flushToDisk(path) {
  const entries = statSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)) : [];
  for (const entry of entries) flushToDisk(entry);
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

let runCount = 0;
let copyCount = 0;

/** A copy of a store, on disk. */
function copyOf(store) {
  copyCount += 1;
  const copy = join(work, `copy-${copyCount}`);
  cpSync(store, copy, { recursive: true });
  // On disk before the run, as a person's store is: otherwise the run's first fsync of the
  // journal would write the whole freshly copied file, a cost no person's run ever pays.
  flushToDisk(copy);
  return copy;
}

/**
 * Copies of a command's store, `count` of them, as a person's store is after any full read: every
 * record file, the cached plan outline and the journal's start found good and stamped (a read
 * stamps a file only once it has been left alone for SETTLED_MS; see src/io/record-stamps.ts).
 */
function stampedCopies(command, count, clean) {
  const copies = Array.from({ length: count }, () => copyOf(command.copyStore));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, fixtures.SETTLED_MS + 200);
  for (const copy of copies) {
    const env = { ...baseEnvironment(clean), HOME: join(work, 'home'), K8S_STUDY_NOW: NOW, NO_COLOR: '1', ...command.env, K8S_STUDY_CONFIG_DIR: copy };
    const result = spawnSync(process.execPath, [BIN, 'status', '--json'], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`status on a copy of the store failed: ${result.stderr}`);
    flushToDisk(copy);
  }
  return copies;
}

/** Spawns one command once (on `copy` of its store when given); returns its wall time in ms, exit status and stderr. */
function runOnce(command, { memory = false, clean = false, copy: given = null } = {}) {
  runCount += 1;
  const env = { ...baseEnvironment(clean), HOME: join(work, 'home'), K8S_STUDY_NOW: NOW, NO_COLOR: '1', ...command.env };
  let copy = null;
  if (command.copyStore) {
    copy = given ?? copyOf(command.copyStore);
    env.K8S_STUDY_CONFIG_DIR = copy;
  }
  const rssFile = join(work, `rss-${runCount}`);
  if (memory) env.K8S_STUDY_BENCH_RSS = rssFile;
  const args = [...(memory ? ['--require', RSS_HOOK] : []), ...(command.node ?? [BIN, ...command.args])];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (copy) {
    // What the run kept in its cache (V8's code cache, made by the first run of each command)
    // goes back to the fixture: a person's cache persists from one run to the next.
    if (command.keepCache) cpSync(join(copy, 'cache'), join(command.copyStore, 'cache'), { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
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

/** Times every command `runs` times after `warmup` rounds, rotating the order each round; then peak memory. */
function measure(commands, runs, warmup, { clean = false, memory = true } = {}) {
  const times = new Map(commands.map((command) => [command, []]));
  const peaks = new Map(commands.map((command) => [command, 0]));
  const memoryRounds = memory ? 2 : 0;
  // Every run of a command that changes the store gets a copy of its own, made before the timing.
  const copies = new Map(commands.filter((command) => command.stampedStore).map((command) => [command, stampedCopies(command, warmup + runs + memoryRounds, clean)]));
  const nextCopy = (command) => copies.get(command)?.shift() ?? null;
  for (let round = 0; round < warmup + runs; round += 1) {
    for (let step = 0; step < commands.length; step += 1) {
      const command = commands[(round + step) % commands.length];
      const result = runOnce(command, { clean, copy: nextCopy(command) });
      if (result.status !== 0) throw failure(command, result);
      if (round >= warmup) times.get(command).push(result.ms);
    }
  }
  for (let round = 0; round < memoryRounds; round += 1) {
    for (const command of commands) {
      const { rssKb } = runOnce(command, { memory: true, clean, copy: nextCopy(command) });
      if (rssKb) peaks.set(command, Math.max(peaks.get(command), rssKb));
    }
  }
  return commands.map((command) => ({ command, median: median(times.get(command)), rssKb: peaks.get(command) }));
}

const fixtures = await loadFixtures();
const now = new Date(NOW);

function makePlan(name, shape, progress) {
  const folder = join(work, name);
  mkdirSync(folder);
  const planFile = join(folder, 'plan.yaml');
  writeFileSync(planFile, fixtures.generatePlanYaml(shape));
  return { folder, planFile, storeDirectory: join(folder, 'store'), progress };
}

async function record(fixture, planFile = fixture.planFile) {
  const summary = await fixtures.recordProgress(planFile, fixture.storeDirectory, fixture.progress, now);
  const bytes = (file) => {
    try {
      return statSync(join(fixture.storeDirectory, file)).size;
    } catch {
      return 0;
    }
  };
  return { ...summary, rootBytes: bytes('config.json'), journalBytes: bytes('journal.jsonl'), planBytes: statSync(planFile).size };
}

const describeFixture = (summary) =>
  `${summary.sessions} sessions (plan ${megabytes(summary.planBytes)}), ${summary.reviewItems} review items, ${summary.reviewLog} logged reviews (journal ${megabytes(summary.journalBytes)})`;

console.log(`k8s-study bench: Node ${process.version}, ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`);
const startupVariables = NODE_STARTUP_VARIABLES.filter((name) => process.env[name]);
console.log(
  startupVariables.length > 0
    ? `machine environment: ${startupVariables.join(', ')} set (Node's own start-up, node -e 0 included, does more work)`
    : "machine environment: nothing set that changes Node's own start-up",
);
console.log('building fixtures through the product code...');
const shipped = { planFile: null, storeDirectory: join(work, 'shipped', 'store'), progress: { doneSessions: 2, reviews: 6 } };
mkdirSync(join(work, 'shipped'));
const shippedSummary = await record(shipped, join(root, 'data/k8s-security-fundamentals.yaml'));
const large = makePlan('large', { sessions: 1000, days: 100, focusItems: 5, keyPointsPerSession: 5, termsPerSession: 5, unlistedTerms: 100 }, { doneSessions: 900, reviews: 50_000 });
const largeSummary = await record(large);
// The same plans with every item reviewed today: `review` then has nothing to ask.
const shippedReviewed = { planFile: null, storeDirectory: join(work, 'shipped-reviewed', 'store'), progress: { doneSessions: 2, reviews: 6, upToDate: true } };
mkdirSync(join(work, 'shipped-reviewed'));
const shippedReviewedSummary = await record(shippedReviewed, join(root, 'data/k8s-security-fundamentals.yaml'));
const largeReviewed = { ...large, storeDirectory: join(large.folder, 'store-reviewed'), progress: { doneSessions: 900, reviews: 0, upToDate: true } };
const largeReviewedSummary = await record(largeReviewed);
console.log(`  shipped: ${describeFixture(shippedSummary)}`);
console.log(`  large:   ${describeFixture(largeSummary)}`);
console.log(`  shipped, every item reviewed today: ${describeFixture(shippedReviewedSummary)}`);
console.log(`  large, every item reviewed today:   ${describeFixture(largeReviewedSummary)}`);

// A backup of the large store, for `import`.
const backupFile = join(work, 'large-backup.json');
{
  const result = spawnSync(process.execPath, [BIN, 'export', '--format', 'json', '-o', backupFile], {
    env: { ...baseEnvironment(false), HOME: join(work, 'home'), K8S_STUDY_NOW: NOW, K8S_STUDY_CONFIG_DIR: large.storeDirectory, K8S_STUDY_PLAN: large.planFile },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`export of the large store failed: ${result.stderr}`);
}

/** The commands §6 names, each with its bar (the most it may take, as a multiple of node -e 0). */
function planCommands() {
  const shippedEnv = { K8S_STUDY_CONFIG_DIR: shipped.storeDirectory };
  const largeEnv = { K8S_STUDY_CONFIG_DIR: large.storeDirectory, K8S_STUDY_PLAN: large.planFile };
  // A write runs on a copy of the store that an earlier full read has stamped, as a person's is
  // (see stampedCopies); `done` and `import` also on a copy just made, nothing stamped yet (after a
  // restore or a copy to another machine), shown without a bar.
  const writes = { copyStore: large.storeDirectory, stampedStore: true };
  const justCopied = { copyStore: large.storeDirectory };
  const shippedReviewedEnv = { K8S_STUDY_CONFIG_DIR: shippedReviewed.storeDirectory };
  const largeReviewedEnv = { K8S_STUDY_CONFIG_DIR: largeReviewed.storeDirectory, K8S_STUDY_PLAN: large.planFile };
  return [
    { label: 'shipped', name: 'next', args: ['next'], env: shippedEnv, bar: 1.3 },
    // Read-only like `next`, on the shipped plan: the same bar. `review` with nothing due asks nothing.
    { label: 'shipped', name: 'review (nothing due)', args: ['review'], env: shippedReviewedEnv, bar: 1.3 },
    { label: 'shipped', name: 'lab', args: ['lab'], env: shippedEnv, bar: 1.3 },
    // On the large plan: `review` with nothing due lists what is due, as `due` does; `lab` reads every item, as `status` does.
    { label: 'large', name: 'review (nothing due)', args: ['review'], env: largeReviewedEnv, bar: 1.6 },
    { label: 'large', name: 'lab', args: ['lab'], env: largeEnv, bar: 2.0 },
    { label: 'large', name: 'next', args: ['next'], env: largeEnv, bar: 1.6 },
    { label: 'large', name: 'due', args: ['due'], env: largeEnv, bar: 1.6 },
    { label: 'large', name: 'done', args: ['done', '901', '--summary', 'bench run', '--minutes', '30'], env: largeEnv, ...writes, bar: 2.0 },
    { label: 'large', name: 'done, store just copied', args: ['done', '901', '--summary', 'bench run', '--minutes', '30'], env: largeEnv, ...justCopied, bar: null },
    { label: 'large', name: 'review ITEM --rating', args: ['review', 'keypoint:k-000001-1', '--rating', 'good'], env: largeEnv, ...writes, bar: 2.0 },
    { label: 'large', name: 'check', args: ['check', '901', '1', '2'], env: largeEnv, ...writes, bar: 2.0 },
    { label: 'large', name: 'show', args: ['show', '500'], env: largeEnv, bar: 2.0 },
    { label: 'large', name: 'status', args: ['status'], env: largeEnv, bar: 2.0 },
    { label: 'large', name: 'list', args: ['list'], env: largeEnv, bar: 2.0 },
    { label: 'large', name: 'export json', args: ['export', '--format', 'json'], env: largeEnv, bar: 10 },
    { label: 'large', name: 'export ics', args: ['export', '--format', 'ics'], env: largeEnv, bar: 10 },
    { label: 'large', name: 'export md', args: ['export', '--format', 'md'], env: largeEnv, bar: 10 },
    { label: 'large', name: 'import json', args: ['import', backupFile], env: largeEnv, ...writes, bar: 10 },
    { label: 'large', name: 'import json, store just copied', args: ['import', backupFile], env: largeEnv, ...justCopied, bar: null },
  ].filter((command) => !ONLY || ONLY.test(`${command.label} ${command.name}`));
}

let failed = false;
const commands = [BASELINE, ...planCommands()];
// Each command once first: it must work, and what it caches stays (as after a person's first run).
for (const command of commands) {
  const result = runOnce({ ...command, keepCache: true });
  if (result.status !== 0) throw failure(command, result);
}
console.log(`timing ${commands.length - 1} commands against node -e 0 in two environments, ${RUNS} runs each after ${WARMUP} warm-up rounds, alternating...`);
const machine = measure(commands, RUNS, WARMUP);
const clean = measure(commands, RUNS, WARMUP, { clean: true });
const machineBase = machine[0].median;
const cleanBase = clean[0].median;

const header = ['plan', 'command', 'machine env', '× node', 'PATH+HOME only', '× node', 'bar', 'peak memory'];
const rows = commands.slice(1).map((command, index) => {
  const inMachine = machine[index + 1];
  const inClean = clean[index + 1];
  const ratios = [inMachine.median / machineBase, inClean.median / cleanBase];
  // A command without a bar is shown for what it tells (see planCommands), not judged.
  const over = command.bar !== null && ratios.some((ratio) => ratio > command.bar);
  if (over) failed = true;
  return [
    command.label,
    command.name,
    `${inMachine.median.toFixed(1)} ms`,
    ratios[0].toFixed(2),
    `${inClean.median.toFixed(1)} ms`,
    ratios[1].toFixed(2),
    command.bar === null ? '—' : `${command.bar.toFixed(1)}${over ? ' FAIL' : ''}`,
    `${(Math.max(inMachine.rssKb, inClean.rssKb) / 1024).toFixed(0)} MB`,
  ];
});
rows.unshift(['—', 'node -e 0', `${machineBase.toFixed(1)} ms`, '1.00', `${cleanBase.toFixed(1)} ms`, '1.00', '', `${(Math.max(machine[0].rssKb, clean[0].rssKb) / 1024).toFixed(0)} MB`]);
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const format = (cells) => `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
console.log('');
console.log(format(header));
console.log(`|${widths.map((width, column) => (column < 2 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
for (const row of rows) console.log(format(row));

if (GROWTH && !ONLY) {
  console.log('');
  console.log('growth: the same plan shape at 1,000 and 10,000 sessions (90 % done, 3 review items per finished session, 10 logged reviews per session)');
  const growthShape = (sessions) => ({ sessions, days: sessions / 10, focusItems: 5, keyPointsPerSession: 1, termsPerSession: 1, unlistedTerms: 0, compact: true });
  const small = makePlan('growth-1k', growthShape(1000), { doneSessions: 900, reviews: 10_000 });
  const big = makePlan('growth-10k', growthShape(10_000), { doneSessions: 9000, reviews: 100_000 });
  const smallSummary = await record(small);
  const bigSummary = await record(big);
  console.log(`  1k:  ${describeFixture(smallSummary)}`);
  console.log(`  10k: ${describeFixture(bigSummary)}`);
  const size = (summary) => summary.planBytes + summary.rootBytes + summary.journalBytes;
  const inputGrowth = size(bigSummary) / size(smallSummary);
  const growthCommands = (fixture, label) => {
    const env = { K8S_STUDY_CONFIG_DIR: fixture.storeDirectory, K8S_STUDY_PLAN: fixture.planFile };
    const next = String(fixture.progress.doneSessions + 1);
    return [
      { label, name: 'next', args: ['next'], env },
      { label, name: 'status', args: ['status'], env },
      { label, name: 'done', args: ['done', next, '--summary', 'bench run', '--minutes', '30'], env, copyStore: fixture.storeDirectory },
    ];
  };
  const growthRows = measure([BASELINE, ...growthCommands(small, '1k'), ...growthCommands(big, '10k')], GROWTH_RUNS, 1);
  const growthBase = growthRows[0].median;
  console.log('');
  console.log('| command | 1k | 10k | 10k ÷ 1k | above node -e 0, 1k → 10k | peak memory, 1k → 10k |');
  console.log('|:--|--:|--:|--:|--:|--:|');
  for (const name of ['next', 'status', 'done']) {
    const at = (label) => growthRows.find(({ command }) => command.label === label && command.name === name);
    const one = at('1k');
    const ten = at('10k');
    // A cost above Node's own start-up smaller than a tenth of it is within the noise of a shared
    // machine: counted as that tenth, so noise on a cached view cannot pass for growth.
    const extraOne = Math.max(growthBase / 10, one.median - growthBase);
    const extraTen = ten.median - growthBase;
    const growth = extraTen / extraOne;
    const linear = growth <= inputGrowth * GROWTH_SLACK;
    if (!linear) failed = true;
    console.log(
      `| ${name} | ${one.median.toFixed(0)} ms | ${ten.median.toFixed(0)} ms | ${(ten.median / one.median).toFixed(2)} | ${extraOne.toFixed(0)} → ${extraTen.toFixed(0)} ms (×${growth.toFixed(1)})${linear ? '' : ' FAIL'} | ${(one.rssKb / 1024).toFixed(0)} → ${(ten.rssKb / 1024).toFixed(0)} MB |`,
    );
  }
  console.log('');
  console.log(`input (plan + store) grew ×${inputGrowth.toFixed(1)}; linear cost means the time above node -e 0 grows by about that much or less (limit ×${(inputGrowth * GROWTH_SLACK).toFixed(1)}).`);
}

if (failed) {
  console.log('\nbench: FAILED (see above)');
  process.exitCode = 1;
} else {
  console.log('\nbench: ok, every command within its bar in both environments');
}
