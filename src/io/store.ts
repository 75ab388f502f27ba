import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { emptyProgress, type PlanProgress } from '../core/progress.ts';
import { StudyError } from '../errors.ts';
import { dropIndex, parseThroughIndex, serializeStore, type StoreBytes, type StoreData } from './store-layout.ts';

// The store: one JSON file (config.json) written through `conf`, holding every plan's progress
// keyed by plan id. Reads are plain file reads (fast, no lock: conf writes atomically by rename);
// every read-modify-write happens under an inter-process lock, through conf. How the file is laid
// out, so that a read parses only what it uses, is in store-layout.ts.

export { reviewDigestOf, type ReviewDigest, type StoreData } from './store-layout.ts';

/** The store format this build writes. Conf tracks it as the semver `<format>.0.0`. */
export const STORE_FORMAT = 2;
const STORE_VERSION = `${STORE_FORMAT}.0.0`;
export const STORE_FILE_NAME = 'config.json';

/** How long a lock may go unrefreshed before it counts as left behind by a killed process. */
const STALE_LOCK_MS = 5000;

/**
 * Format migrations, keyed by conf's semver version. Each takes the store as the previous format
 * left it. `1.0.0` sets up a new store. The old file is copied beside it before any migration runs.
 */
const MIGRATIONS: Record<string, (data: StoreData) => void> = {
  '1.0.0': (data) => {
    if (typeof data.plans !== 'object' || data.plans === null) data.plans = {};
  },
  // The file gained a read index before the plans (store-layout.ts); in memory nothing changes.
  '2.0.0': () => {},
};

/** The folder holding the store: `K8S_STUDY_CONFIG_DIR`, else conf's per-user config folder. */
export function storeDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  // Conf's default location, so the store is where conf users expect it.
  return configured ? configured : envPaths('k8s-study', { suffix: 'nodejs' }).config;
}

/** The folder for caches that only save time (the validated plan): beside the store when it is configured. */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env.K8S_STUDY_CONFIG_DIR;
  return configured ? join(configured, 'cache') : envPaths('k8s-study', { suffix: 'nodejs' }).cache;
}

/** The store file's full path. */
export function storeFilePath(directory: string): string {
  return join(directory, STORE_FILE_NAME);
}

function formatOf(data: StoreData): number {
  const version = data.__internal__?.migrations?.version;
  const major = typeof version === 'string' ? Number.parseInt(version, 10) : 0;
  return Number.isFinite(major) ? major : 0;
}

function storeFailure(file: string, problem: string, wayOut: string): StudyError {
  return new StudyError(`store ${file} ${problem}; it was left as it is. ${wayOut}`);
}

/** Refuses (never repairs) what is not a store this build can read. */
function checkStore(data: unknown, file: string): StoreData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw storeFailure(file, 'does not hold a k8s-study store', 'Move it aside to start afresh.');
  }
  const store = data as StoreData;
  const format = formatOf(store);
  if (format > STORE_FORMAT) {
    throw storeFailure(
      file,
      `was written by a newer k8s-study (store format ${format}; this one reads up to ${STORE_FORMAT})`,
      'Upgrade k8s-study to use it.',
    );
  }
  if (store.plans !== undefined && (typeof store.plans !== 'object' || store.plans === null || Array.isArray(store.plans))) {
    throw storeFailure(file, 'has a "plans" entry that is not an object', 'Restore it from a backup or move it aside.');
  }
  return store;
}

/** Parses store text in full (without the read index), refusing what this build cannot read. */
function parseStore(text: string, file: string): StoreData {
  return checkStore(parseFull(text, file), file);
}

function parseFull(text: string, file: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw storeFailure(
      file,
      `is not valid JSON (${text.trim() === '' ? 'the file is empty' : (error as Error).message})`,
      'Restore it from a backup (k8s-study import FILE) or move it aside to start afresh.',
    );
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) dropIndex(data as StoreData);
  return data;
}

function readStoreText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const failure = readFailure(file, error);
    if (failure) throw failure;
    return null;
  }
}

function readFailure(file: string, error: unknown): StudyError | null {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? null : storeFailure(file, `cannot be read (${code ?? String(error)})`, 'Check its permissions.');
}

/** A store file up to this size is read whole at once; a larger one as far as a read needs. */
const WHOLE_FILE_BYTES = 1024 * 1024;

/**
 * The store file's bytes, or null when there is none. A large file stays open, so that what is read
 * later comes from the same file even if a change has replaced it since (until the process ends).
 */
