// `profiles put NAME [options of import]`: creates or replaces an import profile (PUT /import-profiles/{name}),
// its flags those of `import` for the options a profile holds, read by the same option schema.

import type { Command } from 'commander';
import type { ImportProfileJson } from '../../shared/api/import-profiles.js';
import { PROFILE_OPTION_NAMES } from '../../shared/profiles/import-profile.js';
import { isProfileName, PROFILE_NAME_RULE } from '../../shared/profiles/profile-name.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { addImportFlags, type ImportFlags, importOptionsOfFlags } from '../import-flags.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';
import { describeProfileOptions } from './profiles-list.js';

const COMMAND = 'profiles put';

export const profileName = (command: string) => (value: string) => {
  if (!isProfileName(value)) throw new UsageError(`NAME is ${PROFILE_NAME_RULE}; got "${value}"`, command);
  return value;
};

export const putProfile = async (target: ApiTarget, name: string, flags: ImportFlags) => {
  const options = importOptionsOfFlags(flags, COMMAND);
  const saved = await withApiSession(target, async ({ api }) => {
    try {
      return await api.putJson<ImportProfileJson>(`/import-profiles/${name}`, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
  });
  await target.io.write(
    target.json
      ? `${JSON.stringify(saved, null, 2)}\n`
      : `Saved the import profile ${saved.name}: ${describeProfileOptions(saved.options) || 'no options (the defaults)'}\n`,
  );
  return EXIT.ok;
};

export const registerProfilesPutCommand = (profiles: Command, scope: CliScope): Command =>
  addImportFlags(
    profiles
      .command('put')
      .summary('create or replace an import profile')
      .description(
        `Create the import profile NAME, or replace it whole, with the options given (those of import that a profile holds: ${PROFILE_OPTION_NAMES.join(', ')}). An import takes it with --profile NAME; a drop under drops/<workspace>/NAME/ takes it too.`,
      )
      .usage('NAME [options of import] [--json]')
      .argument('<NAME>', PROFILE_NAME_RULE, profileName(COMMAND))
      .addOption(workspaceOption())
      .addOption(jsonOption()),
    PROFILE_OPTION_NAMES,
  ).action(
    async (name: string, flags: ImportFlags & { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await putProfile(apiTarget(scope, command, flags), name, flags);
    },
  );
