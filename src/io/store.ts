import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import { emptyProgress, findRecordDamage, type PlanProgress } from '../core/progress.ts';
import { StudyError } from '../errors.ts';
import { dropIndex, parseThroughIndex, serializeStore, type StoreBytes, type StoreData } from './store-layout.ts';

// The store: one JSON file (config.json) written through `conf`, holding every plan's progress
// keyed by plan id. Reads are plain file reads (fast, no lock: conf writes atomically by rename);
// every read-modify-write happens under an inter-process lock, through conf. How the file is laid
// out, so that a read parses only what it uses, is in store-layout.ts.

export { reviewDigestOf, type ReviewDigest, type StoreData } from './store-layout.ts';

/** The store format this build writes. Conf tracks it as the semver `<format>.0.0`. */
export const STORE_FORMAT = 2;
export const STORE_FILE_NAME = 'config.json';

/** How long a lock may go unrefreshed before it counts as left behind by a killed process. */
const STALE_LOCK_MS = 5000;
/** How long a run waits for a lock another run holds (long enough for a left-behind lock to go stale). */
const LOCK_WAIT_MS = 20_000;

/** A store format: its number and the migrations that bring an older store up to it. */
export interface StoreFormat {
  version: number;
  /**
   * Keyed by conf's semver `<format>.0.0`; each takes the store as the previous format left it.
   * The old file is copied beside it (`config.json.format-N.bak`) before any migration runs.
   */
  migrations: Record<string, (data: StoreData) => void>;
}

/** The format this build reads and writes. `1.0.0` sets up a new store. */
export const CURRENT_FORMAT: StoreFormat = {
  version: STORE_FORMAT,
  migrations: {
    '1.0.0': (data) => {
      if (typeof data.plans !== 'object' || data.plans === null) data.plans = {};
    },
    // The file gained a read index before the plans (store-layout.ts); in memory nothing changes.
    '2.0.0': () => {},
  },
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

/** The way out of a store that cannot be read: import refuses such a store too, so it goes aside first. */
const RESTORE = 'Move it aside (it may be mended by hand), then restore a backup with k8s-study import FILE, or start afresh.';

/** A store failure for a file-system error, saying in words what went wrong and what to do. */
function fileSystemFailure(file: string, doing: string, error: unknown): StudyError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const elsewhere = 'or set K8S_STUDY_CONFIG_DIR to a folder that can be written';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return storeFailure(file, `${doing}: the disk is full (${code})`, 'Free some disk space and run it again.');
    case 'EROFS':
      return storeFailure(file, `${doing}: its file system is read-only (${code})`, `Make it writable, ${elsewhere}.`);
    case 'EACCES':
    case 'EPERM':
      return storeFailure(file, `${doing}: permission denied (${code})`, `Check the permissions of the file and its folder, ${elsewhere}.`);
    case 'EISDIR':
      return storeFailure(file, `${doing}: it is a folder, not a file (${code})`, `Move that folder aside, ${elsewhere}.`);
    case 'ENOTDIR':
    case 'EEXIST':
      return storeFailure(file, `${doing}: a part of its path is a file, not a folder (${code})`, `Move that file aside, ${elsewhere}.`);
    default:
      return storeFailure(file, `${doing} (${code ?? (error instanceof Error ? error.message : String(error))})`, `Check the file and its folder, ${elsewhere}.`);
  }
}

/** Refuses (never repairs) what is not a store this build can read. */
function checkStore(data: unknown, file: string, supported: StoreFormat): StoreData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw storeFailure(file, 'does not hold a k8s-study store', 'Move it aside to start afresh.');
  }
  const store = data as StoreData;
  // Any other JSON document here (a backup exported over the store, say) would read as no progress.
  if (store.plans === undefined && Object.keys(store).some((key) => key !== '__internal__')) {
    throw storeFailure(
      file,
      'does not hold a k8s-study store',
      store.format === 'k8s-study-backup' ? 'It is a backup: move it aside, then restore it with k8s-study import FILE.' : 'Move it aside to start afresh.',
    );
  }
  const format = formatOf(store);
  if (format > supported.version) {
    throw storeFailure(
      file,
      `was written by a newer k8s-study (store format ${format}; this one reads up to ${supported.version})`,
      'Upgrade k8s-study to use it.',
    );
  }
  if (store.plans !== undefined && (typeof store.plans !== 'object' || store.plans === null || Array.isArray(store.plans))) {
    throw storeFailure(file, 'has a "plans" entry that is not an object', RESTORE);
  }
  return store;
}

