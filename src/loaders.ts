// How the entry loads the parts it needs only sometimes: the command runner of the fast path, and
// the full program. The build gives the CommonJS entry (dist/k8s-study.cjs) its own version of this
// module, which requires dist/read.cjs and imports dist/esm/program.js (scripts/build.mjs).

/** The fast path's command runner (read-commands.ts). */
export const loadReadCommands = (): Promise<typeof import('./read-commands.ts')> => import('./read-commands.ts');

/** The full program: commander and every command (program.ts). */
export const loadProgram = (): Promise<typeof import('./program.ts')> => import('./program.ts');
