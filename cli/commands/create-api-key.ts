// `api-key create`: mints a key for a workspace of the local stack; the key is printed once, stored hashed.

import { createApiKey } from '../../shared/auth/api-keys.js';
import { EXIT } from '../cli-errors.js';
import { openLocalStack } from '../local-session.js';
import { DEFAULT_WORKSPACE } from '../parse-args.js';
import type { Command } from './command-context.js';

export const createLocalApiKey: Command = async ({ options, io }) => {
  const workspaceId = options.workspace ?? DEFAULT_WORKSPACE;
  const stack = await openLocalStack(options.dataDir, {
    serveApi: false,
    ...(io.interactive && !options.json ? { notice: io.note } : {}),
  });
  let created: { apiKey: string; prefix: string };
  try {
    created = await createApiKey(stack.apiKeys, workspaceId);
  } finally {
    await stack.close();
  }
  if (options.json) {
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
  return EXIT.ok;
};
