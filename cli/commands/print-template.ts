// `template [--example]`: the CSV template (GET /template: built-in and custom columns) streamed to stdout.

import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { EXIT } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import type { CliScope } from '../cli-scope.js';
import { workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

/** A CSV answer of the API, chunk by chunk to stdout. */
export const streamToStdout = async (api: ApiClient, path: string, io: CliIo) => {
  const body = await api.getBody(path);
  for await (const chunk of body) await io.write(chunk);
};

export const printTemplate = async (target: ApiTarget, example: boolean) => {
  const path = example ? '/template?example=true' : '/template';
  await withApiSession(target, ({ api }) => streamToStdout(api, path, target.io));
  return EXIT.ok;
};

export const registerTemplateCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('template')
    .summary('print the CSV template (built-in and custom columns)')
    .description('Print the CSV template (built-in and custom columns).')
    .usage('[--example] [--workspace W]')
    .option('--example', 'add one example row, valid for every field (it imports as one contact)')
    .addOption(workspaceOption())
    .action(async (flags: { workspace?: string; example?: boolean }, command: Command) => {
      scope.exitCode = await printTemplate(apiTarget(scope, command, flags), flags.example === true);
    });
