// The import options as flags: declared by the one options module (shared/options), which also reads their
// values (one boolean and one mode spelling rule for every way in); a refused value is a usage error.

import { type Command, Option } from 'commander';
import { isImportError } from '../shared/errors.js';
import { IMPORT_OPTION_DESCRIPTORS, type ImportOptionName } from '../shared/options/import-option-schema.js';
import { type GivenImportOptions, importOptionsFromFlags } from '../shared/options/read-import-options.js';
import { UsageError } from './cli-errors.js';
import { collect, valueOption } from './option-values.js';

/** commander's values of the import flags (`dryRun: true`, `map: ['A=email']`), read by shared/options. */
export type ImportFlags = Record<string, unknown>;

/** One flag per import option (or per option named), as the options module names and describes it. */
export const addImportFlags = (command: Command, names?: readonly ImportOptionName[]): Command => {
  for (const option of IMPORT_OPTION_DESCRIPTORS) {
    if (names && !names.includes(option.name)) continue;
    if (option.text === 'boolean') command.addOption(new Option(`--${option.flag}`, option.help));
    else
      command.addOption(
        valueOption(
          `--${option.flag} <${option.valueName ?? 'VALUE'}>`,
          option.help,
          option.parseList ? collect : undefined,
        ),
      );
  }
  return command;
};

/** Only the options given: the API's defaults (and the workspace's) apply to the rest. */
export const importOptionsOfFlags = (flags: ImportFlags, command = 'import'): GivenImportOptions => {
  try {
    return importOptionsFromFlags(flags);
  } catch (error) {
    if (isImportError(error, 'invalid_request')) throw new UsageError(error.message, command);
    throw error;
  }
};
