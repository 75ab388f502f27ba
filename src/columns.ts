// How wide output is made, from the environment: $COLUMNS, for output that does not go to a
// terminal (a pipe or a file); a terminal says its own width. Kept apart from the program: the
// cache of views, in the small entry, keys a view on the width it was made for.

/** $COLUMNS as a number of columns, or null when it is not a whole number of them (callers bound it). */
export function columnsFromEnvironment(env: NodeJS.ProcessEnv): number | null {
  const value = env.COLUMNS?.trim() ?? '';
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}
