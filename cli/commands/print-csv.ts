// `template` and `errors ID`: CSV from the API (GET /template, GET /imports/{id}/errors) streamed to stdout.

import { isImportId } from '../../shared/ids.js';
import type { ApiClient } from '../api-client.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { type Command, withApiSession } from './command-context.js';

const streamToStdout = async (api: ApiClient, path: string, io: CliIo) => {
  const body = await api.getBody(path);
  for await (const chunk of body) await io.write(chunk);
};

export const printTemplate: Command = async (context) => {
  await withApiSession(context, ({ api }) => streamToStdout(api, '/template', context.io));
  return EXIT.ok;
};

export const printErrorReport: Command = async (context) => {
  const importId = (context.args[0] ?? '').toUpperCase();
  if (!isImportId(importId)) {
    throw new UsageError(
      `"${importId}" is not an import id (26 letters and digits, as \`imports\` lists them)`,
      'errors',
    );
  }
  await withApiSession(context, async ({ api }) => {
    try {
      await streamToStdout(api, `/imports/${importId}/errors`, context.io);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      if (error instanceof ApiError && error.status === 409) {
        throw new CliError(
          `import ${importId} has not finished yet: its error report is written when it does`,
        );
      }
      throw error;
    }
  });
  return EXIT.ok;
};
