// `cancel ID`: stop an import (POST /imports/{id}/cancel): a pending one at once, a running one at its next batch.

import type { Command } from 'commander';
import type { ImportSummary } from '../../shared/api/import-summary.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { importIdArgument } from '../import-id.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { renderSummary } from '../render-summary.js';
import { type ApiTarget, apiTarget, commandPrefix, withApiSession } from './command-context.js';

export const cancelImport = async (target: ApiTarget, importId: string) => {
  const summary = await withApiSession(target, async ({ api }) => {
    try {
      return await api.postJson<ImportSummary>(`/imports/${importId}/cancel`, {});
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      if (error instanceof ApiError && error.code === 'not_cancellable') {
        throw new CliError(`import ${importId} cannot be cancelled: ${error.message}`);
      }
      throw error;
    }
  });
  await target.io.write(
    target.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : renderSummary(summary, { commandPrefix: commandPrefix(target) }),
  );
  return EXIT.ok;
};

export const registerCancelCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('cancel')
    .summary('stop an import: a waiting one at once, a running one at its next batch')
    .description(
      'Stop an import: a waiting one ends at once, a running one at its next batch (the rows it applied stay ' +
        'applied and counted). Prints its summary as it stands.',
    )
    .usage('ID [--workspace W] [--json]')
    .addArgument(importIdArgument('cancel'))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (importId: string, flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await cancelImport(apiTarget(scope, command, flags), importId);
    });
