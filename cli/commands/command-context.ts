// What every command gets (its arguments, options and outputs), and the API session around its work.

import type { ExitCode } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { type ApiSession, openApiSession } from '../local-session.js';
import { type CliOptions, DEFAULT_DATA_DIR } from '../parse-args.js';
import { shellWord } from '../shell-word.js';

export interface CommandContext {
  args: string[];
  options: CliOptions;
  io: CliIo;
}

export type Command = (context: CommandContext) => Promise<ExitCode>;

/** Opens the API (deployed, attached `serve`, or a stack started for the command), runs `work`, closes it. */
export const withApiSession = async <T>(
  { options, io }: CommandContext,
  work: (session: ApiSession) => Promise<T>,
): Promise<T> => {
  const session = await openApiSession({
    dataDir: options.dataDir,
    ...(options.api ? { api: options.api } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(io.interactive && !options.json ? { notice: io.note } : {}),
  });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
};

/** `contacts-import` plus what reaches the same API again (never the API key), for follow-up hints. */
export const commandPrefix = (options: CliOptions): string => {
  const parts = ['contacts-import'];
  if (options.api) parts.push('--api', shellWord(options.api));
  else if (options.dataDir !== DEFAULT_DATA_DIR) parts.push('--data-dir', shellWord(options.dataDir));
  if (options.workspace) parts.push('--workspace', shellWord(options.workspace));
  return parts.join(' ');
};
