import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { sanitizeLine } from '../core/text.ts';
import { StudyError } from '../errors.ts';
import { FileProblem, makeFolders, readRegularFile, temporaryPrefix, writeFileAtomic } from './files.ts';
import { gitComplaint, runGit, type GitResult } from './git.ts';
import { randomBytes } from './random.ts';

// The sync folder: a git repository of k8s-study's own inside the store's folder (`sync/`), whose
// one remote is the repository the person gave to `sync --remote`. It holds one folder per machine,
// `machines/<machine id>/`, with the events that machine made (`events.jsonl`, one a line, only ever
// added to) and what it says about itself (`meta.json`). Each machine writes only its own folder,
// so merging two machines' commits never meets a conflict. The records themselves stay in the
// store; this folder can always be made again from the store and the remote.

export const SYNC_FOLDER = 'sync';
/** The file that marks a repository as k8s-study's, with the newest sync format written to it. */
export const MARKER_FILE = 'k8s-study-sync.json';
export const MACHINES_FOLDER = 'machines';
export const EVENTS_FILE = 'events.jsonl';
export const META_FILE = 'meta.json';

const BRANCH = 'main';
const REMOTE_BRANCH = `refs/remotes/origin/${BRANCH}`;
/** How long git may take to reach the remote before it counts as unreachable. */
const NETWORK_TIMEOUT_MS = 120_000;
/** Most a machine's file may hold: far above years of study, low enough to refuse a wrong file. */
const MAX_MACHINE_FILE_BYTES = 512 * 1024 * 1024;
/** How long a lock file git left is waited for (a git a killed sync started may still be finishing). */
const GIT_LOCK_GRACE_MS = 10_000;
/** How long the git a killed sync left running is waited for. */
const LEFT_RUNNING_MS = 120_000;
/** Where the running git's process id is noted (in the folder's .git). */
const RUNNING_FILE = 'k8s-study-running';
/** Git saying a lock file of another git is in its way. */
const GIT_LOCKED = /\.lock'?: File exists|cannot lock ref|Unable to create '[^']*\.lock'/;
const LOCKED_RETRIES = 40;

/** Why talking to the remote failed, in git's words. */
export type Reach = { ok: true } | { ok: false; why: string };

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process of this host is still running (and is git: a process id may have been reused). */
function gitRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('git');
  } catch {
    return true; // No /proc: alive is all we know.
  }
}

/** Waits for the git a killed sync left running in the folder to end (it goes on to its end on its own). */
async function waitForLeftRunning(note: string): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(note, 'utf8'), 10);
  } catch {
    return;
  }
  for (let waited = 0; Number.isSafeInteger(pid) && pid > 0 && gitRunning(pid) && waited < LEFT_RUNNING_MS; waited += 100) await pause(100);
  rmSync(note, { force: true });
}

/** What this machine is called where the other machines list it: its host name. */
export function machineLabel(): string {
  return sanitizeLine(hostname()).slice(0, 64) || 'unnamed';
}

/** The sync repository of one store. */
export class SyncRepository {
  readonly folder: string;
  /** The machine this store is (the commits' author); set once the store's machine id is known. */
  machine = 'unknown';

  constructor(
    private readonly storeFolder: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly remedy: string,
  ) {
    this.folder = join(storeFolder, SYNC_FOLDER);
  }

  /**
   * Runs git in the folder. The running git's process id is noted in the folder, so that when this
   * run is killed the next one waits for the git it left (which goes on to its end) before using the
   * folder; a lock file of such a git met anyway is waited out.
   */
  private async git(args: readonly string[], options: { network?: boolean; cwd?: string } = {}): Promise<GitResult> {
    const cwd = options.cwd ?? this.folder;
    const note = cwd === this.folder && existsSync(join(this.folder, '.git')) ? join(this.folder, '.git', RUNNING_FILE) : null;
    for (let attempt = 0; ; attempt += 1) {
      const result = await runGit(args, {
        cwd,
        env: this.env,
        home: this.storeFolder,
        machine: this.machine,
        timeoutMs: options.network ? NETWORK_TIMEOUT_MS : undefined,
        onStart: (pid) => {
          if (!note) return;
          try {
            if (pid === null) rmSync(note, { force: true });
            else writeFileSync(note, `${pid}\n`, { mode: 0o600 });
          } catch {
            // Only a help to the next run after a kill.
          }
        },
      });
      if (result.status === 0 || attempt >= LOCKED_RETRIES || !GIT_LOCKED.test(result.stderr)) return result;
      await pause(250);
    }
  }

