// The options an import runs with (SPEC §11 precedence): the options given explicitly, else the named profile's,
// else those remembered for the file's header row, else the workspace's settings, else the built-in defaults.
// Each option is taken whole from the first layer that sets it (a mapping given replaces a remembered one).
// Validated by the schema, the mapping checked against the workspace's fields.

import type { CustomField } from '../domain/fields.js';
import { validateMapping } from '../domain/map-headers.js';
import { DEFAULT_VALUE_FORMAT } from '../domain/parse-custom-value.js';
import type { WorkspaceSettings } from '../settings/workspace-settings.js';
import {
  FALLBACK_COUNTRY,
  type ImportOptionName,
  type ImportOptions,
  type ImportOptionsInput,
  type ResolvedImportOptions,
} from './import-option-schema.js';
import { validateImportOptions } from './read-import-options.js';

/** The layers of an import's options, highest first; each holds only the options it sets. */
export interface OptionLayers {
  /** What the way in gave: API JSON or query, CLI flags, drop metadata. */
  explicit: ImportOptionsInput;
  /** The options of the profile the import named (or its drop's folder did). */
  profile?: Partial<ImportOptions>;
  /** The options remembered for the file's header row: known once the header is read. */
  remembered?: Partial<ImportOptions>;
  /** The workspace's settings (and, once resolved, whatever fell back to a default). */
  workspace?: WorkspaceSettings | Partial<ImportOptions>;
}

/** The options a layer sets: those present with a value. */
export const setOptions = <T extends object>(layer: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(layer ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;

/** Which layer each option of the result came from; absent: the built-in default. */
export type OptionSources = Partial<
  Record<ImportOptionName, 'explicit' | 'profile' | 'remembered' | 'workspace'>
>;

export const optionSources = (layers: OptionLayers): OptionSources => {
  const sources: OptionSources = {};
  const order = ['workspace', 'remembered', 'profile', 'explicit'] as const;
  for (const layer of order) {
    for (const name of Object.keys(setOptions(layers[layer]))) sources[name as ImportOptionName] = layer;
  }
  return sources;
};

export const resolveImportOptions = (
  layers: OptionLayers,
  customFields: CustomField[],
): ResolvedImportOptions => {
  const options = validateImportOptions({
    ...setOptions(layers.workspace),
    ...setOptions(layers.remembered),
    ...setOptions(layers.profile),
    ...setOptions(layers.explicit),
  } as ImportOptionsInput);
  if (options.mapping) validateMapping(options.mapping, customFields);
  return {
    ...options,
    defaultCountry: options.defaultCountry ?? FALLBACK_COUNTRY,
    dateFormat: options.dateFormat ?? DEFAULT_VALUE_FORMAT.dateFormat,
    decimalSeparator: options.decimalSeparator ?? DEFAULT_VALUE_FORMAT.decimalSeparator,
  };
};

/**
 * The layers of options resolved already, from the sources kept with them: what came from the workspace or the
 * defaults is one layer below the remembered settings, which are known only once the header is read.
 */
export const layersOfResolved = (options: ResolvedImportOptions, sources: OptionSources): OptionLayers => {
  const pick = (wanted: (source: OptionSources[ImportOptionName]) => boolean) =>
    Object.fromEntries(
      Object.entries(setOptions(options)).filter(([name]) => wanted(sources[name as ImportOptionName])),
    );
  return {
    explicit: pick((source) => source === 'explicit') as ImportOptionsInput,
    profile: pick((source) => source === 'profile'),
    workspace: pick((source) => source !== 'explicit' && source !== 'profile'),
  };
};