function openStoreFile(file: string): StoreBytes | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const failure = readFailure(file, error);
    if (failure) throw failure;
    return null;
  }
  try {
    const { size } = fstatSync(fd);
    if (size <= WHOLE_FILE_BYTES) {
      const whole = readFileSync(fd);
      closeSync(fd);
      return { size: whole.length, read: (start, end) => whole.subarray(start, end) };
    }
    return {
      size,
      read: (start, end) => {
        const bytes = Buffer.allocUnsafe(end - start);
        let done = 0;
        while (done < bytes.length) {
          const count = readSync(fd, bytes, done, bytes.length - done, start + done);
          if (count === 0) throw new Error('the file got shorter while it was read');
          done += count;
        }
        return bytes;
      },
    };
  } catch (error) {
    closeSync(fd);
    throw storeFailure(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check its permissions.');
  }
}

/** Brings an older store up to this format in memory (the file itself changes only on a write). */
function migrateInMemory(data: StoreData): StoreData {
  const format = formatOf(data);
  for (const [version, migrate] of Object.entries(MIGRATIONS)) {
    if (Number.parseInt(version, 10) > format) migrate(data);
  }
  return data;
}

/**
 * Reads the store without locking; a missing file is an empty store. A plan's review items and log
 * are parsed when first used (reviewDigestOf tells what `next` needs of them without them).
 */
export function readStore(directory: string): StoreData {
  const file = storeFilePath(directory);
  const source = openStoreFile(file);
  if (source === null) return migrateInMemory({ plans: {} });
  const damaged = (problem: string): StudyError =>
    storeFailure(file, `is not valid JSON (${problem})`, 'Restore it from a backup (k8s-study import FILE) or move it aside to start afresh.');
  const data = parseThroughIndex(source, damaged) ?? parseFull(source.read(0, source.size).toString('utf8'), file);
  return migrateInMemory(checkStore(data, file));
}

/** The progress recorded for a plan, or an empty record (not yet stored) when there is none. */
export function progressOf(data: StoreData, planId: string): PlanProgress {
  const stored = Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
  // Copies property descriptors rather than values, so review items and logs not yet read stay unread.
  const progress = Object.defineProperties(emptyProgress(), Object.getOwnPropertyDescriptors(stored ?? {}));
  data.plans[planId] = progress;
  return progress;
}

async function acquireLock(directory: string, file: string): Promise<() => Promise<void>> {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw storeFailure(file, `cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check that its folder can be written.');
  }
  // The lock library (and the graceful-fs it loads) is only needed to write. It is CommonJS: its
  // exports object is the default export, both under Node and in the bundle.
  const { default: lockfile } = (await import('proper-lockfile')) as unknown as { default: typeof import('proper-lockfile') };
  try {
    return await lockfile.lock(file, {
      realpath: false,
      lockfilePath: `${file}.lock`,
      stale: STALE_LOCK_MS,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
      // A lock found compromised mid-write changes nothing already written atomically; carry on.
      onCompromised: () => {},
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOCKED') {
      throw new StudyError(`store ${file} is locked by another k8s-study still running (${file}.lock); try again in a moment.`);
    }
    throw storeFailure(file, `cannot be locked (${code ?? String(error)})`, 'Check that its folder can be written.');
  }
}

/**
 * Reads the store, lets `change` modify it, and writes it back atomically through conf, all under
 * the inter-process lock, so concurrent invocations never lose each other's changes.
 */
export async function updateStore<T>(directory: string, change: (data: StoreData) => T | Promise<T>): Promise<T> {
  const file = storeFilePath(directory);
  const release = await acquireLock(directory, file);
  try {
    const text = readStoreText(file);
    const current = text === null ? null : parseStore(text, file);
    const needsMigration = current === null || formatOf(current) < STORE_FORMAT;
    // Conf is only needed to write; loading it lazily keeps read-only commands fast.
    const { default: Conf } = await import('conf');
    let parsedText = text;
    let parsedValue: unknown = current;
    let backedUp = false;
    const conf = new Conf<StoreData>({
      cwd: directory,
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      // The text was parsed above already; conf re-reads the file several times while opening.
      deserialize: (raw: string) => {
        if (raw !== parsedText) {
          parsedText = raw;
          parsedValue = dropIndex(JSON.parse(raw) as StoreData);
        }
        return parsedValue as StoreData;
      },
      serialize: serializeStore,
      ...(needsMigration
        ? {
            projectVersion: STORE_VERSION,
            migrations: Object.fromEntries(
              Object.entries(MIGRATIONS).map(([version, migrate]) => [
                version,
                (store: { store: StoreData }) => {
                  const data = store.store;
                  migrate(data);
                  store.store = data;
                },
              ]),
            ),
            // Once, before the first migration, and only a file that was there before this run: a
            // later migration would otherwise copy what the earlier one just wrote.
            beforeEachMigration: () => {
              if (!backedUp && current !== null && existsSync(file)) copyFileSync(file, `${file}.format-${formatOf(current)}.bak`);
              backedUp = true;
            },
          }
        : {}),
    });
    const data = conf.store;
    const result = await change(data);
    try {
      conf.store = data;
    } catch (error) {
      throw storeFailure(file, `could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Free some disk space or check its permissions; nothing was changed.');
    }
    return result;
  } finally {
    await release().catch(() => {});
  }
}
