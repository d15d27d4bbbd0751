// The ID argument of `imports ID` and `errors ID`: an import id, read case-insensitively.

import { Argument } from 'commander';
import { isImportId } from '../shared/ids.js';
import { UsageError } from './cli-errors.js';

export const importIdArgument = (command: string, required = true): Argument =>
  new Argument(required ? '<ID>' : '[ID]', 'an import id, as `imports` lists them').argParser((value) => {
    const importId = value.toUpperCase();
    if (!isImportId(importId)) {
      throw new UsageError(
        `"${value}" is not an import id (26 letters and digits, as \`imports\` lists them)`,
        command,
      );
    }
    return importId;
  });
