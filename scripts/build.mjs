// Builds dist/ with esbuild, all CommonJS (Node then starts without its ES module loader, which alone
// costs a fifth of its start-up):
//   dist/k8s-study.cjs        the entry (src/main.ts): small; answers from the cache of views
//   dist/program.cjs          the program (src/program.ts): commander and every command
//   dist/lib/*.cjs            what only some runs need (src/lazy.ts): the plan parser (YAML, zod),
//                             the prompts (Inquirer), the calendar writer, the store migration (conf),
//                             the backup checker, every plan's views, stats, sync (git), and the
//                             writes typed in their plain forms, without commander (src/simple-writes.ts)
// `--schema` regenerates data/plan.schema.json from the plan schema in src/core/plan-schema.ts.
// `--outdir DIR` builds elsewhere than dist/; `--metafile FILE` also writes esbuild's metafiles
// (which source files went into which output), as the start-up guard test reads them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Commander loads child_process when it is imported, for git-style executable subcommands, which
 * k8s-study does not have; that costs every run more than a millisecond. Commander gets a stand-in
 * that loads the real module on first use.
 */
const deferChildProcess = {
  name: 'defer-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'deferred' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'deferred' }, () => ({
      contents: "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n",
      loader: 'js',
    }));
  },
};

/**
 * chalk asks supports-color how many colours the terminal has, which loads Node's terminal stream
 * code; k8s-study decides colour itself (ui/theme.ts gives chalk the level), so chalk gets a
 * supports-color that says nothing.
 */
const noColorDetection = {
  name: 'no-color-detection',
  setup(build) {
    build.onResolve({ filter: /supports-color/ }, (args) => (/[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'no-detection' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'no-detection' }, () => ({ contents: 'export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };\n', loader: 'js' }));
  },
};

/** The parts loaded only sometimes (src/lazy.ts), each bundled on its own into dist/lib/. */
const LIBRARIES = {
  'plan-parser': 'src/io/plan-file.ts',
  prompts: 'src/io/prompts.ts',
  ics: 'src/ui/ics.ts',
  migrate: 'src/io/store-migrate.ts',
  'backup-check': 'src/core/backup-check.ts',
  'every-plan': 'src/commands/every-plan.ts',
  stats: 'src/commands/stats.ts',
  sync: 'src/commands/sync.ts',
  'simple-write': 'src/commands/simple-write.ts',
};
const LOADERS = {
  loadPlanParser: 'plan-parser',
  loadPrompts: 'prompts',
  loadIcs: 'ics',
  loadMigration: 'migrate',
  loadBackupCheck: 'backup-check',
  loadEveryPlan: 'every-plan',
  loadStats: 'stats',
  loadSync: 'sync',
  loadSimpleWrite: 'simple-write',
};

/**
 * Every bundle gets its own src/lazy.ts: the program requires the parts it loads only sometimes
 * from dist/lib/ (`fromFolder` is the way there from the bundle), and the entry requires the program,
 * each through V8's code cache (src/io/code-cache.ts).
 */
function lazyLoading(fromFolder) {
  return {
    name: 'lazy-loading',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/(?:program|lib\/[a-z-]+)\.cjs$/ }, (args) => (/[\\/]src[\\/]lazy\.ts$/.test(args.importer) ? { path: args.path, external: true } : undefined));
      build.onLoad({ filter: /[\\/]src[\\/]lazy\.ts$/ }, () => ({
        contents: [
          "import { requireCached } from './io/code-cache.ts';",
          "const bundle = (path) => requireCached(require('node:path').join(__dirname, path));",
          ...Object.entries(LOADERS).map(([name, library]) => `export const ${name} = async () => bundle('${fromFolder}lib/${library}.cjs');`),
          `export const loadProgram = async () => bundle('${fromFolder}program.cjs');`,
        ].join('\n'),
        loader: 'ts',
        resolveDir: join(root, 'src'),
      }));
    },
  };
}

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : resolve(process.argv[index + 1]);
};

