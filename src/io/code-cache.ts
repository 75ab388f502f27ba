import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { commandWordOf } from '../command-word.ts';
import { makeFolders, writeFileAtomic } from './files.ts';
import { cacheDirectory } from './locations.ts';

// Loading the program's bundles with V8's code cache. Node 20 compiles a CommonJS file from its
// source on every run (its own compile cache came in Node 22), which costs more for the program
// bundle than everything a `done` does with the store. V8 can save what it compiled and take it back
// next time: the first run of a build keeps it, later runs skip most of the compiling. V8 checks
// the saved code against the source and its own version and refuses anything else; a refused or
// missing cache only costs that one run the compiling.

declare const K8S_STUDY_BUILD: string;

/** Requires a bundle (a CommonJS file), with V8's code cache kept in the cache folder. */
export function requireCached(file: string): unknown {
  const build = typeof K8S_STUDY_BUILD === 'string' ? K8S_STUDY_BUILD : null;
  let cacheFile: string | null = null;
  try {
    cacheFile = build ? join(cacheDirectory(process.env), 'code', `${basename(file)}-${build.replace(/[^\w.-]/g, '_')}-${process.version}.bin`) : null;
  } catch {
    cacheFile = null;
  }
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  if (!cacheFile) return module.exports;
  // V8 compiles a function when it is first called, and the cache holds what was compiled when it
  // was made: a cache made by `next` lacks what `done` runs. So the cache says which commands it
  // covers, and the first run of another command makes it again, with its own code added.
  const coversFile = `${cacheFile}.covers`;
  const command = commandWordOf(process.argv.slice(2))?.slice(0, 40) ?? 'next';
  const covered = cachedData !== undefined && !script.cachedDataRejected ? readCovered(coversFile) : [];
  if (!covered.includes(command)) {
    const target = cacheFile;
    // Kept at exit, so the code of everything this run used is in it, not only the top level.
    process.once('exit', () => {
      try {
        makeFolders(dirname(target));
        writeFileAtomic(target, script.createCachedData(), 0o600, { sync: false });
        writeFileAtomic(coversFile, `${[...covered, command].join('\n')}\n`, 0o600, { sync: false });
      } catch {
        // Without a cache, the next run compiles again.
      }
    });
  }
  return module.exports;
}

/** The commands a code cache was made by (none when it cannot be read). */
function readCovered(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}
