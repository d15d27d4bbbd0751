// Runs one command line: parses it, dispatches to the command, maps the outcome or the error to an exit code.

import { readFileSync } from 'node:fs';
import { ApiError } from './api-client.js';
import { CliError, EXIT, type ExitCode, UsageError } from './cli-errors.js';
import { type CliIo, createCliIo } from './cli-io.js';
import type { Command } from './commands/command-context.js';
import { createLocalApiKey } from './commands/create-api-key.js';
import { addCustomField, listCustomFields } from './commands/custom-fields.js';
import { importFile } from './commands/import-file.js';
import { listContacts } from './commands/list-contacts.js';
import { printErrorReport, printTemplate } from './commands/print-csv.js';
import { serveStack } from './commands/serve-stack.js';
import { showImports } from './commands/show-imports.js';
import { commandHelp, overallHelp } from './help-text.js';
import { API_KEY_ENV, type CommandName, parseCommandLine } from './parse-args.js';

const COMMAND_RUNNERS: Record<CommandName, Command> = {
  import: importFile,
  contacts: listContacts,
  'fields add': addCustomField,
  'fields list': listCustomFields,
  template: printTemplate,
  imports: showImports,
  errors: printErrorReport,
  'api-key create': createLocalApiKey,
  serve: serveStack,
};

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
};

/** What the person reads for an API answer that is not a success. */
const describeApiError = (error: ApiError): { message: string; exitCode: ExitCode } => {
  if (error.status === 401) {
    return {
      message: `the API needs an API key: pass --api-key KEY or set ${API_KEY_ENV}`,
      exitCode: EXIT.failure,
    };
  }
  if (error.status === 403) {
    return {
      message: `the API refused the API key (HTTP 403): check --api-key or ${API_KEY_ENV}`,
      exitCode: EXIT.failure,
    };
  }
  if (error.status === 400) return { message: error.message, exitCode: EXIT.usage };
  if (error.status >= 500) {
    return {
      message: `the API failed (HTTP ${error.status}: ${error.message}); try again later`,
      exitCode: EXIT.failure,
    };
  }
  return { message: error.message, exitCode: EXIT.failure };
};

const report = (error: unknown, io: CliIo): ExitCode => {
  // The reader of stdout went away (`| head`): nothing left to say to anyone.
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return EXIT.ok;
  if (error instanceof UsageError) {
    io.note(`contacts-import: ${error.message}`);
    io.note(`Run \`contacts-import ${error.command ? `${error.command} ` : ''}--help\` for usage.`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    io.note(`contacts-import: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    const { message, exitCode } = describeApiError(error);
    io.note(`contacts-import: ${message}`);
    return exitCode;
  }
  io.note(`contacts-import: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.CONTACTS_IMPORT_DEBUG) io.note(String((error as Error)?.stack));
  else io.note('Set CONTACTS_IMPORT_DEBUG=1 to see the stack trace.');
  return EXIT.failure;
};

export const runCli = async (argv: readonly string[], io: CliIo = createCliIo()): Promise<ExitCode> => {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'version') {
      await io.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (parsed.kind === 'help') {
      await io.write(`${parsed.command ? commandHelp(parsed.command) : overallHelp()}\n`);
      return EXIT.ok;
    }
    return await COMMAND_RUNNERS[parsed.command.name]({ args: parsed.args, options: parsed.options, io });
  } catch (error) {
    return report(error, io);
  }
};
