import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

// Running the `git` command for `sync`, and nothing else of git's: k8s-study keeps a repository of
// its own in the store's folder and talks to the remote through the git the person has installed.
//
// Every run is confined to that repository and its own settings: the person's git configuration
// (system and global) is not read, their other repositories are never looked for (the search for a
// repository stops at the store's folder), nothing prompts for a password (a remote that needs one
// fails, and says so), and the author of every commit is k8s-study on this machine.

/** The `git` command is not on PATH. */
export class GitMissing extends Error {}

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
  /** Killed after `timeoutMs` (a remote that does not answer). */
  timedOut: boolean;
}

export interface GitOptions {
  /** The repository's work tree: git runs there, and looks no further up than its parent. */
  cwd: string;
  /** The environment of the run (PATH, SSH_AUTH_SOCK…); git's own variables are left out. */
  env: NodeJS.ProcessEnv;
  /** The folder given to git as its home: no configuration of the person's is found there. */
  home: string;
  /** The machine the commits are made on (their author's address). */
  machine: string;
  /** Kills git after this long (talking to a remote). */
  timeoutMs?: number;
  /** Told the process id of git once it runs, and again (null) when it has ended. */
  onStart?: (pid: number | null) => void;
}

/** Git's own variables that say how to reach a remote over ssh: the person's setup, kept. */
const KEPT = new Set(['GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSH_VARIANT', 'GIT_PROXY_COMMAND']);

/** The environment git runs in: the person's, less git's own settings, confined as above. */
export function gitEnvironment(env: NodeJS.ProcessEnv, home: string, cwd: string): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith('GIT_') || KEPT.has(name)) clean[name] = value;
  const confined: NodeJS.ProcessEnv = {
    ...clean,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: dirname(cwd),
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? (env.GIT_SSH ? undefined : 'ssh -o BatchMode=yes'),
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
  for (const name of Object.keys(confined)) if (confined[name] === undefined) delete confined[name];
  return confined;
}

/** Settings given with every command, so that nothing in any configuration changes what it does. */
function settings(machine: string): string[] {
  const pairs = [
    'user.name=k8s-study',
    `user.email=k8s-study@${machine}.invalid`,
    'commit.gpgsign=false',
    'core.hooksPath=/dev/null',
    'core.autocrlf=false',
    'core.fsmonitor=false',
    'gc.auto=0',
    'maintenance.auto=false',
    'init.defaultBranch=main',
    'merge.ff=true',
    'credential.helper=',
  ];
  return pairs.flatMap((pair) => ['-c', pair]);
}

/** Runs `git ARGS` in the repository; resolves whatever its exit status (GitMissing when there is no git). */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...settings(options.machine), ...args], {
      cwd: options.cwd,
      env: gitEnvironment(options.env, options.home, options.cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    if (child.pid !== undefined) options.onStart?.(child.pid);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (error.code === 'ENOENT') reject(new GitMissing('git is not on PATH'));
      else reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      options.onStart?.(null);
      resolve({ status: code ?? 1, stdout, stderr, timedOut });
    });
  });
}

/** What git said went wrong, in one line: its first `fatal:` or `error:` line, else its last line. */
export function gitComplaint(result: Pick<GitResult, 'stderr' | 'stdout' | 'timedOut'>): string {
  if (result.timedOut) return 'it did not answer in time';
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const fatal = lines.find((line) => /^(fatal|error):/i.test(line));
  const chosen = fatal ?? lines[lines.length - 1] ?? 'no reason given';
  return chosen.replace(/^(fatal|error):\s*/i, '');
}