/** Identifies this build's code, so data it caches (validated plans, views) is never read by another build. */
function buildIdentity() {
  const hash = createHash('sha256').update(version).update(readFileSync(join(root, 'package-lock.json')));
  for (const folder of ['src', 'patches']) {
    if (!existsSync(join(root, folder))) continue;
    for (const file of readdirSync(join(root, folder), { recursive: true }).map(String).sort()) {
      if (/\.(ts|patch)$/.test(file)) hash.update(file).update(readFileSync(join(root, folder, file)));
    }
  }
  return `${version}+${hash.digest('hex').slice(0, 16)}`;
}

/** Puts the folder `built` in the place of `target`, then removes the one it replaces. */
function swapIn(built, target) {
  // Two builds at once may both find the place empty: the one that loses tries again.
  for (let attempt = 0; ; attempt += 1) {
    const replaced = `${target}.old-${process.pid}-${attempt}`;
    try {
      if (existsSync(target)) renameSync(target, replaced);
      renameSync(built, target);
      rmSync(replaced, { recursive: true, force: true });
      return;
    } catch (error) {
      rmSync(replaced, { recursive: true, force: true });
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(error.code)) throw error;
    }
  }
}

if (process.argv.includes('--schema')) {
  const folder = mkdtempSync(join(tmpdir(), 'k8s-study-schema-'));
  try {
    const outfile = join(folder, 'schema.mjs');
    await build({ entryPoints: [join(root, 'src/core/plan-schema.ts')], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    const { planJsonSchema } = await import(pathToFileURL(outfile).href);
    writeFileSync(join(root, 'data/plan.schema.json'), `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
    console.log('wrote data/plan.schema.json');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
} else {
  const outdir = resolve(argument('--outdir') ?? join(root, 'dist'));
  const metafile = argument('--metafile');
  // Written beside the output folder and swapped in whole at the end, never emptied first: a run of
  // the binary while it builds (a second test run on the same folder) finds the old build or the
  // new one, not a folder half written.
  const building = `${outdir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Node 20 has Unicode property escapes (\p{…}); lowered, a regular expression literal becomes a
    // RegExp constructor, compiled when the module loads rather than when first used: the width
    // library's emoji expressions alone cost about a millisecond of every run.
    supported: { 'regexp-unicode-property-escapes': true },
    minify: !process.argv.includes('--no-minify'),
    legalComments: 'none',
    define: { K8S_STUDY_VERSION: JSON.stringify(version), K8S_STUDY_BUILD: JSON.stringify(buildIdentity()) },
    metafile: Boolean(metafile),
    logLevel: 'error',
  };
  const bundle = (entryPoint, outfile, fromFolder) =>
    build({
      ...common,
      entryPoints: [join(root, entryPoint)],
      outfile: join(building, outfile),
      format: 'cjs',
      plugins: [lazyLoading(fromFolder), deferChildProcess, noColorDetection],
    });
  const outputs = {};
  try {
    outputs.entry = await bundle('src/main.ts', 'k8s-study.cjs', './');
    outputs.program = await bundle('src/program.ts', 'program.cjs', './');
    for (const [name, entryPoint] of Object.entries(LIBRARIES)) outputs[name] = await bundle(entryPoint, `lib/${name}.cjs`, '../');
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  swapIn(building, outdir);
  if (metafile) {
    // The outputs by the names they have now, in the output folder.
    const moved = (path) => relative(process.cwd(), resolve(path).replace(`${building}/`, `${outdir}/`));
    const parts = Object.entries(outputs).map(([name, { metafile: meta }]) => [name, { ...meta, outputs: Object.fromEntries(Object.entries(meta.outputs).map(([path, output]) => [moved(path), output])) }]);
    writeFileSync(metafile, JSON.stringify(Object.fromEntries(parts)));
  }
}
