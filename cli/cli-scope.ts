// What one run of the command line shares with its commands: the outputs, the environment, the exit code.

import type { ExitCode } from './cli-errors.js';
import { EXIT } from './cli-errors.js';
import type { CliIo } from './cli-io.js';

export interface CliScope {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Set by the command that ran; 0 when the line only asked for help or the version. */
  exitCode: ExitCode;
}

export const createCliScope = (io: CliIo, env: NodeJS.ProcessEnv): CliScope => ({
  io,
  env,
  exitCode: EXIT.ok,
});
