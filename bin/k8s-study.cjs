#!/usr/bin/env node
// Shim: CommonJS, so that Node starts without its ES module loader (the commands that only read never need it).
require('../dist/k8s-study.cjs').run(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