/** Parses store text in full (without the read index), refusing what this build cannot read. */
function parseStore(text: string, file: string, supported: StoreFormat): StoreData {
  return checkStore(parseFull(text, file), file, supported);
}

function parseFull(text: string, file: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw storeFailure(
      file,
      `is not valid JSON (${text.trim() === '' ? 'the file is empty' : (error as Error).message})`,
      RESTORE,
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
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : fileSystemFailure(file, 'cannot be read', error);
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
    throw fileSystemFailure(file, 'cannot be read', error);
  }
}

/** Brings an older store up to this format in memory (the file itself changes only on a write). */
function migrateInMemory(data: StoreData, supported: StoreFormat): StoreData {
  const format = formatOf(data);
  for (const [version, migrate] of Object.entries(supported.migrations)) {
    if (Number.parseInt(version, 10) > format) migrate(data);
  }
  return data;
}

/**
 * Reads the store without locking; a missing file is an empty store. A plan's review items and log
 * are parsed when first used (reviewDigestOf tells what `next` needs of them without them).
 */
export function readStore(directory: string, supported: StoreFormat = CURRENT_FORMAT): StoreData {
  const file = storeFilePath(directory);
  const source = openStoreFile(file);
  if (source === null) return migrateInMemory({ plans: {} }, supported);
  const damaged = (problem: string): StudyError => storeFailure(file, `is not valid JSON (${problem})`, RESTORE);
  const data = parseThroughIndex(source, damaged) ?? parseFull(source.read(0, source.size).toString('utf8'), file);
  return migrateInMemory(checkStore(data, file, supported), supported);
}

function damageFailure(planId: string, directory: string | undefined, damage: string): StudyError {
  return storeFailure(
    directory === undefined ? STORE_FILE_NAME : storeFilePath(directory),
    `has a record k8s-study cannot use (plans[${JSON.stringify(planId)}]${damage.startsWith('is ') ? ' ' : '.'}${damage})`,
    'Mend that entry by hand, or move the file aside and restore a backup with k8s-study import FILE.',
  );
}

/**
 * Refuses a plan's stored progress that the commands could not use (a hand edit, a damaged file),
 * naming the entry. Parts not read yet (store-layout.ts reads review items and the log on first use)
 * are left for progressOf to check when they are read.
 */
export function checkProgress(data: StoreData, planId: string, directory?: string): void {
  const stored: unknown = Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
  if (stored === undefined) return;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw damageFailure(planId, directory, 'is not an object');
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(stored))) {
    if (descriptor.get) continue;
    const damage = findRecordDamage(key, descriptor.value);
    if (damage) throw damageFailure(planId, directory, damage);
  }
}

/**
 * The progress recorded for a plan, or an empty record (not yet stored) when there is none. A record
 * the commands could not use stops the run (checkProgress), naming the entry.
 */
export function progressOf(data: StoreData, planId: string, directory?: string): PlanProgress {
  checkProgress(data, planId, directory);
  const stored = Object.hasOwn(data.plans, planId) ? data.plans[planId] : undefined;
  // Copies property descriptors rather than values, so review items and logs not yet read stay unread.
  const descriptors = Object.getOwnPropertyDescriptors(stored ?? {});
  for (const [key, descriptor] of Object.entries(descriptors)) {
    const read = descriptor.get;
    if (!read) continue;
    // Checked when first read; the getter then replaces itself with the value, so only once.
    descriptors[key] = {
      ...descriptor,
      get(this: PlanProgress) {
        const value: unknown = read.call(this);
        const damage = findRecordDamage(key, value);
        if (damage) throw damageFailure(planId, directory, damage);
        return value;
      },
    };
  }
  const progress = Object.defineProperties(emptyProgress(), descriptors);
  data.plans[planId] = progress;
  return progress;
}