  /** A local git command that must succeed; a failure names the folder and how to start it again. */
  private async must(args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
    const result = await this.git(args, options);
    if (result.status !== 0) throw this.broken(`git ${args[0]} failed: ${gitComplaint(result)}`);
    return result.stdout;
  }

  broken(problem: string): StudyError {
    return new StudyError(`the sync folder ${this.folder} could not be used (${sanitizeLine(problem)}). ${this.remedy}`);
  }

  /** Whether the sync folder has been set up. */
  exists(): boolean {
    return existsSync(join(this.folder, '.git'));
  }

  /** Git's version, which also says that git is there (GitMissing when it is not). */
  async version(): Promise<string> {
    const result = await this.git(['--version'], { cwd: this.storeFolderThatExists() });
    return result.stdout.trim();
  }

  private storeFolderThatExists(): string {
    return existsSync(this.storeFolder) ? this.storeFolder : '/';
  }

  /**
   * Whether a remote answers, and which branches it has: asked of a URL before it is set, or of the
   * remote set. A remote that cannot be read at all is unreachable, whatever the reason git gives.
   */
  async listRemote(url?: string): Promise<{ ok: true; heads: string[] } | { ok: false; why: string }> {
    const cwd = url === undefined ? this.folder : this.storeFolderThatExists();
    const result = await this.git(['ls-remote', '--', url ?? 'origin'], { network: true, cwd });
    if (result.status !== 0) return { ok: false, why: gitComplaint(result) };
    const heads = result.stdout
      .split('\n')
      .map((line) => line.split('\t')[1]?.trim())
      .filter((ref): ref is string => Boolean(ref) && ref !== 'HEAD');
    return { ok: true, heads };
  }

  /**
   * Makes the sync folder with `url` as its remote. It is made beside, complete, then moved into
   * place: a run stopped half way leaves no half-made folder.
   */
  async create(url: string): Promise<void> {
    const temporary = join(this.storeFolder, `${temporaryPrefix(SYNC_FOLDER)}${randomBytes(6).toString('hex')}`);
    makeFolders(temporary);
    try {
      await this.must(['init', '-q', '--shared=0600'], { cwd: temporary });
      await this.must(['symbolic-ref', 'HEAD', `refs/heads/${BRANCH}`], { cwd: temporary });
      await this.must(['remote', 'add', 'origin', url], { cwd: temporary });
      rmSync(this.folder, { recursive: true, force: true });
      renameSync(temporary, this.folder);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }

  /** Removes the sync folder (one this run made, whose remote turned out unusable). */
  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Removes what a stopped setup left beside the store. */
  removeLeftovers(): void {
    let names: string[] = [];
    try {
      names = readdirSync(this.storeFolder);
    } catch {
      return;
    }
    for (const name of names) if (name.startsWith(temporaryPrefix(SYNC_FOLDER))) rmSync(join(this.storeFolder, name), { recursive: true, force: true });
  }

  async remoteUrl(): Promise<string | null> {
    const result = await this.git(['remote', 'get-url', 'origin']);
    return result.status === 0 ? result.stdout.trim() : null;
  }

  async setRemoteUrl(url: string): Promise<void> {
    const current = await this.remoteUrl();
    await this.must(current === null ? ['remote', 'add', 'origin', url] : ['remote', 'set-url', 'origin', url]);
  }

  /**
   * Puts the folder back in order after a sync that was stopped: waits for a git it started that may
   * still be finishing, then removes the lock files git left, ends a merge cut short, and sets the
   * work tree back to the last commit (what this machine writes there is written again from the store).
   */
  async recover(): Promise<void> {
    const gitFolder = join(this.folder, '.git');
    await waitForLeftRunning(join(gitFolder, RUNNING_FILE));
    const locks = (): string[] =>
      ['index.lock', 'HEAD.lock', 'ORIG_HEAD.lock', 'config.lock', 'packed-refs.lock', `refs/heads/${BRANCH}.lock`, `${REMOTE_BRANCH}.lock`, 'FETCH_HEAD.lock']
        .map((name) => join(gitFolder, name))
        .filter((file) => existsSync(file));
    for (let waited = 0; locks().length > 0 && waited < GIT_LOCK_GRACE_MS; waited += 200) await pause(200);
    for (const file of locks()) rmSync(file, { force: true });
    if (existsSync(join(gitFolder, 'MERGE_HEAD'))) await this.git(['merge', '--abort']);
    if (await this.hasCommit('HEAD')) await this.must(['reset', '-q', '--hard', 'HEAD']);
    const own = join(this.folder, MACHINES_FOLDER, this.machine);
    for (const folder of [this.folder, own]) {
      let names: string[] = [];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) if (/^\..+\.tmp-/.test(name)) rmSync(join(folder, name), { force: true });
    }
  }

