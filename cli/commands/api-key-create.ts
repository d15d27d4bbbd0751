// `api-key create`: mints a key for a workspace of the local stack or a deployed table; printed once, stored hashed.

import type { Command } from 'commander';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { withApiKeyStore } from '../api-key-admin.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { markLocalOnly, readGlobalOptions } from '../global-options.js';
import { DEFAULT_WORKSPACE, jsonOption, tableOption, workspaceOption } from '../option-values.js';
import { commandPath } from './command-context.js';

interface KeyFlags {
  workspace?: string;
  table?: string;
  json?: boolean;
}

/** The options of the three `api-key` commands. */
export const addKeyOptions = (command: Command): Command =>
  markLocalOnly(command).addOption(workspaceOption()).addOption(tableOption()).addOption(jsonOption());

export const keyAdminTarget = (scope: CliScope, command: Command, flags: KeyFlags) => ({
  globals: readGlobalOptions(command, scope.env, commandPath(command)),
  workspaceId: flags.workspace ?? DEFAULT_WORKSPACE,
  ...(flags.table ? { table: flags.table } : {}),
  json: flags.json === true,
  io: scope.io,
});

export const registerApiKeyCreateCommand = (group: Command, scope: CliScope): Command =>
  addKeyOptions(
    group
      .command('create')
      .summary(
        'create an API key for a workspace of the local stack, or of a deployed one with --table (printed once, stored hashed)',
      )
      .description(
        'Create an API key for a workspace of the local stack, or of a deployed one with --table (printed once, stored hashed).',
      )
      .usage('[--workspace W] [--table NAME] [--json]'),
  ).action(async (flags: KeyFlags, command: Command) => {
    const target = keyAdminTarget(scope, command, flags);
    const { workspaceId, io } = target;
    const created = await withApiKeyStore(target, (store) => createApiKey(store, workspaceId));
    if (target.json) {
      await io.write(
        `${JSON.stringify({ workspaceId, apiKey: created.apiKey, prefix: created.prefix }, null, 2)}\n`,
      );
    } else {
      // The key alone on stdout, so that `KEY=$(contacts-import api-key create)` works; the advice on stderr.
      await io.write(`${created.apiKey}\n`);
      io.note(
        `API key for workspace "${workspaceId}" (shown once; only its hash is stored). Send it as "Authorization: Bearer <key>".`,
      );
    }
    scope.exitCode = EXIT.ok;
  });