/** Creates the store's folder (and its parents) when missing. */
function createDirectory(directory: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Node's recursive mkdir reports ENOENT for every failure, even EROFS or EACCES: creating the
    // missing folders one by one surfaces the real reason.
    const missing: string[] = [];
    for (let folder = directory; !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder)) missing.unshift(folder);
    for (const folder of missing) {
      try {
        mkdirSync(folder, { mode: 0o700 });
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code !== 'EEXIST') throw inner;
      }
    }
  }
}

async function acquireLock(directory: string, file: string): Promise<() => Promise<void>> {
  try {
    createDirectory(directory);
  } catch (error) {
    throw fileSystemFailure(file, 'cannot be created', error);
  }
  // The lock library (and the graceful-fs it loads) is only needed to write. It is CommonJS: its
  // exports object is the default export, both under Node and in the bundle.
  const { default: lockfile } = (await import('proper-lockfile')) as unknown as { default: typeof import('proper-lockfile') };
  // proper-lockfile would retry every failure, so a read-only or full disk would keep the user
  // waiting for nothing: only a lock held by another run (ELOCKED) is waited for, with backoff.
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await lockfile.lock(file, {
        realpath: false,
        lockfilePath: `${file}.lock`,
        stale: STALE_LOCK_MS,
        retries: 0,
        // A lock found compromised mid-write changes nothing already written atomically; carry on.
        onCompromised: () => {},
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') throw fileSystemFailure(file, 'cannot be locked', error);
      if (Date.now() >= deadline) {
        throw new StudyError(`store ${file} is locked by another k8s-study still running (${file}.lock); try again in a moment.`);
      }
      const pause = Math.min(100, 5 * 1.3 ** attempt) * (1 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Removes the temporary files of writes cut short (a run killed mid-write leaves one). Every write
 * happens under the lock, which the caller holds, so any temporary file found now is such a leftover.
 */
function removeLeftTemporaryFiles(directory: string): void {
  for (const name of readdirSync(directory)) {
    if (name.startsWith(`${STORE_FILE_NAME}.tmp-`)) rmSync(join(directory, name), { force: true });
  }
}

/**
 * Reads the store, lets `change` modify it, and writes it back atomically through conf, all under
 * the inter-process lock, so concurrent invocations never lose each other's changes. A store in an
 * older format is first copied beside itself, then migrated.
 */
export async function updateStore<T>(
  directory: string,
  change: (data: StoreData) => T | Promise<T>,
  options: {
    /** Refuses the store as read, before anything is written (a migration writes before `change` runs). */
    check?: (data: StoreData) => void;
    /** The format to bring the store to: this build's, or in tests a future one. */
    format?: StoreFormat;
  } = {},
): Promise<T> {
  const supported = options.format ?? CURRENT_FORMAT;
  const file = storeFilePath(directory);
  const release = await acquireLock(directory, file);
  try {
    removeLeftTemporaryFiles(directory);
    const text = readStoreText(file);
    const current = text === null ? null : parseStore(text, file, supported);
    if (current) options.check?.(current);
    const fromFormat = current === null ? 0 : formatOf(current);
    const needsMigration = fromFormat < supported.version;
    const backup = `${file}.format-${fromFormat}.bak`;
    // Conf is only needed to write; loading it lazily keeps read-only commands fast.
    const { default: Conf } = await import('conf');
    let parsedText = text;
    let parsedValue: unknown = current;
    let backedUp = false;
    let conf: InstanceType<typeof Conf<StoreData>>;
    try {
      // Conf runs the migrations (and writes their result) while it opens the store.
      conf = new Conf<StoreData>({
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
              projectVersion: `${supported.version}.0.0`,
              migrations: Object.fromEntries(
                Object.entries(supported.migrations).map(([version, migrate]) => [
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
                if (!backedUp && current !== null && existsSync(file)) copyFileSync(file, backup);
                backedUp = true;
              },
            }
          : {}),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code) throw fileSystemFailure(file, 'could not be written', error);
      throw storeFailure(
        file,
        `could not be brought up to store format ${supported.version} (${(error as Error).message})`,
        backedUp && current !== null ? `The store before the attempt is kept in ${backup}.` : 'Move it aside, then restore a backup with k8s-study import FILE.',
      );
    }
    const data = conf.store;
    const result = await change(data);
    try {
      conf.store = data;
    } catch (error) {
      throw fileSystemFailure(file, 'could not be written', error);
    }
    return result;
  } finally {
    await release().catch(() => {});
  }
}
