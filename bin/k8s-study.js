#!/usr/bin/env node
// Shim: cache compiled code where this Node has it, then run the bundle.
import module from 'node:module';

module.enableCompileCache?.();
const { run } = await import('../dist/main.js');
process.exitCode = await run(process.argv.slice(2), process.env);
