// The heavier parts k8s-study needs only sometimes, each loaded on first use: the plan parser (YAML
// and the schema library), the prompts (Inquirer), the calendar writer, the migration of older
// stores (conf), the backup checker, and the commands that look at every plan, draw statistics or
// sync through git (none of which a command on one plan, `next` above all, should carry), and the
// writes typed in their plain forms (simple-writes.ts), run without the program. The build gives
// each bundle its own version of this module, which requires them from dist/lib/ (scripts/build.mjs).

export const loadPlanParser = (): Promise<typeof import('./io/plan-file.ts')> => import('./io/plan-file.ts');
export const loadPrompts = (): Promise<typeof import('./io/prompts.ts')> => import('./io/prompts.ts');
export const loadIcs = (): Promise<typeof import('./ui/ics.ts')> => import('./ui/ics.ts');
export const loadMigration = (): Promise<typeof import('./io/store-migrate.ts')> => import('./io/store-migrate.ts');
export const loadBackupCheck = (): Promise<typeof import('./core/backup-check.ts')> => import('./core/backup-check.ts');
export const loadEveryPlan = (): Promise<typeof import('./commands/every-plan.ts')> => import('./commands/every-plan.ts');
export const loadStats = (): Promise<typeof import('./commands/stats.ts')> => import('./commands/stats.ts');
export const loadSync = (): Promise<typeof import('./commands/sync.ts')> => import('./commands/sync.ts');
export const loadSimpleWrite = (): Promise<typeof import('./commands/simple-write.ts')> => import('./commands/simple-write.ts');

/** The full program: commander and every command (program.ts); the entry's own build requires dist/program.cjs. */
export const loadProgram = (): Promise<typeof import('./program.ts')> => import('./program.ts');
