// The options of every command (--data-dir, --api, --api-key), read and checked once for the command that runs.

import type { Command } from 'commander';
import { UsageError } from './cli-errors.js';
import { valueOption } from './option-values.js';

export const DEFAULT_DATA_DIR = '.data';
export const API_KEY_ENV = 'CONTACTS_IMPORT_API_KEY';

export interface GlobalOptions {
  dataDir: string;
  /** A deployed API's base URL, without a trailing slash. */
  api?: string;
  apiKey?: string;
}

/** Commands that work on the local stack only (no --api): their help leaves --api and --api-key out. */
const LOCAL_ONLY = new WeakSet<Command>();

export const markLocalOnly = (command: Command): Command => {
  LOCAL_ONLY.add(command);
  return command;
};

export const isLocalOnly = (command: Command): boolean => LOCAL_ONLY.has(command);

export const API_ONLY_OPTIONS = new Set(['api', 'apiKey']);

export const addGlobalOptions = (program: Command): Command =>
  program
    .addOption(
      valueOption('--data-dir <DIR>', `where the local stack keeps its data (default ${DEFAULT_DATA_DIR}/)`),
    )
    .addOption(valueOption('--api <URL>', 'a deployed API instead of the local stack'))
    .addOption(valueOption('--api-key <KEY>', `the API key for --api (or env ${API_KEY_ENV})`));

const readApiUrl = (api: string, command: string): string => {
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new UsageError(`--api takes the API's URL (https://…); got "${api}"`, command);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--api takes an http(s) URL; got "${api}"`, command);
  }
  return api.replace(/\/+$/, '');
};

/** The global options as the command that runs received them, checked (a key for --api, no --api locally). */
export const readGlobalOptions = (command: Command, env: NodeJS.ProcessEnv, name: string): GlobalOptions => {
  const raw = command.optsWithGlobals<{ dataDir?: string; api?: string; apiKey?: string }>();
  if (isLocalOnly(command)) {
    for (const [flag, value] of [
      ['--api', raw.api],
      ['--api-key', raw.apiKey],
    ] as const) {
      if (value !== undefined) {
        throw new UsageError(`\`${name}\` works on the local stack only: it does not take ${flag}`, name);
      }
    }
    return { dataDir: raw.dataDir ?? DEFAULT_DATA_DIR };
  }
  const globals: GlobalOptions = { dataDir: raw.dataDir ?? DEFAULT_DATA_DIR };
  if (raw.api !== undefined) {
    globals.api = readApiUrl(raw.api, name);
    const apiKey = raw.apiKey ?? env[API_KEY_ENV];
    if (!apiKey)
      throw new UsageError(`--api needs an API key: pass --api-key KEY or set ${API_KEY_ENV}`, name);
    globals.apiKey = apiKey;
  } else if (raw.apiKey !== undefined) {
    globals.apiKey = raw.apiKey;
  }
  return globals;
};

/** `--workspace` names a local workspace: with --api the key decides, and saying otherwise is a mistake. */
export const checkWorkspace = (globals: GlobalOptions, workspace: string | undefined, name: string): void => {
  if (workspace !== undefined && globals.api) {
    throw new UsageError(
      '--workspace is for the local stack: with --api the API key decides the workspace',
      name,
    );
  }
};
