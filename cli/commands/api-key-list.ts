// `api-key list`: a workspace's API keys (prefix, id, created, revoked), never the keys themselves.

import type { Command } from 'commander';
import { describeKey, shortKeyId, withApiKeyStore } from '../api-key-admin.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { formatTable } from '../render-table.js';
import { addKeyOptions, keyAdminTarget } from './api-key-create.js';

const when = (iso: string | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : '');

export const registerApiKeyListCommand = (group: Command, scope: CliScope): Command =>
  addKeyOptions(
    group
      .command('list')
      .summary("list a workspace's API keys: prefix, id, when created and revoked (never the key)")
      .description(
        "List a workspace's API keys: prefix, id, when created and revoked (never the key: only its hash is stored).",
      )
      .usage('[--workspace W] [--table NAME] [--json]'),
  ).action(async (flags: { workspace?: string; table?: string; json?: boolean }, command: Command) => {
    const target = keyAdminTarget(scope, command, flags);
    const keys = await withApiKeyStore(target, (store) => store.listApiKeys(target.workspaceId));
    const { io } = target;
    if (target.json) {
      await io.write(`${JSON.stringify(keys.map(describeKey), null, 2)}\n`);
    } else if (keys.length === 0) {
      await io.write(`No API keys in workspace "${target.workspaceId}".\n`);
    } else {
      const table = formatTable(
        [{ header: 'PREFIX' }, { header: 'ID' }, { header: 'CREATED (UTC)' }, { header: 'REVOKED (UTC)' }],
        keys.map((key) => [key.prefix, shortKeyId(key), when(key.createdAt), when(key.revokedAt)]),
      );
      await io.write(`${table}\n`);
    }
    scope.exitCode = EXIT.ok;
  });
