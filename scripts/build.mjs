// Builds dist/ (one minified ESM entry plus lazily loaded chunks) with esbuild.
// `--schema` regenerates data/plan.schema.json from the plan schema in src/core/plan-schema.ts.
// `--outdir DIR` builds elsewhere than dist/; `--metafile FILE` also writes esbuild's metafile (which
// source files went into which chunk), as the start-up guard test reads it.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : resolve(process.argv[index + 1]);
};

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
  // Identifies this build's code, so data it caches (validated plans) is never read by another build.
  const hash = createHash('sha256').update(version).update(readFileSync(join(root, 'package-lock.json')));
  for (const file of readdirSync(join(root, 'src'), { recursive: true }).map(String).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(root, 'src', file)));
  }
  // The fixes applied to dependencies (patch-package, run by `prepare` before this build) are bundled too.
  for (const file of readdirSync(join(root, 'patches')).sort()) hash.update(file).update(readFileSync(join(root, 'patches', file)));
  const outdir = argument('--outdir') ?? join(root, 'dist');
  const metafile = argument('--metafile');
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: join(root, 'src/main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    define: { K8S_STUDY_VERSION: JSON.stringify(version), K8S_STUDY_BUILD: JSON.stringify(`${version}+${hash.digest('hex').slice(0, 16)}`) },
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: { js: "import{createRequire as __k8sRequire}from'node:module';const require=__k8sRequire(import.meta.url);" },
    plugins: [deferChildProcess],
    metafile: Boolean(metafile),
    logLevel: 'error',
  });
  if (metafile) writeFileSync(metafile, JSON.stringify(result.metafile));
}
