import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Which of its own files a run of the built binary loads, told by Node itself: a module preloaded
// with `--require` (through NODE_OPTIONS, so the binary runs as usual) reports on standard error,
// as the process exits, every CommonJS module in require.cache and every ES module of the full
// program (each one of them calls createRequire(import.meta.url), a banner the build adds).

const MARK = 'k8s-study-test-loaded:';

const HOOK = `
const Module = require('node:module');
const { writeSync } = require('node:fs');
const { fileURLToPath } = require('node:url');
const esm = [];
const createRequire = Module.createRequire;
Module.createRequire = function (from) {
  try { esm.push(String(from).startsWith('file:') ? fileURLToPath(String(from)) : String(from)); } catch {}
  return createRequire.apply(this, arguments);
};
process.on('exit', () => {
  writeSync(2, '\\n${MARK}' + JSON.stringify([...Object.keys(require.cache), ...esm]) + '\\n');
});
`;

/** Writes the recorder into `folder` (once, before the runs that use it); returns the environment that makes a run use it. */
export function loadRecorder(folder: string): { NODE_OPTIONS: string } {
  const file = join(folder, 'record-loaded-modules.cjs');
  writeFileSync(file, HOOK);
  // Temporary folders have no spaces in their paths, which NODE_OPTIONS would need quoted.
  return { NODE_OPTIONS: `--require ${file}` };
}

/** The files a recorded run loaded (absolute paths), and what the product itself wrote to stderr. */
export function loadedFiles(stderr: string): { files: string[]; stderr: string } {
  const at = stderr.lastIndexOf(`\n${MARK}`);
  if (at < 0) throw new Error(`the run did not report the files it loaded; stderr:\n${stderr}`);
  const files = JSON.parse(stderr.slice(at + 1 + MARK.length).trim()) as string[];
  return { files: files.filter((file) => !file.endsWith('record-loaded-modules.cjs')), stderr: stderr.slice(0, at) };
}
