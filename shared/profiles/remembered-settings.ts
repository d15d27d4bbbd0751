// What a workspace remembers of the last completed import of a header row (SPEC §11), for the next such file.

import type { ImportOptionName, ImportOptions } from '../options/import-option-schema.js';
import { IMPORT_OPTIONS } from '../options/import-option-schema.js';

/**
 * The options remembered: the mapping and the update rules. Not the mode (create-only once is no standing rule),
 * nor how the file was read (encoding, delimiter, sheet: detected again), nor the dry run.
 */
const WANTED: readonly string[] = ['mapping', 'overwrite', 'blankCells', 'tagMode'];

export const REMEMBERED_OPTION_NAMES: readonly ImportOptionName[] = WANTED.filter(
  (name): name is ImportOptionName => Object.hasOwn(IMPORT_OPTIONS, name),
);

export type RememberedOptions = Partial<ImportOptions>;

export interface RememberedSettings {
  /** The import they are remembered from, and when it completed. */
  importId: string;
  finishedAt: string;
  options: RememberedOptions;
}

/** The remembered options of an import's options in force: those set (a default value is remembered too). */
export const rememberedOptionsOf = (options: Partial<ImportOptions>): RememberedOptions =>
  Object.fromEntries(
    REMEMBERED_OPTION_NAMES.flatMap((name) => (options[name] !== undefined ? [[name, options[name]]] : [])),
  ) as RememberedOptions;

/** Whether remembered options would change anything of the defaults: no mapping and default rules do not. */
export const changesDefaults = (options: RememberedOptions): boolean =>
  REMEMBERED_OPTION_NAMES.some((name) => {
    const value = options[name];
    if (value === undefined) return false;
    if (name === 'mapping') return Object.keys(value as object).length > 0;
    const fallback = IMPORT_OPTIONS[name].schema.safeParse(undefined);
    return !fallback.success || fallback.data !== value;
  });
