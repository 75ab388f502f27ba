import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { commandWordOf, namedCommand } from '../command-word.ts';
import { makeFolders, removeFile, writeFileAtomic } from './files.ts';
import { cacheDirectory } from './locations.ts';

// Loading the program's bundles with V8's code cache. Node 20 compiles a CommonJS file from its
// source on every run (its own compile cache came in Node 22), which costs more for the program
// bundle than everything a `done` does with the store. V8 can save what it compiled and take it back
// next time: the first run of a build keeps it, later runs skip most of the compiling. V8 checks
// the saved code against the source and its own version and refuses anything else; a refused or
// missing cache only costs that one run the compiling.
//
// V8 compiles a function when it is first called, and a cache holds what had been compiled when it
// was made, all of which the next run deserializes, used or not. So each command keeps its own
// cache of each bundle, made at the end of its first run: `check` does not load what `export` compiled.

declare const K8S_STUDY_BUILD: string;

/** What every code cache file of this build has in its name, and (with the Node version) at its end. */
const buildPart = (build: string): string => `-${build}-`.replace(/[^\w.-]/g, '_');

/** The file a command's code cache of a bundle is kept in, or null when there is no cache folder. */
function codeCacheFile(bundleFile: string, build: string): string | null {
  try {
    const args = process.argv.slice(2);
    // Help, the version and a mistyped command keep no cache: they only print, and a cache made by
    // them would be kept (it is made once) without what the command itself runs.
    if (args.some((arg) => HELP_OR_VERSION.has(arg))) return null;
    const command = namedCommand(args) ?? (commandWordOf(args) === null ? 'next' : null);
    if (command === null) return null;
    return join(cacheDirectory(process.env), 'code', `${basename(bundleFile, '.cjs')}-${command}${buildPart(build)}${process.version}.bin`);
  } catch {
    return null;
  }
}

const HELP_OR_VERSION = new Set(['--help', '-h', '--version', '-V']);

/** How long another build's code caches are kept unchanged: two installs in use share the folder. */
const OTHER_BUILDS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** Removes the code caches other builds left and have not made again for a week (an earlier version's). */
function removeOtherBuilds(folder: string, build: string): void {
  const part = buildPart(build);
  for (const name of readdirSync(folder)) {
    if (name.includes(part)) continue;
    try {
      const file = join(folder, name);
      if (statSync(file).mtimeMs < Date.now() - OTHER_BUILDS_KEPT_MS) removeFile(file);
    } catch {
      // Gone already, or not a file: left alone.
    }
  }
}

/** A bundle's source: read as Latin-1 (a copy, not a decoding) when it is ASCII, as the entry and the program are. */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** Requires a bundle (a CommonJS file), with V8's code cache kept in the cache folder. */
export function requireCached(file: string): unknown {
  const build = typeof K8S_STUDY_BUILD === 'string' ? K8S_STUDY_BUILD : null;
  const cacheFile = build ? codeCacheFile(file, build) : null;
  const source = readSource(file);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    const target = cacheFile;
    // Kept at exit, so the code of everything this run used is in it, not only the top level.
    process.once('exit', () => {
      try {
        makeFolders(dirname(target));
        writeFileAtomic(target, script.createCachedData(), 0o600, { sync: false });
        // Made once a command and build: the time to tidy what an earlier version left.
        removeOtherBuilds(dirname(target), build as string);
      } catch {
        // Without a cache, the next run compiles again.
      }
    });
  }
  return module.exports;
}
