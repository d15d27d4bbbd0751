// The CLI's errors and exit codes: a message a person can act on, and the code a script can test.

export const EXIT = {
  ok: 0,
  /** The work failed: a failed import, an unreachable API, a refused key, a missing file. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing argument, bad value. */
  usage: 2,
  /** The CLI stopped waiting before the import ended (--timeout, or no progress): the import goes on. */
  stoppedWaiting: 3,
  /** Ctrl-C (SIGINT) and SIGTERM while waiting: what is known so far is printed first. */
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad usage: printed with a pointer to the command's help, exit code 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose help to point at (`import`, `fields add`); the overall help when absent. */
    readonly command?: string,
  ) {
    super(message, EXIT.usage);
  }
}
