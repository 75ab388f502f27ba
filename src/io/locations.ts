import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** The name of k8s-study's per-user folders, as conf (through env-paths) names them. */
const FOLDER_NAME = 'k8s-study-nodejs';

/**
 * A per-user folder (config or cache), where conf (through env-paths) puts it, worked out from the
 * environment the run was given: env-paths reads the process's own, which a run given another HOME
 * would not follow.
 */
function userFolder(env: NodeJS.ProcessEnv, kind: 'config' | 'cache'): string {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) ?? '';
  let folder: string;
  if (process.platform === 'darwin') folder = home && join(home, 'Library', kind === 'config' ? 'Preferences' : 'Caches', FOLDER_NAME);
  else if (process.platform === 'win32') {
    const base = kind === 'config' ? env.APPDATA || (home && join(home, 'AppData', 'Roaming')) : env.LOCALAPPDATA || (home && join(home, 'AppData', 'Local'));
    folder = base && join(base, FOLDER_NAME, kind === 'config' ? 'Config' : 'Cache');
  } else {
    const base = kind === 'config' ? env.XDG_CONFIG_HOME || (home && join(home, '.config')) : env.XDG_CACHE_HOME || (home && join(home, '.cache'));
    folder = base && join(base, FOLDER_NAME);
  }
  // With no home folder the per-user folder would land under the current folder, and progress
  // would seem to vanish when run from any other: refuse instead.
  if (!folder || !isAbsolute(folder)) throw noHome();
  return folder;
}

function noHome(): StudyError {
  return new StudyError('HOME is not set, so there is no per-user folder for the store: set HOME, or K8S_STUDY_CONFIG_DIR to the folder that holds your progress');
}

/** The folder holding the store: `K8S_STUDY_CONFIG_DIR`, else the per-user config folder conf uses. */
export function storeDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  return configured ? configured : userFolder(env, 'config');
}

/** The folder for caches that only save time (validated plans, views, code): beside the store when it is configured. */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  return configured ? join(configured, 'cache') : userFolder(env, 'cache');
}

/** The store's real folder: symbolic links resolved, so that one store reached by two paths has one lock. */
export function resolveStoreFolder(directory: string): string {
  let folder: string;
  try {
    folder = realpathSync(directory);
  } catch {
    return resolve(directory);
  }
  // A root file that is a link to another folder's root: that folder is the store, even while the
  // root it points to does not exist yet (the first write creates it there, not in place of the link).
  const root = join(folder, ROOT_FILE);
  try {
    if (!lstatSync(root).isSymbolicLink()) return folder;
  } catch {
    return folder; // No root file yet.
  }
  try {
    return dirname(realpathSync(root));
  } catch {
    const target = resolve(folder, readlinkSync(root));
    return resolveStoreFolder(dirname(target));
  }
}
