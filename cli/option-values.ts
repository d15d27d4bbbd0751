// Builders of the options several commands share (--workspace, --json, --table) and the value checks of flags.

import { Option } from 'commander';
import { isWorkspaceId } from '../shared/auth/api-keys.js';
import { UsageError } from './cli-errors.js';

export const DEFAULT_WORKSPACE = 'default';

/**
 * An option that takes a value: commander takes the next word whatever it is, so `--mode --dry-run` would
 * read "--dry-run" as the mode. A value that is itself an option is refused instead.
 */
export const valueOption = (
  flags: string,
  description: string,
  parse: (value: string, previous: unknown) => unknown = (value) => value,
): Option => {
  const option = new Option(flags, description);
  return option.argParser((value: string, previous: unknown) => {
    if (/^--[a-z]/.test(value)) {
      throw new UsageError(`--${option.name()} needs a value; got the option "${value}"`);
    }
    return parse(value, previous);
  });
};

/** `--name VALUE` repeated: every value, in order. */
export const collect = (value: string, previous: unknown): string[] => [
  ...(Array.isArray(previous) ? (previous as string[]) : []),
  value,
];

export const workspaceOption = (description = `the local workspace (default "${DEFAULT_WORKSPACE}")`) =>
  valueOption('--workspace <W>', description, (value) => {
    if (!isWorkspaceId(value)) {
      throw new UsageError(`--workspace takes 1 to 64 letters, digits, "-" or "_"; got "${value}"`);
    }
    return value;
  });

export const jsonOption = () => new Option('--json', 'print JSON only, on stdout');

export const tableOption = () =>
  valueOption('--table <NAME>', "a deployed stack's table (its TableName output), with your AWS credentials");
