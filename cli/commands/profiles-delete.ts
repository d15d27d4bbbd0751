// `profiles delete NAME`: deletes an import profile (DELETE /import-profiles/{name}); exit 1 when there is none.

import type { Command } from 'commander';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';
import { profileName } from './profiles-put.js';

export const deleteProfile = async (target: ApiTarget, name: string) => {
  await withApiSession(target, async ({ api }) => {
    try {
      await api.deleteRequest(`/import-profiles/${name}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`the workspace has no import profile "${name}"`);
      }
      throw error;
    }
  });
  await target.io.write(
    target.json ? `${JSON.stringify({ deleted: name })}\n` : `Deleted the import profile ${name}\n`,
  );
  return EXIT.ok;
};

export const registerProfilesDeleteCommand = (profiles: Command, scope: CliScope): Command =>
  profiles
    .command('delete')
    .summary('delete an import profile')
    .description('Delete the import profile NAME. Exit 1 when the workspace has none of that name.')
    .usage('NAME [--json]')
    .argument('<NAME>', 'the profile', profileName('profiles delete'))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (name: string, flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await deleteProfile(apiTarget(scope, command, flags), name);
    });
