// What a command that talks to the API works with (its global options, workspace, outputs), and the API session.

import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { CliScope } from '../cli-scope.js';
import {
  checkWorkspace,
  DEFAULT_DATA_DIR,
  type GlobalOptions,
  readGlobalOptions,
} from '../global-options.js';
import { type ApiSession, openApiSession } from '../local-session.js';
import { shellWord } from '../shell-word.js';

export interface ApiTarget {
  globals: GlobalOptions;
  /** As given; the local stack falls back to the default workspace. */
  workspace?: string;
  json: boolean;
  io: CliIo;
}

/** The full name of a command as typed: `import`, `fields add`. */
export const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
};

/** The target of the command that runs: its global options and --workspace, checked together. */
export const apiTarget = (
  scope: CliScope,
  command: Command,
  flags: { workspace?: string; json?: boolean },
): ApiTarget => {
  const name = commandPath(command);
  const globals = readGlobalOptions(command, scope.env, name);
  checkWorkspace(globals, flags.workspace, name);
  return {
    globals,
    ...(flags.workspace !== undefined ? { workspace: flags.workspace } : {}),
    json: flags.json === true,
    io: scope.io,
  };
};

/** Opens the API (deployed, attached `serve`, or a stack started for the command), runs `work`, closes it. */
export const withApiSession = async <T>(
  { globals, workspace, json, io }: ApiTarget,
  work: (session: ApiSession) => Promise<T>,
): Promise<T> => {
  const session = await openApiSession({
    dataDir: globals.dataDir,
    ...(globals.api ? { api: globals.api } : {}),
    ...(globals.apiKey ? { apiKey: globals.apiKey } : {}),
    ...(workspace ? { workspace } : {}),
    ...(io.interactive && !json ? { notice: io.note } : {}),
  });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
};

/** `contacts-import` plus what reaches the same API again (never the API key), for follow-up hints. */
export const commandPrefix = ({ globals, workspace }: Pick<ApiTarget, 'globals' | 'workspace'>): string => {
  const parts = ['contacts-import'];
  if (globals.api) parts.push('--api', shellWord(globals.api));
  else if (globals.dataDir !== DEFAULT_DATA_DIR) parts.push('--data-dir', shellWord(globals.dataDir));
  if (workspace) parts.push('--workspace', shellWord(workspace));
  return parts.join(' ');
};
