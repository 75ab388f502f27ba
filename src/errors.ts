/** A problem with the user's data or request that is not a usage mistake: exit 1. */
export class StudyError extends Error {
  readonly exitCode: number = 1;
}

/** A plan that cannot be used; `lines` holds every `FILE:LINE:COL: message`. */
export class PlanError extends StudyError {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** A bad command line: unknown option, bad value, input needed but no terminal: exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = 2;
}

/** The user pressed Ctrl-C at a prompt: exit 130, and the message says what was kept. */
export class Cancelled extends Error {
  readonly exitCode: number = 130;
  constructor(message = 'cancelled: nothing was saved') {
    super(message);
  }
}
