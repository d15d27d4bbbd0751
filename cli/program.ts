// The command line as commander reads it: the global options, one module per command, the help pages.

import { Command, Help, type Option } from 'commander';
import type { CliScope } from './cli-scope.js';
import { registerApiKeyCreateCommand } from './commands/api-key-create.js';
import { registerApiKeyListCommand } from './commands/api-key-list.js';
import { registerApiKeyRevokeCommand } from './commands/api-key-revoke.js';
import { registerCancelCommand } from './commands/cancel-import.js';
import { registerFieldsAddCommand } from './commands/fields-add.js';
import { registerFieldsListCommand } from './commands/fields-list.js';
import { registerImportCommand } from './commands/import-file.js';
import { registerContactsCommand } from './commands/list-contacts.js';
import { registerErrorsCommand } from './commands/print-errors.js';
import { registerTemplateCommand } from './commands/print-template.js';
import { registerProfilesDeleteCommand } from './commands/profiles-delete.js';
import { registerProfilesListCommand } from './commands/profiles-list.js';
import { registerProfilesPutCommand } from './commands/profiles-put.js';
import { registerRevertCommand } from './commands/revert-import.js';
import { registerServeCommand } from './commands/serve-stack.js';
import { registerSettingsSetCommand } from './commands/settings-set.js';
import { registerSettingsShowCommand } from './commands/settings-show.js';
import { registerImportsCommand } from './commands/show-imports.js';
import { API_KEY_ENV, API_ONLY_OPTIONS, addGlobalOptions, isLocalOnly } from './global-options.js';

const HELP_WIDTH = 110;

/** Every command a person can run, groups spelled out (`fields add`), in the order of the help. */
export const leafCommands = (program: Command): Array<{ name: string; command: Command }> =>
  program.commands.flatMap((command) =>
    command.commands.length === 0
      ? [{ name: command.name(), command }]
      : command.commands.map((sub) => ({ name: `${command.name()} ${sub.name()}`, command: sub })),
  );

/** Flags as the help shows them: `--mode MODE`, `--map "Header=field"` (commander writes `<MODE>`). */
const optionTerm = (option: Option): string => option.flags.replace(/<([^>]+)>/g, '$1');

const overallHelp = (program: Command, helper: Help): string => {
  const commands = leafCommands(program);
  const width = Math.max(...commands.map((c) => c.name.length));
  // The help option is every command's too; --version is the program's alone.
  const globals = helper.visibleOptions(program).filter((option) => option.long !== '--version');
  const flagWidth = Math.max(...globals.map((o) => optionTerm(o).length));
  return [
    'contacts-import: import contacts from CSV files into CustomerFlows',
    '',
    'Usage: contacts-import COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.command.summary()}`),
    '',
    'Options of every command:',
    ...globals.map((o) => `  ${optionTerm(o).padEnd(flagWidth)}  ${helper.optionDescription(o)}`),
    '',
    'Without --api the commands run on the local stack: the one `contacts-import serve` runs on the',
    `same --data-dir, else one started for the command and stopped after it. With --api URL they talk`,
    `to a deployed API, with --api-key KEY or ${API_KEY_ENV}.`,
    '',
    'Exit codes: 0 done, 1 failed (a failed or cancelled import, an unreachable API, a refused key), 2 bad usage,',
    '3 stopped waiting for an import that goes on (`import --timeout`, or no progress), 130 Ctrl-C, 143 SIGTERM.',
    'Run `contacts-import COMMAND --help` for the options of one command.',
    '',
  ].join('\n');
};

class CliHelp extends Help {
  override helpWidth = HELP_WIDTH;
  override showGlobalOptions = true;

  override optionTerm(option: Option): string {
    return optionTerm(option);
  }

  /** A local-only command takes none of the --api options: its help does not offer them. */
  override visibleGlobalOptions(cmd: Command): Option[] {
    const globals = super.visibleGlobalOptions(cmd).filter((o) => o.long !== '--version');
    return isLocalOnly(cmd) ? globals.filter((o) => !API_ONLY_OPTIONS.has(o.attributeName())) : globals;
  }

  override formatHelp(cmd: Command, helper: Help): string {
    return cmd.parent ? super.formatHelp(cmd, helper) : overallHelp(cmd, helper);
  }
}

/** Commander's documented way to a help of one's own: every command of the program creates its help so. */
class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new CliHelp(), this.configureHelp());
  }
}

/** A command of two words' first word: `fields`, `api-key`. */
const group = (program: Command, name: string, summary: string): Command =>
  program
    .command(name)
    .summary(summary)
    .description(`${summary.charAt(0).toUpperCase()}${summary.slice(1)}.`);

export interface Program {
  program: Command;
  /** The command whose line is being read: where a usage error points for help. */
  reached(): Command;
}

export const createProgram = (scope: CliScope, version: string, output: (text: string) => void): Program => {
  const program = new CliCommand('contacts-import');
  let reached: Command = program;
  const track = (command: Command) =>
    command.hook('preSubcommand', (_parent, sub) => {
      reached = sub;
    });
  program
    .usage('COMMAND [options]')
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false)
    .version(version, '--version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: output,
      // Errors are said once, in the CLI's words (run-cli.ts); the help commander adds to them is left out.
      writeErr: () => undefined,
      outputError: () => undefined,
    });
  addGlobalOptions(program);
  track(program);

  registerImportCommand(program, scope);
  registerContactsCommand(program, scope);
  const fields = track(group(program, 'fields', 'custom fields: add one, list them'));
  registerFieldsAddCommand(fields, scope);
  registerFieldsListCommand(fields, scope);
  const settings = track(group(program, 'settings', "the workspace's import settings: show, set"));
  registerSettingsShowCommand(settings, scope);
  registerSettingsSetCommand(settings, scope);
  const profiles = track(group(program, 'profiles', "the workspace's import profiles: list, put, delete"));
  registerProfilesListCommand(profiles, scope);
  registerProfilesPutCommand(profiles, scope);
  registerProfilesDeleteCommand(profiles, scope);
  registerTemplateCommand(program, scope);
  registerImportsCommand(program, scope);
  registerErrorsCommand(program, scope);
  registerCancelCommand(program, scope);
  registerRevertCommand(program, scope);
  const keys = track(group(program, 'api-key', 'API keys of a workspace: create, list, revoke'));
  registerApiKeyCreateCommand(keys, scope);
  registerApiKeyListCommand(keys, scope);
  registerApiKeyRevokeCommand(keys, scope);
  registerServeCommand(program, scope);
  return { program, reached: () => reached };
};
