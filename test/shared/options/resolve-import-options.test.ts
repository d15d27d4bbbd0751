// SPEC §11 precedence, option by option: explicit options > profile > remembered > workspace settings > defaults.

import { describe, expect, it } from 'vitest';
import { isImportError } from '../../../shared/errors.js';
import { IMPORT_OPTIONS, type ImportOptionName } from '../../../shared/options/import-option-schema.js';
import {
  layersOfResolved,
  optionSources,
  resolveImportOptions,
} from '../../../shared/options/resolve-import-options.js';
import { PROFILE_OPTION_NAMES } from '../../../shared/profiles/import-profile.js';
import { REMEMBERED_OPTION_NAMES } from '../../../shared/profiles/remembered-settings.js';
import { SETTING_NAMES } from '../../../shared/settings/workspace-settings.js';

/** Three distinct values of each option (as the schema normalises them) and its built-in default. */
const SAMPLES: Record<string, { values: [unknown, unknown, unknown, unknown]; fallback: unknown }> = {
  mode: { values: ['create_only', 'update_only', 'upsert', 'create_only'], fallback: 'upsert' },
  defaultCountry: { values: ['GB', 'DE', 'FR', 'ES'], fallback: 'US' },
  mapping: {
    values: [{ A: 'email' }, { B: 'email' }, { C: 'email' }, { D: 'email' }],
    fallback: undefined,
  },
  overwrite: { values: ['never', 'if_empty', 'never', 'if_empty'], fallback: 'always' },
  blankCells: { values: ['clear', 'clear', 'clear', 'clear'], fallback: 'ignore' },
  tagMode: { values: ['replace', 'remove', 'replace', 'remove'], fallback: 'append' },
  encoding: { values: ['utf-16le', 'windows-1252', 'utf-16be', 'utf-8'], fallback: undefined },
  delimiter: { values: [';', '|', '\t', ','], fallback: undefined },
  sheet: { values: ['Contacts', 2, 'Leads', 3], fallback: undefined },
  dateFormat: { values: ['DMY', 'MDY', 'DMY', 'MDY'], fallback: 'YMD' },
  decimalSeparator: { values: [',', ',', ',', ','], fallback: '.' },
  invalidCells: { values: ['cell', 'cell', 'cell', 'cell'], fallback: 'row' },
};

const declared = (name: string) => Object.hasOwn(IMPORT_OPTIONS, name);
const isWorkspaceSetting = (name: string) => (SETTING_NAMES as readonly string[]).includes(name);
const isRemembered = (name: string) => (REMEMBERED_OPTION_NAMES as readonly string[]).includes(name);

describe('which layer an option is taken from (SPEC §11)', () => {
  it('has samples for every option a profile may hold', () => {
    for (const name of PROFILE_OPTION_NAMES) expect(SAMPLES, name).toHaveProperty(name);
  });

  for (const [name, { values, fallback }] of Object.entries(SAMPLES)) {
    const [explicitValue, profileValue, rememberedValue, workspaceValue] = values;
    const resolve = (layers: Record<string, unknown>) =>
      resolveImportOptions(
        {
          explicit: layers.explicit ? { [name]: layers.explicit } : {},
          ...(layers.profile ? { profile: { [name]: layers.profile } } : {}),
          ...(layers.remembered ? { remembered: { [name]: layers.remembered } } : {}),
          ...(layers.workspace ? { workspace: { [name]: layers.workspace } } : {}),
        },
        [],
      )[name as ImportOptionName];
    const all = {
      explicit: explicitValue,
      profile: profileValue,
      remembered: isRemembered(name) ? rememberedValue : undefined,
      workspace: isWorkspaceSetting(name) ? workspaceValue : undefined,
    };

    describe(name, () => {
      it.skipIf(!declared(name))('takes the explicit value over every other layer', () => {
        expect(resolve(all)).toEqual(explicitValue);
      });
      it.skipIf(!declared(name))(
        "takes the profile's value over remembered settings and the workspace's",
        () => {
          expect(resolve({ ...all, explicit: undefined })).toEqual(profileValue);
        },
      );
      it.skipIf(!declared(name) || !isRemembered(name))(
        "takes the remembered value over the workspace's settings and the default",
        () => {
          expect(resolve({ ...all, explicit: undefined, profile: undefined })).toEqual(rememberedValue);
        },
      );
      it.skipIf(!declared(name) || !isWorkspaceSetting(name))(
        "takes the workspace's setting over the default",
        () => {
          expect(resolve({ workspace: workspaceValue })).toEqual(workspaceValue);
        },
      );
      it.skipIf(!declared(name))('falls back to the built-in default when no layer sets it', () => {
        expect(resolve({})).toEqual(fallback);
      });
    });
  }
});

describe('resolving the options an import runs with', () => {
  it('takes a whole mapping from one layer: an explicit mapping replaces a remembered one', () => {
    const options = resolveImportOptions(
      {
        explicit: { mapping: { Email: 'email' } },
        remembered: { mapping: { Notes: 'ignore', Mail: 'email' } },
      },
      [],
    );
    expect(options.mapping).toEqual({ Email: 'email' });
  });

  it('reads explicit values as a way in gave them (dashes, lower case)', () => {
    const options = resolveImportOptions({ explicit: { mode: 'create-only', defaultCountry: 'gb' } }, []);
    expect(options).toMatchObject({ mode: 'create_only', defaultCountry: 'GB' });
  });

  it('checks the mapping in force against the workspace s fields', () => {
    let error: unknown;
    try {
      resolveImportOptions({ explicit: {}, profile: { mapping: { Size: 'shoe_size' } } }, []);
    } catch (caught) {
      error = caught;
    }
    expect(isImportError(error, 'unknown_field')).toBe(true);
    const field = { key: 'shoe_size', label: 'Shoe size', type: 'number' as const };
    expect(resolveImportOptions({ explicit: { mapping: { Size: 'shoe_size' } } }, [field]).mapping).toEqual({
      Size: 'shoe_size',
    });
  });

  it('says where each option came from, so remembered settings later replace only the lower layers', () => {
    // Prepare
    const layers = {
      explicit: { mode: 'update-only' as const },
      profile: { mapping: { Mail: 'email' }, delimiter: ';' as const },
      workspace: { defaultCountry: 'FR' },
    };
    // Act
    const sources = optionSources(layers);
    const resolved = resolveImportOptions(layers, []);
    const again = resolveImportOptions(
      { ...layersOfResolved(resolved, sources), remembered: { mapping: { Other: 'email' }, mode: 'upsert' } },
      [],
    );
    // Assess
    expect(sources).toEqual({
      mode: 'explicit',
      mapping: 'profile',
      delimiter: 'profile',
      defaultCountry: 'workspace',
    });
    expect(again).toMatchObject({
      mode: 'update_only',
      mapping: { Mail: 'email' },
      delimiter: ';',
      defaultCountry: 'FR',
    });
  });

  it('lets remembered settings replace what came from the workspace or a default', () => {
    const resolved = resolveImportOptions({ explicit: {}, workspace: { defaultCountry: 'FR' } }, []);
    const sources = optionSources({ explicit: {}, workspace: { defaultCountry: 'FR' } });
    const again = resolveImportOptions(
      { ...layersOfResolved(resolved, sources), remembered: { mapping: { Mail: 'email' } } },
      [],
    );
    expect(again).toMatchObject({ mapping: { Mail: 'email' }, defaultCountry: 'FR', mode: 'upsert' });
  });
});
