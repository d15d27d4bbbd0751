// `api-key revoke PREFIX|ID`: revokes one key of the workspace; the authorizer refuses it from then on.

import type { Command } from 'commander';
import { MIN_KEY_ID_LENGTH, revokeWorkspaceApiKey } from '../../shared/auth/api-keys.js';
import { describeKey, shortKeyId, withApiKeyStore } from '../api-key-admin.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { addKeyOptions, keyAdminTarget } from './api-key-create.js';

/** infra/constructs/http-api.ts caches the authorizer's answer per key this long. */
const AUTHORIZER_CACHE_SECONDS = 60;

export const registerApiKeyRevokeCommand = (group: Command, scope: CliScope): Command =>
  addKeyOptions(
    group
      .command('revoke')
      .summary('revoke an API key of a workspace, named by its prefix or id as `api-key list` shows them')
      .description(
        [
          'Revoke an API key of a workspace: every request with it is refused from then on.',
          '',
          `PREFIX|ID is the key's prefix (cik_…) or the start of its id (at least ${MIN_KEY_ID_LENGTH} hex digits), as`,
          '`api-key list` shows them; the key itself works too. A deployed API may still accept the key for',
          `up to ${AUTHORIZER_CACHE_SECONDS} s (its authorizer caches answers).`,
        ].join('\n'),
      )
      .usage('PREFIX|ID [--workspace W] [--table NAME] [--json]')
      .argument('<PREFIX|ID>', "the key's prefix or id"),
  ).action(
    async (ref: string, flags: { workspace?: string; table?: string; json?: boolean }, command: Command) => {
      const target = keyAdminTarget(scope, command, flags);
      const { workspaceId, io } = target;
      const result = await withApiKeyStore(target, (store) => revokeWorkspaceApiKey(store, workspaceId, ref));
      if (result.outcome === 'not_found') {
        throw new CliError(
          `no API key "${ref}" in workspace "${workspaceId}"; see them with: contacts-import api-key list --workspace ${workspaceId}`,
        );
      }
      if (result.outcome === 'ambiguous') {
        throw new UsageError(
          `"${ref}" names ${result.matches.length} keys of workspace "${workspaceId}" (${result.matches.map(shortKeyId).join(', ')}): give more of its id`,
          'api-key revoke',
        );
      }
      const { key, alreadyRevoked } = result;
      if (target.json) {
        await io.write(`${JSON.stringify(describeKey(key), null, 2)}\n`);
      } else {
        await io.write(
          alreadyRevoked
            ? `API key ${key.prefix} (id ${shortKeyId(key)}) of workspace "${workspaceId}" was revoked already, at ${key.revokedAt}.\n`
            : `Revoked API key ${key.prefix} (id ${shortKeyId(key)}) of workspace "${workspaceId}".\n`,
        );
        if (target.table && !alreadyRevoked) {
          io.note(
            `The deployed API may accept it for up to ${AUTHORIZER_CACHE_SECONDS} s more (authorizer cache).`,
          );
        }
      }
      scope.exitCode = EXIT.ok;
    },
  );
