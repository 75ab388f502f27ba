import { spawn, type IPty } from '@lydell/node-pty';
import { BIN } from '../helpers.ts';

// A real pseudo-terminal session with the built binary: what a person at a terminal sees and types.

export interface TerminalSession {
  /** Everything printed so far, escape sequences removed. */
  screen(): string;
  /** Everything printed so far, as it was sent (escape sequences kept). */
  raw(): string;
  /** Waits until the text printed since `mark()` (or since the start) matches, or fails after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Remembers how much has been printed: later `waitFor` calls look only at what comes after. */
  mark(): void;
  type(text: string): void;
  /** The exit code, once the process has ended. */
  exited: Promise<number>;
  pty: IPty;
}

/** Keys as a terminal sends them. */
export const KEYS = { enter: '\r', ctrlC: '\u0003', ctrlU: '\u0015', up: '\u001b[A', down: '\u001b[B', space: ' ' } as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>]/g;

/** Starts `k8s-study args` on a pseudo-terminal `cols` wide, with only the given environment (a private store and clock). */
export function startTerminal(args: string[], env: Record<string, string>, cols = 100): TerminalSession {
  const pty = spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols,
    rows: 40,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', TZ: process.env.TZ ?? 'UTC', NO_COLOR: '1', ...env },
  });
  let output = '';
  let marked = 0;
  pty.onData((data) => (output += data));
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  const screen = (): string => output.replace(ANSI, '');
  return {
    pty,
    screen,
    raw: () => output,
    exited,
    type: (text) => pty.write(text),
    mark: () => {
      marked = output.length;
    },
    waitFor: async (pattern, timeoutMs = 20_000) => {
      const started = Date.now();
      while (!pattern.test(output.slice(marked).replace(ANSI, ''))) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // A prompt has printed its question a moment before it listens for keys.
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
