// Builds dist/ with esbuild:
//   dist/k8s-study.cjs        the entry (src/main.ts): one small CommonJS file, so Node starts without
//                             its ES module loader; it answers the commands that only read from the
//                             cache of views
//   dist/read.cjs             the fast path's command runner (src/read-commands.ts): those commands
//                             run without commander, YAML or prompts
//   dist/esm/program.js       the full program (src/program.ts): commander and every command, as ES
//                             modules split into chunks that load when a command needs them
// `--schema` regenerates data/plan.schema.json from the plan schema in src/core/plan-schema.ts.
// `--outdir DIR` builds elsewhere than dist/; `--metafile FILE` also writes esbuild's metafiles
// (which source files went into which output), as the start-up guard test reads them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/**
 * The CommonJS bundles (the entry and the fast path's command runner) leave out what only the full
 * program needs: a module listed here is replaced by one that throws, which makes the fast path hand
 * the run over to the full program.
 */
const FULL_PROGRAM_ONLY = /[\\/]src[\\/](?:io[\\/](?:plan-file|store-migrate|prompts)|ui[\\/]ics)\.ts$/;
const fastPathOnly = {
  name: 'fast-path-only',
  setup(build) {
    build.onResolve({ filter: /\.ts$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      return FULL_PROGRAM_ONLY.test(path) ? { path, namespace: 'full-program-only' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'full-program-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is in the full program only`)});\n`,
      loader: 'js',
    }));
  },
};

/**
 * The entry loads the fast path's command runner with require (no ES module loader) and the full
 * program with import(): its own version of src/loaders.ts says so.
 */
const entryLoaders = {
  name: 'entry-loaders',
  setup(build) {
    build.onResolve({ filter: /^\.\/(read\.cjs|esm\/program\.js)$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /[\\/]src[\\/]loaders\.ts$/ }, () => ({
      contents: "export const loadReadCommands = async () => require('./read.cjs');\nexport const loadProgram = () => import('./esm/program.js');\n",
      loader: 'js',
    }));
  },
};

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
  const outdir = argument('--outdir') ?? join(root, 'dist');
  const metafile = argument('--metafile');
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    define: { K8S_STUDY_VERSION: JSON.stringify(version), K8S_STUDY_BUILD: JSON.stringify(buildIdentity()) },
    metafile: Boolean(metafile),
    logLevel: 'error',
  };
  const entry = await build({
    ...common,
    entryPoints: [join(root, 'src/main.ts')],
    outfile: join(outdir, 'k8s-study.cjs'),
    format: 'cjs',
    plugins: [entryLoaders, fastPathOnly, noColorDetection],
  });
  const read = await build({
    ...common,
    entryPoints: [join(root, 'src/read-commands.ts')],
    outfile: join(outdir, 'read.cjs'),
    format: 'cjs',
    plugins: [fastPathOnly, noColorDetection],
  });
  const full = await build({
    ...common,
    entryPoints: { program: join(root, 'src/program.ts') },
    outdir: join(outdir, 'esm'),
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: { js: "import{createRequire as __k8sRequire}from'node:module';const require=__k8sRequire(import.meta.url);" },
    plugins: [deferChildProcess, noColorDetection],
  });
  // The ES modules of the full program say so themselves; the package's own "type" need not.
  writeFileSync(join(outdir, 'esm', 'package.json'), '{ "type": "module" }\n');
  if (metafile) writeFileSync(metafile, JSON.stringify({ entry: entry.metafile, read: read.metafile, full: full.metafile }));
}
