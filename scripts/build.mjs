// Builds dist/ (one minified ESM entry plus lazily loaded chunks) with esbuild.
// `--schema` regenerates data/plan.schema.json from the plan schema in src/core/plan-schema.ts.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

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
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    entryPoints: { main: join(root, 'src/main.ts') },
    outdir: join(root, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    define: { K8S_STUDY_VERSION: JSON.stringify(version) },
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: { js: "import{createRequire as __k8sRequire}from'node:module';const require=__k8sRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
