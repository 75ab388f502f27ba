import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import { StudyError } from '../errors.ts';

// Where things are: the store, the caches, the shipped plan. Kept apart from the modules that read
// them, because every run asks before it knows what it will read.

export const SHIPPED_PLAN_FILE = 'k8s-security-fundamentals.yaml';
export const ROOT_FILE = 'config.json';

/** The `data/` folder of the installed package, from the bundles (dist/, dist/esm/…) or the sources (src/io/). */
export function dataDirectory(): string {
  // The CommonJS entry knows its folder as __dirname; the ES modules (full program, sources) by URL.
  let folder = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4 && !existsSync(join(folder, 'data', SHIPPED_PLAN_FILE)); depth += 1) folder = dirname(folder);
  return `${join(folder, 'data')}/`;
}

/** The path of the plan that ships with the package. */
export function shippedPlanPath(): string {
  return `${dataDirectory()}${SHIPPED_PLAN_FILE}`;
}

/** The plan file a run uses: `--plan`, else `K8S_STUDY_PLAN`, else the shipped plan. */
export function planPathFor(env: NodeJS.ProcessEnv, planOption: string | undefined): string {
  return planOption ?? (env.K8S_STUDY_PLAN ? env.K8S_STUDY_PLAN : shippedPlanPath());
}

/** The folder holding the store: `K8S_STUDY_CONFIG_DIR`, else the per-user config folder conf uses. */
export function storeDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  if (configured) return configured;
  // With no home folder the per-user folder would land under the current folder, and progress
  // would seem to vanish when run from any other: refuse instead.
  if (!env.HOME && !env.XDG_CONFIG_HOME && process.platform !== 'win32') {
    throw new StudyError('HOME is not set, so there is no per-user folder for the store: set HOME, or K8S_STUDY_CONFIG_DIR to the folder that holds your progress');
  }
  return envPaths('k8s-study', { suffix: 'nodejs' }).config;
}

/** The folder for caches that only save time (validated plans, views): beside the store when it is configured. */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  if (configured) return join(configured, 'cache');
  if (!env.HOME && !env.XDG_CACHE_HOME && process.platform !== 'win32') return join(storeDirectory(env), 'cache');
  return envPaths('k8s-study', { suffix: 'nodejs' }).cache;
}

/** The store's real folder: symbolic links resolved, so that one store reached by two paths has one lock. */
export function resolveStoreFolder(directory: string): string {
  let folder: string;
  try {
    folder = realpathSync(directory);
  } catch {
    return resolve(directory);
  }
  // A root file that is a link to another folder's root: that folder is the store.
  try {
    if (lstatSync(join(folder, ROOT_FILE)).isSymbolicLink()) return dirname(realpathSync(join(folder, ROOT_FILE)));
  } catch {
    // No root file yet.
  }
  return folder;
}
