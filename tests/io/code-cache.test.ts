import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, SLOW, tempDir } from '../helpers.ts';

// The built program keeps V8's code cache of each bundle per command (src/io/code-cache.ts): a
// write does not load what an export compiled. What a person notices: the same output with and
// without a cache, and a cache folder that holds this build's files only.

const codeFiles = (configDir: string): string[] => readdirSync(join(configDir, 'cache', 'code')).sort();

describe('the code cache of the built program', () => {
  it(
    'is kept per command, made by its first run, left alone by the next, and answers the same',
    () => {
      const configDir = tempDir();
      const first = runBinary(['check', '1', '1'], { configDir });
      expect(first.status, first.stderr).toBe(0);
      // An earlier version's files, last made over a week ago; another install's, made yesterday.
      const stale = join(configDir, 'cache', 'code', 'program.cjs-0.0.1_0123456789abcdef-v20.0.0.bin');
      writeFileSync(stale, 'from an earlier version');
      writeFileSync(`${stale}.covers`, 'next\n');
      const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
      utimesSync(stale, weekAgo, weekAgo);
      utimesSync(`${stale}.covers`, weekAgo, weekAgo);
      const otherInstall = join(configDir, 'cache', 'code', 'program-next-0.1.0_fedcba9876543210-v20.20.2.bin');
      writeFileSync(otherInstall, 'from another install in use');
      const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000);
      utimesSync(otherInstall, yesterday, yesterday);

      const again = runBinary(['check', '1', '1', '--uncheck'], { configDir });
      expect(again.status, again.stderr).toBe(0);
      // `check` with numbers runs without commander, from its own bundle (src/simple-writes.ts).
      const checkCache = codeFiles(configDir).filter((name) => name.startsWith('simple-write-check-'));
      expect(checkCache).toHaveLength(1);
      const made = statSync(join(configDir, 'cache', 'code', checkCache[0]!)).mtimeMs;

      // Help and a mistyped command keep no cache; `show` makes its own and tidies the earlier version's.
      expect(runBinary(['chek', '1'], { configDir }).status).toBe(2);
      expect(runBinary(['--help'], { configDir }).status).toBe(0);
      expect(runBinary(['list', '--help'], { configDir }).status).toBe(0);
      const shown = runBinary(['show', '1'], { configDir });
      expect(shown.status, shown.stderr).toBe(0);
      const files = codeFiles(configDir);
      expect(files.filter((name) => /^(program|simple-write)-/.test(name) && !name.includes('fedcba9876543210'))).toEqual([expect.stringMatching(/^program-show-/), checkCache[0]]);
      expect(files.some((name) => name.includes('chek') || name.includes('0123456789abcdef'))).toBe(false);
      expect(files).toContain('program-next-0.1.0_fedcba9876543210-v20.20.2.bin');
      expect(statSync(join(configDir, 'cache', 'code', checkCache[0]!)).mtimeMs).toBe(made);

      // Through the cache, the same as the run that made it.
      const cached = runBinary(['check', '1', '1'], { configDir });
      expect(cached.status, cached.stderr).toBe(0);
      expect(cached.stdout).toBe(first.stdout);
    },
    SLOW * 2,
  );
});