  async hasCommit(ref: string): Promise<boolean> {
    return (await this.git(['rev-parse', '-q', '--verify', `${ref}^{commit}`])).status === 0;
  }

  /** Fetches the remote's branch. */
  async fetch(): Promise<Reach> {
    const result = await this.git(['fetch', '-q', '--no-tags', 'origin', `+refs/heads/${BRANCH}:${REMOTE_BRANCH}`], { network: true });
    return result.status === 0 ? { ok: true } : { ok: false, why: gitComplaint(result) };
  }

  /** Every file on the remote's branch as fetched. */
  async remoteFiles(): Promise<string[]> {
    if (!(await this.hasCommit(REMOTE_BRANCH))) return [];
    return (await this.must(['ls-tree', '-r', '--name-only', '-z', REMOTE_BRANCH])).split('\0').filter(Boolean);
  }

  /** A file of the remote's branch as fetched; null when it has none. */
  async remoteFile(path: string): Promise<string | null> {
    const result = await this.git(['cat-file', 'blob', `${REMOTE_BRANCH}:${path}`]);
    return result.status === 0 ? result.stdout : null;
  }

  /** Merges the remote's branch as fetched into this folder's. */
  async merge(): Promise<void> {
    if (!(await this.hasCommit(REMOTE_BRANCH))) return;
    const result = await this.git(['merge', '-q', '--no-edit', '--allow-unrelated-histories', REMOTE_BRANCH]);
    if (result.status !== 0) {
      await this.git(['merge', '--abort']);
      throw this.broken(`git merge failed: ${gitComplaint(result)}`);
    }
  }

  /** A file of the work tree; null when it is not there. */
  read(path: string): string | null {
    try {
      return readRegularFile(join(this.folder, path), MAX_MACHINE_FILE_BYTES).toString('utf8');
    } catch (error) {
      if (error instanceof FileProblem && error.reason === 'missing') return null;
      throw this.broken(`${path}: ${(error as Error).message}`);
    }
  }

  /** Writes a file of the work tree atomically. */
  write(path: string, text: string): void {
    const file = join(this.folder, path);
    makeFolders(join(file, '..'));
    writeFileAtomic(file, text, 0o600);
  }

  /** The machine folders in the work tree. */
  machines(): string[] {
    const folder = join(this.folder, MACHINES_FOLDER);
    try {
      return readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory());
    } catch {
      return [];
    }
  }

  /** Commits these paths when they changed; true when a commit was made. */
  async commit(paths: readonly string[], message: string): Promise<boolean> {
    await this.must(['add', '--', ...paths]);
    const staged = await this.git(['diff', '--cached', '--quiet']);
    if (staged.status === 0) return false;
    await this.must(['commit', '-q', '--no-verify', '-m', message]);
    return true;
  }

  /** Whether this folder has commits the remote's branch (as fetched) lacks. */
  async ahead(): Promise<boolean> {
    if (!(await this.hasCommit('HEAD'))) return false;
    if (!(await this.hasCommit(REMOTE_BRANCH))) return true;
    return Number((await this.must(['rev-list', '--count', `${REMOTE_BRANCH}..HEAD`])).trim()) > 0;
  }

  /** Sends this folder's branch to the remote. */
  async push(): Promise<Reach> {
    const result = await this.git(['push', '-q', '--no-verify', 'origin', `HEAD:refs/heads/${BRANCH}`], { network: true });
    return result.status === 0 ? { ok: true } : { ok: false, why: gitComplaint(result) };
  }
}
