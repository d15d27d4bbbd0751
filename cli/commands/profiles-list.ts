// `profiles list`: the workspace's import profiles (GET /import-profiles), as a table or JSON.

import type { Command } from 'commander';
import type { ImportProfileJson, ImportProfilesJson } from '../../shared/api/import-profiles.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { formatTable } from '../render-table.js';
import { type ApiTarget, apiTarget, commandPrefix, withApiSession } from './command-context.js';

/** A profile's options on one line: `mode=create_only, delimiter=";", mapping: 3 columns`. */
export const describeProfileOptions = (options: ImportProfileJson['options']): string =>
  Object.entries(options)
    .map(([name, value]) => {
      if (name === 'mapping' && value && typeof value === 'object') {
        const count = Object.keys(value).length;
        return `mapping: ${count} column${count === 1 ? '' : 's'}`;
      }
      return `${name}=${typeof value === 'string' && /[\s,;|]|^$/.test(value) ? JSON.stringify(value) : String(value)}`;
    })
    .join(', ');

export const listProfiles = async (target: ApiTarget) => {
  const { io } = target;
  const { profiles } = await withApiSession(target, ({ api }) =>
    api.getJson<ImportProfilesJson>('/import-profiles'),
  );
  if (target.json) {
    await io.write(`${JSON.stringify(profiles, null, 2)}\n`);
  } else if (profiles.length === 0) {
    await io.write(
      `No import profiles yet. Save one with: ${commandPrefix(target)} profiles put NAME --mode upsert --map "Header=field"\n`,
    );
  } else {
    const table = formatTable(
      [{ header: 'NAME' }, { header: 'OPTIONS', max: 80 }, { header: 'UPDATED' }],
      profiles.map((profile) => [
        profile.name,
        describeProfileOptions(profile.options) || '(none)',
        profile.updatedAt,
      ]),
    );
    await io.write(`${table}\n`);
  }
  return EXIT.ok;
};

export const registerProfilesListCommand = (profiles: Command, scope: CliScope): Command =>
  profiles
    .command('list')
    .summary("list the workspace's import profiles")
    .description("List the workspace's import profiles and the options each sets.")
    .usage('[--json]')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await listProfiles(apiTarget(scope, command, flags));
    });
