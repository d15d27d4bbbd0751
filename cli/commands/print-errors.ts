// `errors ID`: an import's error report (GET /imports/{id}/errors), CSV streamed to stdout.

import type { Command } from 'commander';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { importIdArgument } from '../import-id.js';
import { workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';
import { streamToStdout } from './print-template.js';

export const printErrorReport = async (target: ApiTarget, importId: string) => {
  await withApiSession(target, async ({ api }) => {
    try {
      await streamToStdout(api, `/imports/${importId}/errors`, target.io);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      if (error instanceof ApiError && error.status === 409) {
        throw new CliError(
          `import ${importId} has not finished yet: its error report is written when it does`,
        );
      }
      throw error;
    }
  });
  return EXIT.ok;
};

export const registerErrorsCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('errors')
    .summary("print an import's error report (CSV: the rows to fix, ready to import again)")
    .description("Print an import's error report (CSV: the rows to fix, ready to import again).")
    .usage('ID [--workspace W]')
    .addArgument(importIdArgument('errors'))
    .addOption(workspaceOption())
    .action(async (importId: string, flags: { workspace?: string }, command: Command) => {
      scope.exitCode = await printErrorReport(apiTarget(scope, command, flags), importId);
    });
